import { useEffect, useRef } from 'react';
import { Alert } from '../components/Alert.js';
import { Badge } from '../components/Badge.js';
import { Button, IconButton } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { OverrideAnswersPanel } from '../components/OverrideAnswers.js';
import { RecognitionProgress } from '../components/RecognitionProgress.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { Spinner } from '../components/Spinner.js';
import { BoxBar } from '../components/BoxBar.js';
import { OperatorName } from '../components/OperatorName.js';
import { ScannerBar } from '../components/ScannerBar.js';
import { StationStrip } from '../components/StationStrip.js';
import { When } from '../components/When.js';
import { formatName } from '../lib/format.js';
import { isActivatableTarget, keySequencePending, useKeys } from '../lib/keys.js';
import { type IndexCounts, useBatches } from '../stores/batches.js';
import { batchHref, navigate } from '../stores/router.js';
import { useStation } from '../stores/station.js';

export function Batches() {
  const { batches, loaded, error, selectedId, freshIds, select, moveSelection, selectEdge, loadList } = useBatches();
  const dropDir = useStation((s) => s.status?.dropDir ?? null);
  const tbodyRef = useRef<HTMLTableSectionElement>(null);

  const open = (batchId: string) => navigate({ name: 'batch', batchId, page: 1 });
  const index = (batchId: string) => navigate({ name: 'index', batchId, documentId: null });
  const indexCounts = useBatches((s) => s.indexCounts);
  const loadIndexCounts = useBatches((s) => s.loadIndexCounts);
  // The list does not carry indexing progress: fetch it for the newest batches (see the report in stores/batches.ts).
  const countKey = batches
    .slice(0, COUNTED)
    .map((b) => `${b.id}:${b.documentCount}:${b.recognition.fastDone}:${b.recognition.ocrDone}`)
    .join('|');
  useEffect(() => {
    void loadIndexCounts(batches.slice(0, COUNTED).map((b) => b.id));
    // countKey stands for the newest batches' summaries: counts are fetched again when one of
    // them changes, not whenever the store hands out a new list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [countKey, loadIndexCounts]);

  useKeys((event) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        moveSelection(1);
        return true;
      case 'ArrowUp':
      case 'k':
        moveSelection(-1);
        return true;
      case 'Home':
        selectEdge('first');
        return true;
      case 'End':
        selectEdge('last');
        return true;
      case 'Enter':
        if (isActivatableTarget(event.target) || !selectedId) return false;
        open(selectedId);
        return true;
      case 'i':
      case 'I':
        if (keySequencePending() || !selectedId) return false;
        index(selectedId);
        return true;
      default:
        return false;
    }
  });

  // Keep the selected row visible and focused when the keyboard moves it.
  useEffect(() => {
    const row = tbodyRef.current?.querySelector<HTMLTableRowElement>('tr[aria-selected="true"]');
    if (!row) return;
    row.scrollIntoView({ block: 'nearest' });
    if (tbodyRef.current?.contains(document.activeElement) || document.activeElement === document.body) row.focus({ preventScroll: true });
  }, [selectedId]);

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Batches</h1>
        <StationStrip />
        <ScannerBar />
        <BoxBar />
      </header>
      <div className="screen-body">
        <OverrideAnswersPanel />
        {error ? (
          <Alert action={<Button size="sm" onClick={() => void loadList()}>Try again</Button>}>{error}</Alert>
        ) : null}
        {!loaded ? (
          error ? null : (
            <div className="loading-block">
              <Spinner label="Loading batches…" />
            </div>
          )
        ) : batches.length === 0 ? (
          <EmptyState icon="batches" title="Waiting for the first scan">
            <p>
              No batches yet. Scan into the drop folder {dropDir ? <code className="path">{dropDir}</code> : 'of this station'} (or copy a TIFF, PDF, JPEG, PNG or PNM there): the batch appears here within seconds.
            </p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table table-interactive" aria-label="Batches, newest first">
              <thead>
                <tr>
                  <th scope="col">Batch</th>
                  <th scope="col">Received</th>
                  <th scope="col">Source file</th>
                  <th scope="col">Format</th>
                  <th scope="col" className="num">
                    Pages
                  </th>
                  <th scope="col" className="num">
                    Documents
                  </th>
                  <th scope="col">Recognition</th>
                  <th scope="col">Indexing</th>
                  <th scope="col">Box</th>
                  <th scope="col">Station</th>
                  <th scope="col">Operator</th>
                </tr>
              </thead>
              <tbody ref={tbodyRef}>
                {batches.map((batch) => {
                  const selected = batch.id === selectedId;
                  return (
                    <tr
                      key={batch.id}
                      aria-selected={selected}
                      tabIndex={selected ? 0 : -1}
                      className={selected ? 'is-selected' : undefined}
                      onClick={() => {
                        select(batch.id);
                        open(batch.id);
                      }}
                      onFocus={() => select(batch.id)}
                    >
                      <td className="cell-strong">
                        <a href={batchHref(batch.id)} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
                          {batch.label}
                        </a>
                        {freshIds.has(batch.id) ? <Badge tone="accent">New</Badge> : null}
                      </td>
                      <td className="nowrap">
                        <When iso={batch.createdAt} />
                      </td>
                      <td className="cell-file" title={batch.sourceFileName}>
                        {batch.sourceFileName}
                      </td>
                      <td>{formatName(batch.sourceFormat)}</td>
                      <td className="num">{batch.pageCount}</td>
                      <td className="num">
                        {batch.recognition.fastDone < batch.recognition.total ? (
                          <span className="muted" title="Still checking pages: more documents may appear">
                            {batch.documentCount > 0 ? `${batch.documentCount}…` : '…'}
                          </span>
                        ) : (
                          batch.documentCount
                        )}
                      </td>
                      <td className="cell-recognition">
                        <RecognitionProgress progress={batch.recognition} documentCount={batch.documentCount} label={`Recognition of ${batch.label}`} />
                      </td>
                      <td className="cell-indexing">
                        <IndexCell counts={indexCounts[batch.id]} documentCount={batch.documentCount} onIndex={() => index(batch.id)} label={batch.label} />
                        {batch.returnedByReview > 0 ? <Badge tone="danger">{batch.returnedByReview} sent back by QC</Badge> : null}
                      </td>
                      <td className="cell-box">{batch.project ? `${batch.project} / ${batch.box}` : <span className="muted">—</span>}</td>
                      <td>{batch.station}</td>
                      <td>
                        <OperatorName operator={batch.operator} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <ShortcutLegend
        items={[
          { keys: ['↑', '↓'], action: 'Select' },
          { keys: ['Enter'], action: 'Open batch' },
          { keys: ['I'], action: 'Index batch' },
          { keys: ['G I'], action: 'Intake' },
          { keys: ['G Q'], action: 'Quarantine' },
        ]}
      />
    </div>
  );
}

/** How many of the newest batches show their indexing progress. */
const COUNTED = 25;

function IndexCell({ counts, documentCount, onIndex, label }: { counts: IndexCounts | undefined; documentCount: number; onIndex(): void; label: string }) {
  if (documentCount === 0) return <span className="muted">—</span>;
  return (
    <span className="index-cell">
      {counts ? (
        <span className="index-counts" aria-label={`${counts.confirmed} confirmed, ${counts.open} open, ${counts.blocked} blocked`}>
          <span className={counts.confirmed === counts.total ? 'index-done' : undefined}>{counts.confirmed} confirmed</span>
          {counts.open > 0 ? <span className="muted"> · {counts.open} open</span> : null}
          {counts.blocked > 0 ? <span className="index-blocked"> · {counts.blocked} blocked</span> : null}
        </span>
      ) : (
        <span className="muted">…</span>
      )}
      <IconButton
        size="sm"
        icon="index"
        tabIndex={-1}
        aria-label={`Index ${label}`}
        title="Index this batch (I)"
        onClick={(e) => {
          e.stopPropagation();
          onIndex();
        }}
      />
    </span>
  );
}
