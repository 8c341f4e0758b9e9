import type { AuditTrailEntry } from '../../../shared/domain/audit.js';
import { formatFull } from '../../lib/format.js';
import { TableHead } from '../DataTable.js';
import { Dialog } from '../Dialog.js';
import { actionLabel, changesOf, fieldLabel, personLabel, subjectLabel, valueText } from './audit-words.js';

/** One entry of the trail in full: who, what, about what, the before and after values, its place in the chain. */
export function AuditEntryDialog({ entry, onClose }: { entry: AuditTrailEntry; onClose(): void }) {
  const changes = changesOf(entry.details);
  const others = Object.entries(entry.details).filter(([key]) => !changes || (key !== 'before' && key !== 'after'));

  return (
    <Dialog
      title={
        <>
          Audit entry {entry.seq}: {actionLabel(entry.action)}
        </>
      }
      className="dialog audit-dialog"
      onClose={onClose}
    >
      <div className="dialog-body audit-dialog-body">
        <dl className="audit-facts">
          <dt>When</dt>
          <dd>
            <time dateTime={entry.at}>{formatFull(entry.at)}</time>
          </dd>
          <dt>Who</dt>
          <dd>
            {personLabel(entry)}
            {entry.user && entry.user.id && entry.user.id !== entry.user.name ? <span className="muted"> (account {entry.user.id})</span> : null}
          </dd>
          <dt>Action</dt>
          <dd>
            {actionLabel(entry.action)} <code className="muted">{entry.action}</code>
          </dd>
          {entry.subject ? (
            <>
              <dt>About</dt>
              <dd className="mono">{subjectLabel(entry.subject)}</dd>
            </>
          ) : null}
        </dl>

        {changes ? (
          <table className="table table-compact audit-changes" aria-label="Values before and after">
            <TableHead columns={['Field', 'Before', 'After']} />
            <tbody>
              {changes.map((c) => {
                const changed = JSON.stringify(c.before) !== JSON.stringify(c.after);
                return (
                  <tr key={c.field} className={changed ? 'is-changed' : undefined}>
                    <th scope="row">{fieldLabel(c.field)}</th>
                    <td className="mono">{valueText(c.before)}</td>
                    <td className="mono">{valueText(c.after)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}

        {others.length > 0 ? (
          <table className="table table-compact audit-details" aria-label="Details">
            <tbody>
              {others.map(([key, value]) => (
                <tr key={key}>
                  <th scope="row">{fieldLabel(key)}</th>
                  <td className="mono">{valueText(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : changes ? null : (
          <p className="muted small">No further details were recorded.</p>
        )}

        <p className="audit-hash small muted">
          Chain: entry {entry.seq}, <span className="mono">{entry.hash}</span>
        </p>
      </div>
    </Dialog>
  );
}
