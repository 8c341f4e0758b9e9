import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { mayCall } from '../../../shared/api/access.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { EmptyState } from '../../components/EmptyState.js';
import { NextBatchOffer } from '../../components/NextBatchOffer.js';
import { RecognitionProgress } from '../../components/RecognitionProgress.js';
import { ShortcutLegend } from '../../components/ShortcutLegend.js';
import { Spinner } from '../../components/Spinner.js';
import { dispatchKey, legendOf } from '../../lib/key-map.js';
import { useKeyMap } from '../../lib/keys.js';
import { recognitionPhase } from '../../lib/recognition.js';
import { useBatches } from '../../stores/batches.js';
import { useStoreFields } from '../../stores/fields.js';
import { useIndexing } from '../../stores/indexing.js';
import { navigate } from '../../stores/router.js';
import { useSensitive } from '../../stores/sensitive.js';
import { useSession } from '../../stores/session.js';
import { applyZoomKey, useViewer } from '../../stores/viewer.js';
import { DocumentList } from './DocumentList.js';
import { NoticeLine } from './Findings.js';
import { IndexingDialogs } from './IndexingDialogs.js';
import { IndexingToolbar } from './IndexingToolbar.js';
import { IndexPanel } from './IndexPanel.js';
import { type IndexingCommands, indexingKeyMap } from './key-map.js';
import { DeletedTray, DocumentPages } from './PageList.js';
import { PagePane } from './PagePane.js';
import { useDocumentActions } from './use-document-actions.js';
import { useDocumentPosition } from './use-document-position.js';
import { usePageLayout } from './use-page-layout.js';

/**
 * Indexing: every document of a batch gets its patient, its type and a date of service, checked
 * by QC, then confirmed. Built for the keyboard: every action has a key (key-map.ts), the main
 * ones shown at the bottom.
 */
