import { useEffect } from 'react';
import type { BatchDetail, BatchDocument } from '../../../shared/domain/batch.js';
import { Alert } from '../../components/Alert.js';
import { Badge } from '../../components/Badge.js';
import { BatchNotices } from '../../components/BatchNotices.js';
import { Button, IconButton } from '../../components/Button.js';
import { PageTextPanel, usePageText } from '../../components/PageTextPanel.js';
import { PageViewer } from '../../components/PageViewer.js';
import { RecognitionProgress } from '../../components/RecognitionProgress.js';
import { ShortcutLegend } from '../../components/ShortcutLegend.js';
import { Spinner } from '../../components/Spinner.js';
import { ThumbnailStrip } from '../../components/ThumbnailStrip.js';
import { ZoomControls } from '../../components/ZoomControls.js';
import { plural } from '../../lib/format.js';
import { legendOf } from '../../lib/key-map.js';
import { useKeyMap } from '../../lib/keys.js';
import { documentOfPage, documentStarts, placeholderPage, recognitionPhase, setAsideLabel } from '../../lib/recognition.js';
import { useBatches } from '../../stores/batches.js';
import { navigate } from '../../stores/router.js';
import { useSession } from '../../stores/session.js';
import { applyZoomKey, useViewer } from '../../stores/viewer.js';
import { type BatchViewerCommands, batchViewerKeyMap } from './key-map.js';
import { fileOf, PageDetails } from './PageDetails.js';

