import { useEffect, useState, type FormEvent } from 'react';
import type { BoxStatus, ReviewQueueFilter } from '../../shared/domain/review.js';
import { Alert } from '../components/Alert.js';
import { Badge } from '../components/Badge.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { OverrideRequestsPanel } from '../components/OverrideRequestsPanel.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { When } from '../components/When.js';
import { plural } from '../lib/format.js';
import { listSelectionLegend, useListSelection } from '../lib/list-selection.js';
import { useReview } from '../stores/review.js';
import { useStoreFields } from '../stores/fields.js';
import { navigate } from '../stores/router.js';
import { type EmptyList, ListLoadState } from './ListLoadState.js';

const nothingToReview: EmptyList = {
  icon: 'review',
  title: 'Nothing to review',
  text: 'When a clerk confirms a document that falls in the review sample, its batch appears here. Approved documents are delivered; rejected ones go back to the clerk with your reason.',
};
const noMatch: EmptyList = { icon: 'review', title: 'No batch matches these filters', text: 'Clear the filters to see every batch awaiting review.' };

/**
 * QC review: batches with confirmed documents awaiting a reviewer, oldest first, filtered by
 * operator, date, project/box and flags; and the back-scanning boxes a reviewer verifies.
 */
export function ReviewQueue() {
  const { entries, policy, loaded, error, filter, notice } = useStoreFields(useReview, 'entries', 'policy', 'loaded', 'error', 'filter', 'notice');
  const { load, loadBoxes, setFilter, say } = useReview.getState();

  useEffect(() => {
    void load();
    void loadBoxes();
    return () => say(null);
  }, [load, loadBoxes, say]);

  const open = (batchId: string | undefined) => batchId && navigate({ name: 'review-batch', batchId, documentId: null });

  const [selected, setSelected] = useListSelection(entries.length, (i) => open(entries[i]?.batchId));

  const awaiting = entries.reduce((n, e) => n + e.awaiting, 0);
  return (
    <div className="screen">
      <header className="screen-header">
        <h1>QC review</h1>
        <p className="screen-intro">
          Confirmed documents wait here until a reviewer approves them; only then are they delivered.
          {policy ? ` ${policySentence(policy)}` : ''}
        </p>
        {loaded ? (
          <ul className="summary" aria-label="Review backlog">
            <li>
              <strong>{awaiting}</strong> {awaiting === 1 ? 'document' : 'documents'} awaiting review
            </li>
            <li>
              <strong>{entries.length}</strong> {entries.length === 1 ? 'batch' : 'batches'}
            </li>
          </ul>
        ) : null}
      </header>
      <div className="screen-body rv-body">
        <OverrideRequestsPanel />
        <QueueFilters filter={filter} onChange={setFilter} />
        {notice ? <Alert tone={notice.tone === 'danger' ? 'danger' : notice.tone === 'success' ? 'success' : 'info'}>{notice.text}</Alert> : null}
        <ListLoadState list={{ items: entries, loaded, error }} reload={load} loading="Loading the review queue…" empty={Object.keys(filter).length > 0 ? noMatch : nothingToReview}>
          {() => (
            <DataTable
              className="table table-interactive rv-table"
              aria-label="Batches awaiting review, oldest first"
              columns={['Batch', 'Project / box', 'Confirmed by', { label: 'Awaiting', num: true }, { label: 'Flags', num: true }, 'Waiting since', { label: 'Open', hidden: true }]}
            >
              {entries.map((entry, i) => (
                <tr key={entry.batchId} aria-selected={i === selected} onClick={() => setSelected(i)} onDoubleClick={() => open(entry.batchId)}>
                  <td className="mono">{entry.label}</td>
                  <td>{entry.project ? `${entry.project} / ${entry.box}` : <span className="muted">—</span>}</td>
                  <td>{entry.operators.join(', ')}</td>
                  <td className="num">
                    <strong>{entry.awaiting}</strong>
                    {entry.decided > 0 ? <span className="muted small"> ({entry.decided} done)</span> : null}
                  </td>
                  <td className="num">{entry.flags > 0 ? <Badge tone="warning">{entry.flags}</Badge> : <span className="muted">0</span>}</td>
                  <td>
                    <When iso={entry.waitingSince} />
                  </td>
                  <td>
                    <Button size="sm" onClick={() => open(entry.batchId)}>
                      Review
                    </Button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </ListLoadState>
        <Boxes />
      </div>
      <ShortcutLegend items={[...listSelectionLegend('Choose a batch', 'Review it'), { keys: ['O'], action: 'Oldest override request' }]} />
    </div>
  );
}

const policySentence = (policy: NonNullable<ReturnType<typeof useReview.getState>['policy']>) =>
  !policy.required
    ? 'Review is turned off on this station: confirmed documents are delivered at once.'
    : policy.samplePercent >= 100
      ? 'Every confirmed document is reviewed.'
      : `${policy.samplePercent}% of each operator's documents are reviewed, and all of their next ${policy.afterRejectionDocuments} after a rejection.`;

function QueueFilters({ filter, onChange }: { filter: ReviewQueueFilter; onChange(filter: ReviewQueueFilter): void }) {
  const [draft, setDraft] = useState(filter);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const clean = Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== '' && v !== undefined && v !== false)) as ReviewQueueFilter;
    onChange(clean);
  };
  const text = (key: 'operator' | 'project' | 'box', label: string) => (
    <label className="rv-filter">
      <span>{label}</span>
      <input className="input" value={draft[key] ?? ''} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </label>
  );
  return (
    <form className="rv-filters" aria-label="Filter the queue" onSubmit={apply}>
      {text('operator', 'Operator')}
      <label className="rv-filter">
        <span>From</span>
        <input className="input" type="date" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })} />
      </label>
      <label className="rv-filter">
        <span>To</span>
        <input className="input" type="date" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })} />
      </label>
      {text('project', 'Project')}
      {text('box', 'Box')}
      <label className="rv-filter rv-filter-check">
        <input type="checkbox" checked={draft.flaggedOnly ?? false} onChange={(e) => setDraft({ ...draft, flaggedOnly: e.target.checked })} />
        <span>Flagged only</span>
      </label>
      <Button type="submit" size="sm">
        Filter
      </Button>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => {
          setDraft({});
          onChange({});
        }}
      >
        Clear
      </Button>
    </form>
  );
}

