import { useEffect, useState, type FormEvent } from 'react';
import type { DeliveredDocument, DeliveredStatus } from '../../shared/domain/corrections.js';
import { Alert } from '../components/Alert.js';
import { Badge, type Tone } from '../components/Badge.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ReasonDialog } from '../components/ReasonDialog.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { When } from '../components/When.js';
import { listSelectionLegend, useListSelection } from '../lib/list-selection.js';
import { type FindFilter, useCorrections } from '../stores/corrections.js';
import { useStoreFields } from '../stores/fields.js';
import { navigate } from '../stores/router.js';
import '../styles/corrections.css';
import { type EmptyList, ListLoadState } from './ListLoadState.js';

export const statusLabels: Record<DeliveredStatus, { text: string; tone: Tone }> = {
  delivered: { text: 'Delivered', tone: 'success' },
  'not-delivered': { text: 'Not delivered yet', tone: 'neutral' },
  'under-correction': { text: 'Being corrected', tone: 'warning' },
  replaced: { text: 'Replaced', tone: 'accent' },
  retracted: { text: 'Entered in error', tone: 'danger' },
};

const noMatch: EmptyList = {
  icon: 'restore',
  title: 'No document matches',
  text: "Search by a patient's MRN or name, a date of service, a document type or a batch (B-000123). Only confirmed documents are listed.",
};

type Asking = { document: DeliveredDocument; kind: 'replace' | 'retract' } | null;

/**
 * Corrections (G C), for reviewers and administrators: find a delivered document by patient,
 * MRN, date of service, type or batch, and correct it (its replacement is sent where it went,
 * replacing it there) or mark it entered in error. Documents filed under an MRN a patient merge
 * retired are listed here for a one-step correction.
 */