/** A batch page by page, with what recognition found on each and the documents it made; the keys in key-map.ts. */
export function BatchViewer({ batchId, page }: { batchId: string; page: number }) {
  const detail = useBatches((s) => (s.detail?.id === batchId ? s.detail : null));
  const loading = useBatches((s) => s.detailLoading);
  const error = useBatches((s) => s.detailError);
  const openBatch = useBatches((s) => s.openBatch);
  const viewer = useViewer();
  const role = useSession((s) => s.user?.role);

  useEffect(() => {
    void openBatch(batchId);
  }, [batchId, openBatch]);

  const pages = detail?.pages ?? [];
  const current = Math.min(Math.max(1, page), Math.max(1, pages.length));
  const currentPage = pages[current - 1] ?? null;

  const goTo = (sequence: number) => {
    if (pages.length === 0) return;
    const next = Math.min(Math.max(1, sequence), pages.length);
    if (next !== page) navigate({ name: 'batch', batchId, page: next }, { replace: true });
  };
  const back = () => navigate({ name: 'batches' });
  /** Indexing, at the document of the page shown (or the first still to do). */
  const index = () => {
    const doc = detail && currentPage ? documentOfPage(detail).get(currentPage.id)?.document : undefined;
    navigate({ name: 'index', batchId, documentId: doc?.id ?? null });
  };

  // Documents: where each starts, and which one the current page is in.
  const starts = detail ? documentStarts(detail) : [];
  const docOf = detail ? documentOfPage(detail) : new Map<string, { document: BatchDocument; index: number }>();
  const currentDoc = currentPage ? (docOf.get(currentPage.id) ?? null) : null;
  const currentDocStart = currentDoc ? starts[currentDoc.index] : undefined;
  const nextDocStart = starts.find((s) => s > current);
  const prevDocStart = [...starts].reverse().find((s) => s < (currentDocStart ?? current));
  const goToDocument = (sequence: number | undefined) => {
    if (sequence !== undefined) goTo(sequence);
  };

  const commands: BatchViewerCommands = {
    nextPage: () => goTo(current + 1),
    previousPage: () => goTo(current - 1),
    firstPage: () => goTo(1),
    lastPage: () => goTo(pages.length),
    nextDocument: () => goToDocument(nextDocStart),
    previousDocument: () => goToDocument(prevDocStart),
    toggleBarcodes: viewer.toggleBarcodes,
    toggleText: viewer.toggleText,
    zoom: (key) => applyZoomKey(key, viewer),
    index: () => {
      // Pressed as the batch opens (before its detail arrives), I still goes to indexing: the
      // indexing screen opens the first document to do. Dropping the key made the clerk press twice.
      if (detail && detail.documents.length === 0) return false;
      index();
      return true;
    },
    back,
  };
  useKeyMap(batchViewerKeyMap, commands);

  const title = detail?.label ?? 'Batch';
  const { text: pageText } = usePageText(currentPage ?? placeholderPage, viewer.showWords && currentPage !== null, 'refresh');
  const running = detail ? recognitionPhase(detail.recognition) !== 'done' : false;

  return (
    <div className="screen screen-viewer">
      <header className="viewer-toolbar">
        <Button variant="ghost" size="sm" icon="back" onClick={back} aria-label="Back to batches" title="Back to batches (Esc)">
          Batches
        </Button>
        <h1 className="viewer-title">{title}</h1>
        {detail ? (
          <span className="viewer-file" title={detail.sourceFileName}>
            {detail.sourceFileName}
          </span>
        ) : null}
        <div className="toolbar-spacer" />
        {detail && detail.documents.length > 0 ? <IndexSummary batch={detail} /> : null}
        {detail && detail.documents.length > 0 ? (
          <Button variant="primary" size="sm" icon="index" onClick={index} title="Index the documents of this batch (I)">
            Index
          </Button>
        ) : null}
        {detail && pages.length > 0 ? (
          <>
            {detail.documents.length > 0 ? (
              <div className="toolbar-group" role="group" aria-label="Document">
                <IconButton icon="prevDoc" aria-label="Previous document" title="Previous document ([)" onClick={() => goToDocument(prevDocStart)} disabled={prevDocStart === undefined} />
                <span className="toolbar-text">
                  {currentDoc
                    ? `Document ${currentDoc.index + 1} of ${detail.documents.length}`
                    : currentPage && setAsideLabel(currentPage.recognition)
                      ? 'Set aside'
                      : plural(detail.documents.length, 'document')}
                </span>
                <IconButton icon="nextDoc" aria-label="Next document" title="Next document (])" onClick={() => goToDocument(nextDocStart)} disabled={nextDocStart === undefined} />
              </div>
            ) : null}
            <div className="toolbar-group" role="group" aria-label="Page">
              <IconButton icon="prev" aria-label="Previous page" onClick={() => goTo(current - 1)} disabled={current <= 1} />
              <span className="toolbar-text" aria-live="polite">
                Page {current} of {pages.length}
              </span>
              <IconButton icon="next" aria-label="Next page" onClick={() => goTo(current + 1)} disabled={current >= pages.length} />
            </div>
            <ZoomControls />
            <div className="toolbar-group" role="group" aria-label="Show">
              <Button variant="ghost" size="sm" icon="barcode" aria-pressed={viewer.showBarcodes} onClick={viewer.toggleBarcodes} title="Outline barcodes on the page (B)">
                <span className="toolbar-label">Barcodes</span>
              </Button>
              <Button variant="ghost" size="sm" icon="text" aria-pressed={viewer.showText} onClick={viewer.toggleText} title="Show the page text (T)">
                <span className="toolbar-label">Text</span>
              </Button>
            </div>
          </>
        ) : null}
      </header>
      {detail && running ? (
        <div className="viewer-status">
          <RecognitionProgress progress={detail.recognition} documentCount={detail.documents.length} label="Recognition progress" />
          <span className="muted">
            {detail.documents.length > 0 ? 'Documents appear as their pages are checked; you can start on the first one now.' : 'Pages are being checked for barcodes, blank sheets and orientation.'}
          </span>
        </div>
      ) : null}
      {detail ? <BatchNotices batch={detail} /> : null}

      {error ? (
        <div className="screen-body">
          <Alert
            action={
              <Button size="sm" onClick={back}>
                Back to batches
              </Button>
            }
          >
            {error}
          </Alert>
        </div>
      ) : !detail ? (
        <div className="loading-block">{loading ? <Spinner label="Opening the batch…" /> : null}</div>
      ) : pages.length === 0 || !currentPage ? (
        <div className="screen-body">
          <Alert tone="warning">This batch has no pages.</Alert>
        </div>
      ) : (
        <div className={`viewer${viewer.showText ? ' viewer-with-text' : ''}`}>
          <ThumbnailStrip batch={detail} current={current} onSelect={goTo} showFile={detail.sourceFiles.length > 1 ? (p) => fileOf(detail, p)?.originalName ?? null : undefined} />
          <PageViewer
            page={currentPage}
            pageCount={pages.length}
            nextPage={pages[current] ?? null}
            barcodes={viewer.showBarcodes ? currentPage.recognition.barcodes : null}
            rotation={currentPage.clerkRotation}
            words={viewer.showWords && pageText ? pageText.words : null}
            purgeAfterDays={detail.purgeAfterDays}
          />
          {viewer.showText ? <PageTextPanel page={currentPage} /> : <PageDetails batch={detail} page={currentPage} current={currentDoc} onSelect={goTo} starts={starts} />}
        </div>
      )}

      <ShortcutLegend items={legendOf(batchViewerKeyMap, role)} />
    </div>
  );
}

/** "1 of 3 confirmed · 1 blocked": how far indexing of the batch has got. */
export function IndexSummary({ batch }: { batch: Pick<BatchDetail, 'indexing'> }) {
  const c = batch.indexing;
  return (
    <span className="ix-summary" aria-label="Indexing progress">
      <Badge tone={c.confirmed === c.total ? 'success' : 'neutral'}>
        {c.confirmed} of {c.total} confirmed
      </Badge>
      {c.blocked > 0 ? <Badge tone="danger">{c.blocked} blocked</Badge> : null}
    </span>
  );
}
