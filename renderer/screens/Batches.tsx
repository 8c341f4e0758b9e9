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
import { UNCLAIMED } from '../../shared/domain/batch.js';
import { ScannerBar } from '../components/ScannerBar.js';
import { StationStrip } from '../components/StationStrip.js';
import { When } from '../components/When.js';
import { type BatchFilter, type BatchIndexCounts, batchFilterNames } from '../../shared/domain/document-state.js';
import { formatName } from '../lib/format.js';
import { isActivatableTarget, keySequencePending, useKeys } from '../lib/keys.js';
import { shownBatches, useBatches } from '../stores/batches.js';
import { batchHref, navigate } from '../stores/router.js';
import { useStation } from '../stores/station.js';

export function Batches() {
  const { loaded, error, selectedId, freshIds, select, moveSelection, selectEdge, loadList, filter, setFilter } = useBatches();
  const batches = useBatches(shownBatches);
  const anyBatch = useBatches((s) => s.batches.length > 0);
  // The Box column only where back-scanning boxes are in the list.
  const withBoxes = batches.some((b) => b.project !== null);
  const dropDir = useStation((s) => s.status?.dropDir ?? null);
  const tbodyRef = useRef<HTMLTableSectionElement>(null);

  const open = (batchId: string) => navigate({ name: 'batch', batchId, page: 1 });
  const index = (batchId: string) => navigate({ name: 'index', batchId, documentId: null });
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
      case '1':
      case '2':
      case '3':
      case '4':
        void setFilter(filterKeys[Number(event.key) - 1]!);
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
          <Alert
            action={
              <Button size="sm" onClick={() => void loadList()}>
                Try again
              </Button>
            }
          >
            {error}
          </Alert>
        ) : null}
        {!loaded ? (
          error ? null : (
            <div className="loading-block">
              <Spinner label="Loading batches…" />
            </div>
          )
        ) : !anyBatch ? (
          <EmptyState icon="batches" title="Waiting for the first scan">
            <p>
              No batches yet. Scan into the drop folder {dropDir ? <code className="path">{dropDir}</code> : 'of this station'} (or copy a TIFF, PDF, JPEG, PNG or PNM there): the batch appears here
              within seconds.
            </p>
          </EmptyState>
        ) : (
          <>
            <FilterBar filter={filter} count={batches.length} onChange={(f) => void setFilter(f)} />
            {batches.length === 0 ? (
              <p className="batch-filter-empty" role="status">
                {filterEmpty[filter]}
              </p>
            ) : (
              <div className="table-wrap table-scroll">
                <table className="table table-interactive batch-table" aria-label={`Batches, newest first${filter === 'all' ? '' : `: ${batchFilterNames[filter].toLowerCase()}`}`}>
                  <thead>
                    <tr>
                      <th scope="col" className="col-sticky">
                        Batch
                      </th>
                      <th scope="col">Received</th>
                      <th scope="col">Source file</th>
                      <th scope="col" className="num">
                        Pages
                      </th>
                      {/* Says how many documents once the pages are checked: no column of its own for them. */}
                      <th scope="col">Recognition</th>
                      <th scope="col">Indexing</th>
                      {withBoxes ? <th scope="col">Box</th> : null}
                      <th scope="col">Scanned by</th>
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
                          <td className="cell-strong col-sticky">
                            <a href={batchHref(batch.id)} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
                              {batch.label}
                            </a>
                            {freshIds.has(batch.id) ? <Badge tone="accent">New</Badge> : null}
                          </td>
                          <td className="nowrap">
                            <When iso={batch.createdAt} />
                          </td>
                          <td className="cell-file">
                            <span className="cell-file-line">
                              <span className="cell-file-name" title={batch.sourceFileName}>
                                {batch.sourceFileName}
                              </span>
                              <span className="cell-file-format">{formatName(batch.sourceFormat)}</span>
                            </span>
                          </td>
                          <td className="num">{batch.pageCount}</td>
                          <td className="cell-recognition">
                            <RecognitionProgress progress={batch.recognition} documentCount={batch.documentCount} label={`Recognition of ${batch.label}`} />
                          </td>
                          <td className="cell-indexing">
                            <IndexCell counts={batch.indexing} onIndex={() => index(batch.id)} label={batch.label} />
                          </td>
                          {withBoxes ? (
                            <td className="cell-box">
                              {batch.project ? (
                                <span className="cell-two-lines" title={`${batch.project} / ${batch.box}`}>
                                  <span>{batch.project}</span>
                                  {/* Read aloud (and as text) as one phrase: the two lines are block spans with nothing between them. */}
                                  <span className="visually-hidden"> / </span>
                                  <span className="muted small">{batch.box}</span>
                                </span>
                              ) : (
                                <span className="muted">—</span>
                              )}
                            </td>
                          ) : null}
                          <td className="cell-scanned-by">
                            <span className="cell-two-lines" title={`${batch.operator?.name ?? UNCLAIMED} at ${batch.station}`}>
                              <span>
                                <OperatorName operator={batch.operator} />
                              </span>
                              <span className="visually-hidden"> at </span>
                              <span className="muted small">{batch.station}</span>
                            </span>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </div>
      <ShortcutLegend
        items={[
          { keys: ['↑', '↓'], action: 'Select' },
          { keys: ['Enter'], action: 'Open batch' },
          { keys: ['I'], action: 'Index batch' },
          { keys: ['1', '2', '3', '4'], action: 'To index · blocked · sent back · all' },
        ]}
      />
    </div>
  );
}

const filterKeys: BatchFilter[] = ['to-index', 'blocked', 'sent-back', 'all'];

const filterEmpty: Record<BatchFilter, string> = {
  'to-index': 'Nothing to index: every document of every batch is confirmed.',
  blocked: 'No batch has a blocked document.',
  'sent-back': 'No document is waiting to be corrected after QC review.',
  all: 'No batches.',
};

/** "To index", "Blocked", "Sent back by QC", "All": buttons, and the keys 1 to 4. */
function FilterBar({ filter, count, onChange }: { filter: BatchFilter; count: number; onChange(filter: BatchFilter): void }) {
  return (
    <div className="batch-filter" role="group" aria-label="Show batches">
      {filterKeys.map((f, i) => (
        <button key={f} type="button" className="batch-filter-option" aria-pressed={f === filter} onClick={() => onChange(f)} aria-keyshortcuts={String(i + 1)}>
          <kbd aria-hidden="true">{i + 1}</kbd> {batchFilterNames[f]}
          {f === filter ? <span className="batch-filter-count">{count}</span> : null}
        </button>
      ))}
    </div>
  );
}

/** Where the batch's documents stand, in the engine's words: "2 to do · 1 blocked · 3 confirmed". */
function IndexCell({ counts, onIndex, label }: { counts: BatchIndexCounts; onIndex(): void; label: string }) {
  if (counts.total === 0) return <span className="muted">—</span>;
  const parts: Array<{ text: string; className?: string }> =
    counts.open === 0
      ? [{ text: counts.total === 1 ? 'Confirmed' : `All ${counts.total} confirmed`, className: 'index-done' }]
      : [
          ...(counts.toDo > 0 ? [{ text: `${counts.toDo} to do` }] : []),
          ...(counts.ready > 0 ? [{ text: `${counts.ready} ready` }] : []),
          ...(counts.blocked > 0 ? [{ text: `${counts.blocked} blocked`, className: 'index-blocked' }] : []),
          ...(counts.confirmed > 0 ? [{ text: `${counts.confirmed} confirmed`, className: 'muted' }] : []),
        ];
  return (
    <span className="index-cell">
      <span className="index-counts">
        {parts.map((p, i) => (
          <span key={p.text} className={p.className}>
            {i > 0 ? ' · ' : ''}
            {p.text}
          </span>
        ))}
        {counts.sentBack > 0 ? <Badge tone="danger">{counts.sentBack} sent back by QC</Badge> : null}
      </span>
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