/** Back-scanning boxes: verified ones may go to destruction under the retention policy. */
function Boxes() {
  const boxes = useReview((s) => s.boxes);
  const acting = useReview((s) => s.acting);
  const verifyBox = useReview((s) => s.verifyBox);
  if (boxes.length === 0) return null;
  const verified = boxes.filter((b) => b.verified).length;
  return (
    <section className="rv-boxes" aria-labelledby="rv-boxes-title">
      <div className="dlv-items-head">
        <h2 id="rv-boxes-title">Boxes</h2>
        <span className="muted small">
          {verified} verified · {boxes.length - verified} awaiting verification
        </span>
      </div>
      <DataTable
        className="table"
        aria-label="Back-scanning boxes"
        columns={['Project', 'Box', { label: 'Documents', num: true }, { label: 'Outstanding', num: true }, 'State', { label: 'Actions', hidden: true }]}
      >
        {boxes.map((box) => (
          <tr key={`${box.project}/${box.box}`}>
            <td>{box.project}</td>
            <td className="mono">{box.box}</td>
            <td className="num">{box.documents}</td>
            <td className="num">{box.outstanding}</td>
            <td>
              <BoxState box={box} />
            </td>
            <td>
              {!box.verified ? (
                <Button
                  size="sm"
                  disabled={acting || box.outstanding > 0 || box.documents === 0}
                  title={box.outstanding > 0 ? `${plural(box.outstanding, 'document')} still to confirm or review` : 'Every document passed review'}
                  onClick={() => void verifyBox(box)}
                >
                  Mark verified
                </Button>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function BoxState({ box }: { box: BoxStatus }) {
  if (box.verified)
    return (
      <span>
        <Badge tone="success">Verified</Badge> <span className="muted small">by {box.verifiedBy}</span>
      </span>
    );
  return box.outstanding > 0 ? <Badge tone="neutral">In progress</Badge> : <Badge tone="warning">Ready to verify</Badge>;
}
