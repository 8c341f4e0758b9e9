import { useEffect, useId, useState } from 'react';
import type { AuditTrailEntry } from '../../../shared/domain/audit.js';
import { isAdmin, useSession } from '../../stores/session.js';
import { AUDIT_PAGE_SIZE, useAudit } from '../../stores/audit.js';
import { Alert } from '../Alert.js';
import { Button } from '../Button.js';
import { DataTable } from '../DataTable.js';
import { Spinner } from '../Spinner.js';
import { When } from '../When.js';
import { AuditAnchorPanel } from './AuditAnchorPanel.js';
import { AuditEntryDialog } from './AuditEntryDialog.js';
import { AuditFilters } from './AuditFilters.js';
import { actionLabel, personLabel, subjectLabel, summaryOf } from './audit-words.js';
import '../../styles/audit.css';

/**
 * Settings → Audit trail, for administrators and reviewers: who did what, to which patient's
 * documents, when. Nothing of the trail is shown until the person searches: an administrator
 * visiting Settings for something else has not looked at it. The first search opens it, and is
 * recorded; paging and searching again with the same filters are not new looks.
 */
export function AuditTrailPanel() {
  const id = useId();
  const user = useSession((s) => s.user);
  const allowed = user?.role === 'admin' || user?.role === 'reviewer';
  const state = useAudit();
  const [open, setOpen] = useState<AuditTrailEntry | null>(null);

  useEffect(() => {
    if (!allowed) return;
    useAudit.getState().prepare();
    return () => useAudit.getState().close();
  }, [allowed]);

  if (!allowed) return null;
  const { entries, total, pageStarts, nextBefore, loading } = state;
  const first = (pageStarts.length - 1) * AUDIT_PAGE_SIZE + 1;
  const shown = entries?.length ?? 0;

  return (
    <section className="panel audit-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Audit trail</h2>
      <p className="panel-intro">Every sign-in, every look at a document and every change, with the person and the time. The trail names patients: what you search and export is recorded too.</p>
      <AuditFilters applied={state.filter} options={state.options} errors={state.filterErrors} busy={loading} onSearch={(f) => void state.search(f)} />
      {state.error ? (
        <Alert
          action={
            <Button size="sm" onClick={() => void state.search(state.filter)}>
              Try again
            </Button>
          }
        >
          {state.error}
        </Alert>
      ) : null}
      {state.notice ? <Alert tone={state.notice.tone}>{state.notice.text}</Alert> : null}

      <div className="audit-bar">
        <p className="audit-count" role="status">
          {entries === null
            ? loading
              ? ''
              : 'Search to see the entries (with no filters: all of them, newest first).'
            : total === 0
              ? 'No entries match.'
              : `Entries ${first.toLocaleString()}–${(first + shown - 1).toLocaleString()} of ${total.toLocaleString()}, newest first`}
        </p>
        <div className="audit-bar-actions">
          <Button size="sm" icon="download" busy={state.exporting === 'csv'} disabled={total === 0 || state.exporting !== null} onClick={() => void state.exportAs('csv')}>
            Export CSV
          </Button>
          <Button
            size="sm"
            icon="download"
            busy={state.exporting === 'fhir'}
            disabled={total === 0 || state.exporting !== null}
            onClick={() => void state.exportAs('fhir')}
            title="FHIR R4 AuditEvent resources in a Bundle (JSON)"
          >
            Export FHIR
          </Button>
        </div>
      </div>

      {entries === null ? (
        loading ? (
          <Spinner label="Loading the audit trail…" />
        ) : null
      ) : entries.length === 0 ? null : (
        <DataTable
          className="table table-compact table-interactive audit-table"
          aria-label="Audit entries, newest first"
          aria-busy={loading || undefined}
          columns={[{ label: '#', num: true }, 'When', 'Who', 'Action', 'About']}
        >
          {entries.map((e) => (
            <tr key={e.seq} onClick={() => setOpen(e)}>
              <td className="num">
                <button
                  type="button"
                  className="link-button mono"
                  aria-label={`Open entry ${e.seq}: ${actionLabel(e.action)}`}
                  onClick={(ev) => {
                    ev.stopPropagation();
                    setOpen(e);
                  }}
                >
                  {e.seq}
                </button>
              </td>
              <td className="nowrap">
                <When iso={e.at} />
              </td>
              <td className="audit-cell-person">{personLabel(e)}</td>
              <td className="nowrap">{actionLabel(e.action)}</td>
              <td className="audit-cell-about">
                {e.subject ? <span className="mono">{subjectLabel(e.subject)}</span> : null}
                {summaryOf(e) ? (
                  <span className="audit-summary" title={summaryOf(e)}>
                    {summaryOf(e)}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      {entries && (pageStarts.length > 1 || nextBefore !== null) ? (
        <nav className="audit-pager" aria-label="Pages of the audit trail">
          <Button size="sm" icon="back" disabled={pageStarts.length < 2 || loading} onClick={() => void state.newer()}>
            Newer
          </Button>
          <Button size="sm" disabled={nextBefore === null || loading} onClick={() => void state.older()}>
            Older
          </Button>
        </nav>
      ) : null}

      {isAdmin(user) ? <AuditAnchorPanel /> : null}
      {open ? <AuditEntryDialog entry={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