export function Corrections() {
  const { documents, loaded, error, notice, acting, filter } = useStoreFields(useCorrections, 'documents', 'loaded', 'error', 'notice', 'acting', 'filter');
  const { find, start, say, loadTypes, followMerge } = useCorrections.getState();
  const [asking, setAsking] = useState<Asking>(null);

  useEffect(() => {
    void find();
    void loadTypes();
    return () => say(null);
  }, [find, loadTypes, say]);

  const act = (doc: DeliveredDocument | undefined) => {
    if (!doc) return;
    if (doc.correctionId && doc.status === 'under-correction') navigate({ name: 'correction', correctionId: doc.correctionId });
    else if (doc.status === 'delivered') setAsking({ document: doc, kind: 'replace' });
  };
  const [selected, setSelected] = useListSelection(documents.length, (i) => act(documents[i]), { enabled: !asking });
  const chosen = documents[selected];

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Corrections</h1>
        <p className="screen-intro">
          Find a delivered document and correct it: the corrected document is checked like any other and replaces the one at the repository, which is marked entered in error.
        </p>
      </header>
      <div className="screen-body cr-body">
        <FindForm filter={filter} onFind={(f) => void find(f)} />
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
        <ListLoadState list={{ items: documents, loaded, error }} reload={find} loading="Finding documents…" empty={noMatch}>
          {() => (
            <DataTable
              className="table table-interactive cr-table"
              aria-label="Documents found, newest first"
              columns={['Patient', 'Type', 'Date of service', 'Batch', 'Confirmed', 'State', { label: 'Actions', hidden: true }]}
            >
              {documents.map((doc, i) => (
                <tr key={doc.documentId} aria-selected={doc === chosen} onClick={() => setSelected(i)}>
                  <td>
                    {doc.patient ? <span className="cr-name">{doc.patient.name}</span> : <span className="muted">Not in the index</span>}
                    <span className="mono small cr-mrn">MRN {doc.mrn}</span>
                    {doc.mergedInto ? (
                      <Badge tone="warning" title={`A patient merge retired this MRN; the patient is now ${doc.mergedInto}.`}>
                        Filed under a merged MRN → {doc.mergedInto}
                      </Badge>
                    ) : null}
                  </td>
                  <td>{doc.docType?.display ?? <span className="muted">—</span>}</td>
                  <td className="mono">{doc.dateOfService ?? '—'}</td>
                  <td className="mono">{doc.batchLabel ?? '—'}</td>
                  <td>{doc.confirmedAt ? <When iso={doc.confirmedAt} /> : '—'}</td>
                  <td>
                    <Badge tone={statusLabels[doc.status].tone}>{statusLabels[doc.status].text}</Badge>
                    {doc.replaces ? <span className="muted small cr-note">a correction</span> : null}
                  </td>
                  <td>
                    <div className="cr-actions">
                      {doc.status === 'under-correction' || (doc.correctionId && doc.status !== 'delivered') ? (
                        <Button size="sm" onClick={() => navigate({ name: 'correction', correctionId: doc.correctionId! })}>
                          Open correction
                        </Button>
                      ) : doc.status === 'delivered' ? (
                        <>
                          {doc.mergedInto ? (
                            <Button
                              size="sm"
                              variant="primary"
                              disabled={acting}
                              title="One step: the corrected document is filed under the surviving MRN and sent (after a second reviewer, if the rules say so)."
                              onClick={() => void followMerge(doc.documentId).then((id) => id && navigate({ name: 'correction', correctionId: id }))}
                            >
                              File under {doc.mergedInto}
                            </Button>
                          ) : null}
                          <Button size="sm" disabled={acting} onClick={() => setAsking({ document: doc, kind: 'replace' })}>
                            Correct…
                          </Button>
                          <Button size="sm" variant="ghost" disabled={acting} onClick={() => setAsking({ document: doc, kind: 'retract' })}>
                            Entered in error…
                          </Button>
                        </>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </ListLoadState>
      </div>
      {asking ? (
        <ReasonDialog
          title={asking.kind === 'replace' ? 'Correct a delivered document' : 'Mark entered in error'}
          label="Reason"
          hint="Recorded in the audit trail with your name; not sent to the repository."
          submitLabel={asking.kind === 'replace' ? 'Reopen for correction' : 'Mark entered in error'}
          tone={asking.kind === 'replace' ? 'primary' : 'danger'}
          onClose={() => setAsking(null)}
          onSubmit={async (reason) => {
            const id = await start(asking.document.documentId, reason, asking.kind);
            if (!id) return { ok: false, message: useCorrections.getState().notice?.text ?? 'It could not be done.' };
            navigate({ name: 'correction', correctionId: id });
            return { ok: true };
          }}
        >
          <p className="small">
            {asking.kind === 'replace'
              ? `The document is reopened as a correction: change its patient, type, date or pages, then send it. It replaces the delivered one at ${targetsOf(asking.document)}.`
              : `The document is withdrawn at ${targetsOf(asking.document)} with nothing in its place. Use this for a document that belongs to no patient of this hospital.`}
          </p>
        </ReasonDialog>
      ) : null}
      <ShortcutLegend items={listSelectionLegend('Choose a document', 'Correct it')} />
    </div>
  );
}

const targetsOf = (doc: DeliveredDocument) => {
  const targets = [...new Set(doc.deliveries.filter((d) => d.state === 'delivered').map((d) => d.targetId))];
  return targets.length === 1 ? `the target ${targets[0]}` : `the targets ${targets.join(', ')}`;
};

function FindForm({ filter, onFind }: { filter: FindFilter; onFind(filter: FindFilter): void }) {
  const types = useCorrections((s) => s.types);
  const [draft, setDraft] = useState<FindFilter>(filter);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const clean = Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== '' && v !== undefined)) as FindFilter;
    onFind(clean);
  };
  const text = (key: 'patient' | 'batch', label: string, placeholder: string) => (
    <label className="rv-filter cr-filter-wide">
      <span>{label}</span>
      <input className="input" value={draft[key] ?? ''} placeholder={placeholder} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </label>
  );
  return (
    <form className="rv-filters" aria-label="Find documents" onSubmit={submit}>
      {text('patient', 'Patient or MRN', 'MRN or name')}
      <label className="rv-filter">
        <span>Service from</span>
        <input className="input" type="date" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })} />
      </label>
      <label className="rv-filter">
        <span>Service to</span>
        <input className="input" type="date" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })} />
      </label>
      <label className="rv-filter">
        <span>Type</span>
        <select className="input" value={draft.docTypeCode ?? ''} onChange={(e) => setDraft({ ...draft, docTypeCode: e.target.value || undefined })}>
          <option value="">Any type</option>
          {types.map((t) => (
            <option key={t.code} value={t.code}>
              {t.display}
            </option>
          ))}
        </select>
      </label>
      {text('batch', 'Batch', 'B-000123')}
      <label className="rv-filter rv-filter-check">
        <input type="checkbox" checked={draft.deliveredOnly ?? true} onChange={(e) => setDraft({ ...draft, deliveredOnly: e.target.checked })} />
        <span>Delivered only</span>
      </label>
      <label className="rv-filter rv-filter-check">
        <input type="checkbox" checked={draft.mergedOnly ?? false} onChange={(e) => setDraft({ ...draft, mergedOnly: e.target.checked })} />
        <span>Filed under a merged MRN</span>
      </label>
      <Button type="submit" size="sm" variant="primary">
        Find
      </Button>
    </form>
  );
}