export function Indexing({ batchId, documentId }: { batchId: string; documentId: string | null }) {
  const { detailLoading, detailError } = useStoreFields(useBatches, 'detailLoading', 'detailError');
  const role = useSession((s) => s.user?.role);
  // Re-render with the unblurred images once a reason is stated for a sensitive document.
  useSensitive((s) => s.revealedPages);
  const canEdit = mayCall(role, 'documents.setIndex');
  const canOverride = mayCall(role, 'qc.override');

  const { loading: indexLoading, loadError, busy, notice, types, typesLoaded } = useStoreFields(useIndexing, 'loading', 'loadError', 'busy', 'notice', 'types', 'typesLoaded');
  const viewer = useViewer();
  const [showMarks, setShowMarks] = useState(true);
  const rootRef = useRef<HTMLDivElement>(null);
  const focusScreen = () => rootRef.current?.focus({ preventScroll: true });

  useEffect(() => {
    if (!typesLoaded) void useIndexing.getState().loadTypes();
  }, [typesLoaded]);
  useEffect(() => () => useIndexing.getState().say(null), []);

  const position = useDocumentPosition(batchId, documentId);
  const layout = usePageLayout(position, canEdit);
  const actions = useDocumentActions(position, { canEdit, canOverride }, focusScreen);
  const { detail, documents, document, docIndex, pages, pageIndex, currentPage, setPage, goToDocument } = position;
  const { current } = actions;
  const editable = canEdit && current?.status !== 'confirmed' && !busy;

  const back = () => navigate({ name: 'batch', batchId, page: currentPage?.sequence ?? 1 });

  const commands: IndexingCommands = {
    acceptSuggestions: actions.acceptSuggestions,
    confirm: () => void actions.confirm(),
    focusPatient: actions.focusPatient,
    focusType: actions.focusType,
    focusDate: actions.focusDate,
    nextDocument: () => goToDocument(documents[docIndex + 1]),
    previousDocument: () => goToDocument(documents[docIndex - 1]),
    nextPage: () => setPage(pageIndex + 1),
    previousPage: () => setPage(pageIndex - 1),
    firstPage: () => setPage(0),
    lastPage: () => setPage(pages.length - 1),
    split: layout.split,
    merge: layout.merge,
    movePage: layout.movePage,
    movePageTo: layout.movePageTo,
    rotate: layout.rotate,
    deletePage: layout.deletePage,
    undo: () => void layout.undo(),
    override: actions.openOverride,
    rescan: actions.openRescan,
    reopen: actions.reopen,
    toggleHighlights: () => setShowMarks((v) => !v),
    zoom: (key) => applyZoomKey(key, viewer),
    back,
  };
  useKeyMap(indexingKeyMap, commands, { withModifiers: true });
  /** In a field only the keys that type nothing (F2-F4, Ctrl+Enter) are the screen's. */
  const fieldKeys = (event: ReactKeyboardEvent<HTMLInputElement>) => dispatchKey(indexingKeyMap, commands, event, true);

  const deleted = detail ? detail.pages.filter((p) => p.deleted) : [];
  const reading = detail ? recognitionPhase(detail.recognition) !== 'done' : false;

  return (
    <div ref={rootRef} className="screen screen-viewer screen-indexing" tabIndex={-1}>
      <IndexingToolbar position={position} layout={layout} changesDisabled={!canEdit || busy} onBack={back} />
      {detail && reading ? (
        <div className="viewer-status">
          <RecognitionProgress progress={detail.recognition} documentCount={detail.documents.length} label="Recognition progress" />
          <span className="muted">Suggestions and checks fill in as pages are read.</span>
        </div>
      ) : null}

      {detailError ? (
        <div className="screen-body">
          <Alert
            action={
              <Button size="sm" onClick={() => navigate({ name: 'batches' })}>
                Back to batches
              </Button>
            }
          >
            {detailError}
          </Alert>
        </div>
      ) : !detail ? (
        <div className="loading-block">{detailLoading ? <Spinner label="Opening the batch…" /> : null}</div>
      ) : detail.documents.length === 0 ? (
        <div className="screen-body">
          <EmptyState icon="index" title={reading ? 'Sorting the pages into documents' : 'No documents to index'}>
            <p>
              {reading
                ? 'Documents appear here as recognition checks the pages; the first can be indexed as soon as it appears.'
                : 'This batch has no documents: all its pages are set aside or deleted. Open the batch (Esc) to look at them.'}
            </p>
          </EmptyState>
        </div>
      ) : !document || !currentPage ? (
        <div className="loading-block">
          <Spinner label="Opening the document…" />
        </div>
      ) : (
        <div className="ix">
          <nav className="ix-nav" aria-label="Documents and pages">
            <DocumentList batch={detail} current={document.id} onSelect={(d) => goToDocument(d)} counts={detail.indexing} />
            <DocumentPages pages={pages} current={pageIndex} onSelect={setPage} findings={current?.qc ?? []} docNumber={docIndex + 1} />
            {deleted.length > 0 ? <DeletedTray pages={deleted} onRestore={layout.restore} disabled={!canEdit || busy} /> : null}
          </nav>
          <PagePane
            document={document}
            docNumber={docIndex + 1}
            pages={pages}
            pageIndex={pageIndex}
            indexing={current}
            purgeAfterDays={detail.purgeAfterDays}
            showMarks={showMarks}
            onToggleMarks={() => setShowMarks((v) => !v)}
          />
          <aside className="ix-panel" aria-label="Index values">
            {notice && !current ? <NoticeLine notice={notice} /> : null}
            {loadError && !current ? (
              <Alert
                action={
                  <Button size="sm" onClick={() => documentId && void useIndexing.getState().load(documentId)}>
                    Try again
                  </Button>
                }
              >
                {loadError}
              </Alert>
            ) : !current ? (
              <div className="loading-block">{indexLoading ? <Spinner label="Loading the index values…" /> : null}</div>
            ) : (
              <IndexPanel
                indexing={current}
                document={document}
                docNumber={docIndex + 1}
                types={types}
                canEdit={canEdit}
                canOverride={canOverride}
                editable={editable}
                busy={busy}
                refs={actions.refs}
                onLeave={focusScreen}
                onFieldKey={fieldKeys}
                onConfirm={() => void actions.confirm()}
                onOverride={actions.dialogs.override}
                onGoToPage={(pageId) => setPage(pages.findIndex((p) => p.id === pageId))}
                notice={notice}
                nextBatch={
                  canEdit && detail.indexing.total > 0 && detail.indexing.open === 0 ? (
                    <NextBatchOffer batchId={batchId} label={detail.label} focus={actions.finished === batchId} onTake={(id) => navigate({ name: 'index', batchId: id, documentId: null })} />
                  ) : null
                }
              />
            )}
          </aside>
        </div>
      )}

      <ShortcutLegend items={legendOf(indexingKeyMap, role)} />
      <IndexingDialogs dialogs={actions.dialogs} indexing={current} page={currentPage} pageNumber={pageIndex + 1} onClosed={focusScreen} />
    </div>
  );
}
