import { useEffect, useId, useRef } from 'react';
import type { AuditTrailEntry } from '../../../shared/domain/audit.js';
import { formatFull } from '../../lib/format.js';
import { IconButton } from '../Button.js';
import { actionLabel, changesOf, fieldLabel, personLabel, subjectLabel, valueText } from './audit-words.js';

/** One entry of the trail in full: who, what, about what, the before and after values, its place in the chain. */
export function AuditEntryDialog({ entry, onClose }: { entry: AuditTrailEntry; onClose(): void }) {
  const id = useId();
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.focus();
    return () => previous?.focus();
  }, []);

  const changes = changesOf(entry.details);
  const others = Object.entries(entry.details).filter(([key]) => !changes || (key !== 'before' && key !== 'after'));

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialogRef}
        className="dialog audit-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Tab') {
            // Only the close button takes focus: keep it there.
            e.preventDefault();
            dialogRef.current?.querySelector<HTMLElement>('button')?.focus();
          }
        }}
      >
        <header className="dialog-header">
          <h2 id={`${id}-title`}>
            Audit entry {entry.seq}: {actionLabel(entry.action)}
          </h2>
          <IconButton icon="close" aria-label="Close" onClick={onClose} />
        </header>
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
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
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
      </div>
    </div>
  );
}
