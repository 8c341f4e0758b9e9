import { NextBatchOffer } from '../components/NextBatchOffer.js';
import { ZoomControls } from '../components/ZoomControls.js';
import { OtherChecks } from '../components/OtherChecks.js';
import { mayCall } from '../../shared/api/access.js';
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { BatchDetail, BatchDocument, Page } from '../../shared/domain/batch.js';
import type { DocumentIndexing, LayoutOperation, QcFinding } from '../../shared/domain/indexing.js';
import { pageImageUrl } from '../api/client.js';
import { Alert } from '../components/Alert.js';
import { Badge } from '../components/Badge.js';
import { Button, IconButton } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { DeliveryStatus } from '../components/DeliveryStatus.js';
import { DateField, PatientField, PatientLine, TypeField } from '../components/IndexFields.js';
import { OverrideDialog } from '../components/OverrideDialog.js';
import { DocumentRequests, RequestOverrideDialog } from '../components/DocumentRequests.js';
import { RescanDialog } from '../components/RescanDialog.js';
import { usePageText } from '../components/PageTextPanel.js';
import { PageViewer } from '../components/PageViewer.js';
import { PurgedThumbnail } from '../components/PurgedPage.js';
import { SensitiveGate } from '../components/SensitiveGate.js';
import { useSensitive } from '../stores/sensitive.js';
import { RecognitionProgress } from '../components/RecognitionProgress.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { Spinner } from '../components/Spinner.js';
import { When } from '../components/When.js';
import { reasonSentence } from '../lib/review.js';
import { plural } from '../lib/format.js';
import {
  birthDateEvidenceText,
  blockingFindings,
  dateSuggestionText,
  findingPagesText,
  identifierHighlights,
  matchSentence,
  nextOpenDocument,
  pagesOf,
  typeSentence,
} from '../lib/indexing.js';
import { keySequencePending, useKeys } from '../lib/keys.js';
import { formatServiceDate, imageRevision, placeholderPage, recognitionPhase, shownSize } from '../lib/recognition.js';
import { useBatches } from '../stores/batches.js';
import { DocumentStateBadge } from '../components/DocumentStateBadge.js';
import { documentStateNames } from '../../shared/domain/document-state.js';
import { type Notice, useIndexing } from '../stores/indexing.js';
import { navigate } from '../stores/router.js';
import { useSession } from '../stores/session.js';
import { useStation } from '../stores/station.js';
import { applyZoomKey, useViewer } from '../stores/viewer.js';

type Turn = 0 | 90 | 180 | 270;

const REOPEN_DELIVERED = 'Delivered to the repository: it can no longer be reopened here. Corrections are made in the repository.';

/**
 * Indexing: every document of a batch gets its patient, its type and a date of service, checked
 * by QC, then confirmed. Built for the keyboard: every action has a key, shown at the bottom.
 */
export function Indexing({ batchId, documentId }: { batchId: string; documentId: string | null }) {
  const detail = useBatches((s) => (s.detail?.id === batchId ? s.detail : null));
  const detailLoading = useBatches((s) => s.detailLoading);
  const detailError = useBatches((s) => s.detailError);
  const openBatch = useBatches((s) => s.openBatch);
  const user = useSession((s) => s.user);
  // Re-render with the unblurred images once a reason is stated for a sensitive document.
  useSensitive((s) => s.revealedPages);
  const canEdit = mayCall(user?.role, 'documents.setIndex');
  const canOverride = mayCall(user?.role, 'qc.override');

  const indexing = useIndexing((s) => s.indexing);
  const indexLoading = useIndexing((s) => s.loading);
  const loadError = useIndexing((s) => s.loadError);
  const busy = useIndexing((s) => s.busy);
  const notice = useIndexing((s) => s.notice);
  const types = useIndexing((s) => s.types);
  const typesLoaded = useIndexing((s) => s.typesLoaded);
  const store = useIndexing.getState;
  const viewer = useViewer();

  const [pageAt, setPageAt] = useState<{ documentId: string | null; index: number }>({ documentId, index: 0 });
  const [showMarks, setShowMarks] = useState(true);
  const [overriding, setOverriding] = useState<QcFinding | null>(null);
  const [requesting, setRequesting] = useState<QcFinding | null>(null);
  const [rescanning, setRescanning] = useState(false);
  /** The batch whose last document the clerk has just confirmed: the next batch is offered with the focus on it. */
  const [finished, setFinished] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const patientRef = useRef<HTMLInputElement>(null);
  const typeRef = useRef<HTMLInputElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void openBatch(batchId);
  }, [batchId, openBatch]);
  useEffect(() => {
    if (!typesLoaded) void useIndexing.getState().loadTypes();
  }, [typesLoaded]);
  useEffect(() => () => useIndexing.getState().say(null), []);

  const documents = detail?.documents ?? [];
  const document = documentId ? (documents.find((d) => d.id === documentId) ?? null) : null;
  const docIndex = document ? documents.indexOf(document) : -1;

  // No document in the address (or one that is gone): the first still to do.
  useEffect(() => {
    if (!detail || detail.documents.length === 0) return;
    if (documentId && detail.documents.some((d) => d.id === documentId)) return;
    const target = detail.documents.find((d) => d.status !== 'confirmed') ?? detail.documents[0]!;
    navigate({ name: 'index', batchId, documentId: target.id }, { replace: true });
  }, [detail, documentId, batchId]);

  useEffect(() => {
    if (documentId) void useIndexing.getState().load(documentId);
  }, [documentId]);

  // Recognition still reading, or the pages changed: suggestions and QC may have changed too.
  const pages = detail && document ? pagesOf(detail, document) : [];
  const docKey = document ? `${document.pageIds.join(',')}|${pages.map((p) => `${p.recognition.fastStatus}${p.recognition.ocrStatus}${p.clerkRotation}`).join('')}` : '';
  const lastKey = useRef(docKey);
  useEffect(() => {
    if (lastKey.current !== docKey && lastKey.current !== '') void useIndexing.getState().refresh();
    lastKey.current = docKey;
  }, [docKey]);

  const pageIndex = pageAt.documentId === documentId ? Math.min(pageAt.index, Math.max(0, pages.length - 1)) : 0;
  const currentPage = pages[pageIndex] ?? null;
  const setPage = (index: number) => setPageAt({ documentId, index: Math.max(0, Math.min(index, pages.length - 1)) });

  const current = indexing && indexing.documentId === documentId ? indexing : null;
  const confirmed = current?.status === 'confirmed';
  const editable = canEdit && !confirmed && !busy;
  const blocking = current ? blockingFindings(current) : [];

  const focusScreen = () => rootRef.current?.focus({ preventScroll: true });
  const goToDocument = (doc: BatchDocument | undefined | null, index = 0) => {
    if (!doc) return;
    setPageAt({ documentId: doc.id, index });
    if (doc.id !== documentId) navigate({ name: 'index', batchId, documentId: doc.id }, { replace: true });
  };
  const back = () => {
    const first = currentPage?.sequence ?? 1;
    navigate({ name: 'batch', batchId, page: first });
  };

  /** After a page operation: stay with the document if it is still there, else follow the page. */
  const follow = (next: BatchDetail, stayOn: string | null, pageId: string | null) => {
    const byId = stayOn ? next.documents.find((d) => d.id === stayOn) : undefined;
    const byPage = pageId ? next.documents.find((d) => d.pageIds.includes(pageId)) : undefined;
    const target = byId ?? byPage ?? next.documents[Math.min(Math.max(0, docIndex), next.documents.length - 1)];
    if (!target) return;
    const at = pageId ? target.pageIds.indexOf(pageId) : -1;
    const index = at >= 0 ? at : Math.min(pageIndex, target.pageIds.length - 1);
    setPageAt({ documentId: target.id, index: Math.max(0, index) });
    if (target.id !== documentId) navigate({ name: 'index', batchId, documentId: target.id }, { replace: true });
    else void store().refresh();
  };

  const layout = async (operation: LayoutOperation, done: string, stayOn: string | null, pageId: string | null) => {
    if (!detail || !canEdit) return;
    if (!detail.layoutEditable) {
      store().say({ tone: 'warning', text: `Pages can be changed once every page has been checked (${detail.recognition.fastDone} of ${detail.recognition.total} so far).` });
      return;
    }
    const next = await store().applyLayout(batchId, operation, done);
    if (next) follow(next, stayOn, pageId);
  };

  const split = () => {
    if (!document || !currentPage) return;
    if (pageIndex === 0) {
      store().say({ tone: 'info', text: 'Split starts a new document at the page shown. Go to the first page of the new document (PgDn), then press S.' });
      return;
    }
    // The clerk stays with the part before the split (still to index); ] goes to the new one.
    void layout({ op: 'split', pageId: currentPage.id }, `Split: page ${pageIndex + 1} and those after it are now document ${docIndex + 2}. Press ] to go there.`, document.id, pages[pageIndex - 1]?.id ?? null);
  };
  const merge = () => {
    if (!document) return;
    const next = documents[docIndex + 1];
    if (!next) {
      store().say({ tone: 'info', text: 'This is the last document: there is none after it to merge with.' });
      return;
    }
    void layout({ op: 'merge-with-next', documentId: document.id }, `Merged with the next document: ${plural(document.pageIds.length + next.pageIds.length, 'page')} now.`, document.id, currentPage?.id ?? null);
  };
  const movePage = (delta: -1 | 1) => {
    if (!document || !currentPage) return;
    const position = pageIndex + 1 + delta;
    if (position < 1 || position > pages.length) {
      store().say({ tone: 'info', text: delta < 0 ? 'Already the first page. Alt+← moves it to the previous document.' : 'Already the last page. Alt+→ moves it to the next document.' });
      return;
    }
    void layout({ op: 'move-page', pageId: currentPage.id, documentId: document.id, position }, `Page moved to position ${position}.`, document.id, currentPage.id);
  };
  const movePageTo = (delta: -1 | 1) => {
    if (!document || !currentPage) return;
    const target = documents[docIndex + delta];
    if (!target) {
      store().say({ tone: 'info', text: delta < 0 ? 'There is no document before this one.' : 'There is no document after this one. S splits this document at the page shown.' });
      return;
    }
    const position = delta < 0 ? target.pageIds.length + 1 : 1;
    // Stay on this document at the page that followed; a document left without pages is gone, then follow the page.
    const neighbour = pages[pageIndex + 1] ?? pages[pageIndex - 1] ?? null;
    void layout(
      { op: 'move-page', pageId: currentPage.id, documentId: target.id, position },
      `Page moved to the ${delta < 0 ? 'end' : 'start'} of document ${docIndex + 1 + delta}.`,
      document.id,
      neighbour?.id ?? currentPage.id,
    );
  };
  const rotate = (degrees: 90 | 270) => {
    if (!currentPage || !document) return;
    void layout({ op: 'rotate-page', pageId: currentPage.id, degrees }, degrees === 90 ? 'Page turned clockwise.' : 'Page turned anticlockwise.', document.id, currentPage.id);
  };
  const deletePage = () => {
    if (!currentPage || !document) return;
    const neighbour = pages[pageIndex + 1] ?? pages[pageIndex - 1] ?? null;
    void layout({ op: 'delete-page', pageId: currentPage.id }, `Page deleted: it is in the Deleted pages tray (Ctrl+Z brings it back).`, document.id, neighbour?.id ?? null);
  };
  const restore = (page: Page) => {
    if (!document) return;
    void layout({ op: 'restore-page', pageId: page.id, documentId: document.id }, `Page restored at the end of document ${docIndex + 1}.`, document.id, page.id);
  };
  const undo = async () => {
    if (!detail || !canEdit) return;
    if (!detail.undoAvailable) {
      store().say({ tone: 'info', text: 'Nothing to undo: no page changes in this batch.' });
      return;
    }
    const next = await store().undoLayout(batchId);
    if (next) follow(next, documentId, currentPage?.id ?? null);
  };

  const confirm = async () => {
    if (!current || !detail || busy) return;
    if (!canEdit) {
      store().say({ tone: 'warning', text: 'Only a records clerk or an administrator can confirm documents.' });
      return;
    }
    if (confirmed) {
      store().say({ tone: 'info', text: 'Already confirmed. ] goes to the next document; E reopens this one.' });
      return;
    }
    if (!current.canConfirm) {
      const first = blocking.find((f) => !isToDo(f)) ?? blocking[0];
      // The finding itself is shown right above Confirm; the notice says what to do about it.
      store().say({
        tone: 'danger',
        text: first && isToDo(first) ? `Cannot confirm yet: ${first.message}` : `Cannot confirm yet: fix the blocking finding${canOverride ? ', or override it with a reason (O)' : ', or ask a reviewer to override it (O)'}.`,
      });
      return;
    }
    const n = docIndex + 1;
    if (!(await store().confirm())) return;
    const next = nextOpenDocument(detail, current.documentId);
    if (next) {
      store().say({ tone: 'success', text: `Document ${n} confirmed. Now document ${documents.indexOf(next) + 1}.` });
      goToDocument(next);
      focusScreen();
    } else {
      store().say({ tone: 'success', text: `Document ${n} confirmed, the last one of this batch.` });
      focusScreen();
      setFinished(batchId);
    }
  };

  const openOverride = () => {
    if (!current) return;
    // Missing patient or type is never overridden: a document is not filed without them.
    const finding = blocking.find((f) => !isToDo(f)) ?? blocking.find((f) => f.code === 'missing-date-of-service');
    if (!finding) {
      store().say({ tone: 'info', text: 'No blocking finding to override.' });
      return;
    }
    if (!canOverride) {
      if (canEdit) setRequesting(finding);
      else store().say({ tone: 'warning', text: 'Only an administrator or a reviewer can override a finding. Fix it, or ask a reviewer.' });
      return;
    }
    setOverriding(finding);
  };
  /** X: the next scan replaces the page shown, or adds pages after it. */
  const openRescan = () => {
    if (!current || !currentPage || (!canEdit && !canOverride)) return;
    if (confirmed) store().say({ tone: 'info', text: 'This document is confirmed. Reopen it (E) before replacing pages.' });
    else setRescanning(true);
  };

  const focusField = (ref: RefObject<HTMLInputElement | null>) => {
    if (!canEdit) {
      store().say({ tone: 'info', text: 'You can look at this document; only a records clerk or an administrator can change it.' });
      return;
    }
    if (confirmed) {
      store().say({ tone: 'info', text: 'This document is confirmed. Press E to reopen it before changing it.' });
      return;
    }
    ref.current?.closest('section')?.scrollIntoView({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  };

  /** F2-F4 work from inside the fields too (they type nothing). */
  const fieldKeys = (event: ReactKeyboardEvent<HTMLInputElement>): boolean => {
    if (event.key === 'F2') focusField(patientRef);
    else if (event.key === 'F3') focusField(typeRef);
    else if (event.key === 'F4') focusField(dateRef);
    else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void confirm();
    else return false;
    return true;
  };

  useKeys(
    (event) => {
      if (keySequencePending()) return false;
      const ctrl = event.ctrlKey || event.metaKey;
      if (ctrl && event.altKey) return false;
      if (ctrl) {
        if (event.key === 'Enter') {
          void confirm();
          return true;
        }
        if ((event.key === 'z' || event.key === 'Z') && !event.shiftKey) {
          void undo();
          return true;
        }
        return false;
      }
      if (event.altKey) {
        switch (event.key) {
          case 'ArrowUp':
            movePage(-1);
            return true;
          case 'ArrowDown':
            movePage(1);
            return true;
          case 'ArrowLeft':
            movePageTo(-1);
            return true;
          case 'ArrowRight':
            movePageTo(1);
            return true;
          default:
            return false;
        }
      }
      if (event.key !== 'W' && applyZoomKey(event.key, viewer)) return true;
      switch (event.key) {
        case 'Escape':
          back();
          return true;
        case 'PageDown':
        case 'ArrowDown':
        case 'j':
          setPage(pageIndex + 1);
          return true;
        case 'PageUp':
        case 'ArrowUp':
        case 'k':
          setPage(pageIndex - 1);
          return true;
        case 'Home':
          setPage(0);
          return true;
        case 'End':
          setPage(pages.length - 1);
          return true;
        case ']':
        case 'n':
          goToDocument(documents[docIndex + 1]);
          return true;
        case '[':
        case 'p':
          goToDocument(documents[docIndex - 1]);
          return true;
        case 'a':
          if (!canEdit || confirmed) focusField(patientRef);
          else void store().acceptSuggestions();
          return true;
        case 'c':
          void confirm();
          return true;
        case 'e':
          if (confirmed && canEdit) {
            if (document?.delivery?.state === 'delivered') store().say({ tone: 'info', text: REOPEN_DELIVERED });
            else void store().reopen();
          }
          return true;
        case 'o':
          openOverride();
          return true;
        case 'x':
          openRescan();
          return true;
        case '/':
        case 'F2':
          focusField(patientRef);
          return true;
        case 'y':
        case 'F3':
          focusField(typeRef);
          return true;
        case 'd':
        case 'F4':
          focusField(dateRef);
          return true;
        case 's':
          split();
          return true;
        case 'm':
          merge();
          return true;
        case 'r':
          rotate(90);
          return true;
        case 'R':
          rotate(270);
          return true;
        case 'Delete':
          deletePage();
          return true;
        case 'h':
          setShowMarks((v) => !v);
          return true;
        default:
          return false;
      }
    },
    { withModifiers: true },
  );

  const { text: pageText } = usePageText(currentPage ?? placeholderPage, showMarks && currentPage !== null, 'refresh');
  const highlights =
    showMarks && currentPage && current ? identifierHighlights(currentPage.recognition.barcodes, pageText?.words ?? null, current.evidence, current.index.patient) : null;
  const deleted = detail ? detail.pages.filter((p) => p.deleted) : [];
  const counts = detail?.indexing ?? null;
  const reading = detail ? recognitionPhase(detail.recognition) !== 'done' : false;

  return (
    <div ref={rootRef} className="screen screen-viewer screen-indexing" tabIndex={-1}>
      <header className="viewer-toolbar">
        <Button variant="ghost" size="sm" icon="back" onClick={back} title="Back to the batch (Esc)">
          Batch
        </Button>
        <h1 className="viewer-title">Indexing {detail?.label ?? ''}</h1>
        <div className="toolbar-spacer" />
        {document && currentPage ? (
          <>
            {document.delivery ? (
              <span className="toolbar-delivery" aria-label={`Document ${docIndex + 1} delivery`}>
                <DeliveryStatus delivery={document.delivery} showReason={false} />
              </span>
            ) : null}
            <div className="toolbar-group" role="group" aria-label="Document">
              <IconButton icon="prevDoc" aria-label="Previous document" title="Previous document ([)" onClick={() => goToDocument(documents[docIndex - 1])} disabled={docIndex <= 0} />
              <span className="toolbar-text" aria-live="polite">
                Doc {docIndex + 1} of {documents.length}
              </span>
              <IconButton icon="nextDoc" aria-label="Next document" title="Next document (])" onClick={() => goToDocument(documents[docIndex + 1])} disabled={docIndex >= documents.length - 1} />
            </div>
            <div className="toolbar-group" role="group" aria-label="Page">
              <IconButton icon="prev" aria-label="Previous page" onClick={() => setPage(pageIndex - 1)} disabled={pageIndex <= 0} />
              <span className="toolbar-text" aria-live="polite">
                Page {pageIndex + 1} of {pages.length}
              </span>
              <IconButton icon="next" aria-label="Next page" onClick={() => setPage(pageIndex + 1)} disabled={pageIndex >= pages.length - 1} />
            </div>
            <div className="toolbar-group" role="group" aria-label="Page changes">
              <IconButton icon="rotateCcw" aria-label="Turn anticlockwise" title="Turn anticlockwise (Shift+R)" onClick={() => rotate(270)} disabled={!canEdit || busy} />
              <IconButton icon="rotateCw" aria-label="Turn clockwise" title="Turn clockwise (R)" onClick={() => rotate(90)} disabled={!canEdit || busy} />
              <IconButton icon="split" aria-label="Split here" title="Start a new document at this page (S)" onClick={split} disabled={!canEdit || busy || pageIndex === 0} />
              <IconButton icon="merge" aria-label="Merge with next" title="Merge with the next document (M)" onClick={merge} disabled={!canEdit || busy || docIndex >= documents.length - 1} />
              <IconButton icon="trash" aria-label="Delete page" title="Delete this page (Delete)" onClick={deletePage} disabled={!canEdit || busy} />
              <IconButton icon="undo" aria-label="Undo" title="Undo the last page change (Ctrl+Z)" onClick={() => void undo()} disabled={!canEdit || busy || !detail?.undoAvailable} />
            </div>
            <ZoomControls />
          </>
        ) : null}
      </header>
      {detail && reading ? (
        <div className="viewer-status">
          <RecognitionProgress progress={detail.recognition} documentCount={detail.documents.length} label="Recognition progress" />
          <span className="muted">Suggestions and checks fill in as pages are read.</span>
        </div>
      ) : null}

      {detailError ? (
        <div className="screen-body">
          <Alert action={<Button size="sm" onClick={() => navigate({ name: 'batches' })}>Back to batches</Button>}>{detailError}</Alert>
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
            <DocumentList batch={detail} current={document.id} onSelect={(d) => goToDocument(d)} counts={counts} />
            <DocumentPages pages={pages} current={pageIndex} onSelect={setPage} findings={current?.qc ?? []} docNumber={docIndex + 1} />
            {deleted.length > 0 ? <DeletedTray pages={deleted} onRestore={restore} disabled={!canEdit || busy} /> : null}
          </nav>
          <div className="ix-view">
            {document.sensitive ? (
              <SensitiveGate documentId={document.id} pageIds={document.pageIds} typeName={document.indexedDocType?.display ?? document.docType?.display ?? 'sensitive type'} />
            ) : null}
            <PageViewer
              page={currentPage}
              pageCount={pages.length}
              nextPage={pages[pageIndex + 1] ?? null}
              highlights={highlights}
              rotation={currentPage.clerkRotation as Turn}
              label={`Page ${pageIndex + 1} of ${pages.length} of document ${docIndex + 1}`}
              purgeAfterDays={detail.purgeAfterDays}
            />
            <div className="ix-marks-legend">
              {showMarks ? (
                <span aria-hidden="true" className="ix-swatches">
                  <span className="swatch swatch-mrn" /> MRN <span className="swatch swatch-name" /> name <span className="swatch swatch-birth-date" /> date of birth{' '}
                  <span className="swatch swatch-barcode" /> other barcode
                </span>
              ) : (
                <span>Identifiers are not highlighted.</span>
              )}
              <button type="button" className="ix-marks-toggle" aria-pressed={showMarks} onClick={() => setShowMarks((v) => !v)} title="Highlight the identifiers read on the page (H)">
                <kbd>H</kbd> {showMarks ? 'Hide' : 'Show'} highlights
              </button>
            </div>
          </div>
          <aside className="ix-panel" aria-label="Index values">
            {notice && !current ? <NoticeLine notice={notice} /> : null}
            {loadError && !current ? (
              <Alert action={<Button size="sm" onClick={() => documentId && void store().load(documentId)}>Try again</Button>}>{loadError}</Alert>
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
                refs={{ patient: patientRef, type: typeRef, date: dateRef }}
                onLeave={focusScreen}
                onFieldKey={fieldKeys}
                onConfirm={() => void confirm()}
                onOverride={setOverriding}
                onGoToPage={(pageId) => setPage(pages.findIndex((p) => p.id === pageId))}
                notice={notice}
                nextBatch={
                  canEdit && detail.indexing.total > 0 && detail.indexing.open === 0 ? (
                    <NextBatchOffer batchId={batchId} label={detail.label} focus={finished === batchId} onTake={(id) => navigate({ name: 'index', batchId: id, documentId: null })} />
                  ) : null
                }
              />
            )}
          </aside>
        </div>
      )}

      <ShortcutLegend
        items={[
          { keys: ['A'], action: 'Accept suggestions' },
          { keys: ['C'], action: 'Confirm, next' },
          { keys: ['/', 'Y', 'D'], action: 'Patient · type · date' },
          { keys: [']', '['], action: 'Document' },
          { keys: ['PgDn', 'PgUp'], action: 'Page' },
          { keys: ['S'], action: 'Split' },
          { keys: ['M'], action: 'Merge' },
          { keys: ['R'], action: 'Rotate' },
          { keys: ['Del'], action: 'Delete page' },
          { keys: ['Ctrl+Z'], action: 'Undo' },
          { keys: ['X'], action: 'Rescan page' },
          { keys: ['Esc'], action: 'Back' },
        ]}
      />
      {requesting && current ? (
        <RequestOverrideDialog
          documentId={current.documentId}
          finding={requesting}
          onClose={() => {
            setRequesting(null);
            focusScreen();
          }}
        />
      ) : null}
      {rescanning && current && currentPage ? (
        <RescanDialog
          documentId={current.documentId}
          pageId={currentPage.id}
          pageNumber={pageIndex + 1}
          onDone={(text) => store().say({ tone: 'info', text })}
          onClose={() => {
            setRescanning(false);
            focusScreen();
          }}
        />
      ) : null}
      {overriding ? (
        <OverrideDialog
          finding={overriding}
          onSubmit={(reason) => store().override(overriding.code, reason)}
          onClose={() => {
            setOverriding(null);
            focusScreen();
          }}
        />
      ) : null}
    </div>
  );
}

function DocumentList({ batch, current, onSelect, counts }: { batch: BatchDetail; current: string; onSelect(d: BatchDocument): void; counts: BatchDetail['indexing'] | null }) {
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  return (
    <section className="ix-docs" aria-labelledby="ix-docs-title">
      <h2 id="ix-docs-title" className="ix-section-title">
        Documents
      </h2>
      {counts ? (
        <p className="ix-counts" aria-label="Indexing progress of the batch">
          <span>
            <strong>{counts.confirmed}</strong> of {counts.total} confirmed
          </span>
          {counts.toDo > 0 ? <span>{counts.toDo} to do</span> : null}
          {counts.ready > 0 ? <span>{counts.ready} ready</span> : null}
          {counts.blocked > 0 ? <span className="ix-blocked-count">{counts.blocked} blocked</span> : null}
        </p>
      ) : null}
      <ol ref={listRef} className="doc-list">
        {batch.documents.map((d, i) => {
          const type = d.indexedDocType ?? null;
          return (
            <li key={d.id}>
              <button
                type="button"
                className={`doc-list-item ix-doc ix-doc-${d.state}`}
                aria-current={d.id === current ? 'true' : undefined}
                onClick={() => onSelect(d)}
                tabIndex={d.id === current ? 0 : -1}
                aria-label={`Document ${i + 1}, ${documentStateNames[d.state]}`}
              >
                <span className="doc-list-num">{i + 1}</span>
                <span className="doc-list-text">
                  <span className="doc-list-type">{type ? type.display : <span className="muted">{d.docType ? `${d.docType.display} (suggested)` : 'Type not set'}</span>}</span>
                  <span className="muted small">
                    {d.indexedPatientMrn ? <span className="mono">MRN {d.indexedPatientMrn}</span> : 'No patient yet'} · {plural(d.pageIds.length, 'page')}
                  </span>
                  {d.delivery ? <DeliveryStatus delivery={d.delivery} inline showBadge={false} /> : null}
                  {d.review?.state === 'rejected' && d.status !== 'confirmed' ? <span className="ix-returned small">Sent back by QC review</span> : null}
                </span>
                <DocumentStateBadge state={d.state} />
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function DocumentPages({ pages, current, onSelect, findings, docNumber }: { pages: Page[]; current: number; onSelect(i: number): void; findings: QcFinding[]; docNumber: number }) {
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  const flagged = new Set(findings.filter((f) => f.severity === 'blocking' && !f.override).flatMap((f) => f.pageIds));
  return (
    <section className="ix-pages" aria-labelledby="ix-pages-title">
      <h2 id="ix-pages-title" className="ix-section-title">
        Pages of document {docNumber}
      </h2>
      <ol ref={listRef} className="ix-thumbs">
        {pages.map((p, i) => (
          <li key={p.id}>
            <button
              type="button"
              className={`thumb ix-thumb${flagged.has(p.id) ? ' ix-thumb-flagged' : ''}`}
              aria-current={i === current ? 'page' : undefined}
              aria-label={`Page ${i + 1} of ${pages.length} (batch page ${p.sequence})${flagged.has(p.id) ? ', has a blocking finding' : ''}`}
              tabIndex={i === current ? 0 : -1}
              onClick={() => onSelect(i)}
            >
              <Thumbnail page={p} />
              <span className="thumb-caption">
                <span className="thumb-number">{i + 1}</span>
                <span className="thumb-source">batch page {p.sequence}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Thumbnail({ page }: { page: Page }) {
  const size = shownSize(page);
  const quarter = page.clerkRotation === 90 || page.clerkRotation === 270;
  const ratio = quarter ? `${size.height} / ${size.width}` : `${size.width} / ${size.height}`;
  return (
    <span className="thumb-frame ix-thumb-frame" style={{ aspectRatio: ratio }}>
      {page.purged ? (
        <PurgedThumbnail />
      ) : (
        <img
          key={imageRevision(page)}
          src={pageImageUrl(page.id, 'thumb', imageRevision(page))}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          style={
            page.clerkRotation
              ? { transform: `rotate(${page.clerkRotation}deg)${quarter ? ` scale(${Math.min(size.width, size.height) / Math.max(size.width, size.height)})` : ''}` }
              : undefined
          }
        />
      )}
    </span>
  );
}

function DeletedTray({ pages, onRestore, disabled }: { pages: Page[]; onRestore(page: Page): void; disabled: boolean }) {
  return (
    <section className="ix-deleted" aria-labelledby="ix-deleted-title">
      <h2 id="ix-deleted-title" className="ix-section-title">
        Deleted pages <Badge>{pages.length}</Badge>
      </h2>
      <p className="muted small">Kept until the batch is closed. Ctrl+Z undoes the last change.</p>
      <ul className="ix-deleted-list">
        {pages.map((p) => (
          <li key={p.id} className="ix-deleted-item">
            <Thumbnail page={p} />
            <span className="small">Batch page {p.sequence}</span>
            <Button size="sm" icon="restore" onClick={() => onRestore(p)} disabled={disabled} aria-label={`Restore batch page ${p.sequence} to this document`}>
              Restore here
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function IndexPanel({
  indexing,
  document,
  docNumber,
  types,
  canEdit,
  canOverride,
  editable,
  busy,
  refs,
  onLeave,
  onFieldKey,
  onConfirm,
  onOverride,
  onGoToPage,
  notice,
  nextBatch,
}: {
  notice: Notice | null;
  /** Once every document of the batch is confirmed: the next batch to index. */
  nextBatch: ReactNode;
  indexing: DocumentIndexing;
  document: BatchDocument;
  docNumber: number;
  types: ReturnType<typeof useIndexing.getState>['types'];
  canEdit: boolean;
  canOverride: boolean;
  editable: boolean;
  busy: boolean;
  refs: { patient: RefObject<HTMLInputElement | null>; type: RefObject<HTMLInputElement | null>; date: RefObject<HTMLInputElement | null> };
  onLeave(): void;
  onFieldKey(event: ReactKeyboardEvent<HTMLInputElement>): boolean;
  onConfirm(): void;
  onOverride(finding: QcFinding): void;
  onGoToPage(pageId: string): void;
}) {
  const setIndex = useIndexing((s) => s.setIndex);
  const accept = useIndexing((s) => s.acceptSuggestions);
  const reopen = useIndexing((s) => s.reopen);
  const { index, suggestions, evidence } = indexing;
  const dateOrder = useStation((s) => s.status?.dateOrder ?? null);
  const confirmed = indexing.status === 'confirmed';
  const blocking = blockingFindings(indexing);
  const problems = blocking.filter((f) => !isToDo(f));
  const toDo = blocking.filter(isToDo);
  const others = indexing.qc.filter((f) => f.severity === 'warning' || f.override).sort((a, b) => rank(a) - rank(b));
  // Until OCR has read every page, "nothing names the patient" would be a guess.
  const stillReading = indexing.qc.some((f) => f.code === 'recognition-incomplete');
  const hasSuggestions = suggestions.patients.length > 0 || suggestions.docTypes.length > 0 || suggestions.datesOfService.length > 0;
  const evidenceParts = [
    ...evidence.mrns.map((m) => `MRN ${m.value} (${m.source === 'barcode' ? 'label' : m.source === 'cover-sheet' ? 'cover sheet' : 'text'})`),
    ...evidence.names.map((n) => n),
    ...evidence.birthDates.map(birthDateEvidenceText),
  ];
  const chosenMatch = index.patient ? suggestions.patients.find((s) => s.patient.mrn === index.patient?.mrn) : undefined;
  const otherPatients = suggestions.patients.filter((s) => s !== chosenMatch);
  const fieldProps = { indexing, disabled: !editable, onLeave, onKeyDown: onFieldKey };

  return (
    <>
      <div className="ix-scroll" tabIndex={0} role="region" aria-label="Document details">
        <div className="ix-status">
          <h2 className="ix-doc-title">Document {docNumber}</h2>
          <DocumentStateBadge state={indexing.state} />
          <span className="muted small">{plural(document.pageIds.length, 'page')}</span>
        </div>
        {document.delivery ? (
          <div className="ix-delivery" aria-label="Delivery" role="status">
            <span className="ix-delivery-label">Delivery</span>
            <DeliveryStatus delivery={document.delivery} />
          </div>
        ) : null}
        <ReviewNote review={indexing.review} confirmed={confirmed} />
        <DocumentRequests indexing={indexing} canAnswer={canOverride} canEdit={canEdit} />
        {!confirmed && canEdit && hasSuggestions ? (
          <Button className="ix-accept" onClick={() => void accept()} disabled={busy} title="Take the suggested patient (when sure), type and date (A)">
            Accept suggestions <kbd>A</kbd>
          </Button>
        ) : null}

        {others.length > 0 ? (
          <OtherChecks findings={others}>
            {others.map((f) => (
              <Finding key={f.code} finding={f} pageIds={indexing.pageIds} onGoToPage={onGoToPage} />
            ))}
          </OtherChecks>
        ) : null}

        <section className="ix-field" aria-labelledby="ix-patient-title">
          <h2 id="ix-patient-title" className="ix-section-title">
            Patient
          </h2>
          {index.patient || !canEdit || confirmed ? (
            <div className={`ix-value${index.patient ? ' ix-value-set' : ''}`} aria-label="Patient chosen">
              {index.patient ? (
                <>
                  <PatientLine patient={index.patient} />
                  {chosenMatch ? <span className={`pt-why${chosenMatch.confidence === 'weak' ? ' pt-why-weak' : ''}`}>{matchSentence(chosenMatch, evidence)}</span> : null}
                </>
              ) : (
                <span className="muted">No patient chosen yet</span>
              )}
            </div>
          ) : null}
          {otherPatients.length > 0 ? (
            <ul className="ix-suggestions" aria-label="Suggested patients">
              {otherPatients.map((s) => (
                <li key={s.patient.mrn} className={`ix-suggestion${s.confidence === 'weak' ? ' ix-suggestion-weak' : ''}`}>
                  <PatientLine patient={s.patient} />
                  <span className={`pt-why${s.confidence === 'weak' ? ' pt-why-weak' : ''}`}>{matchSentence(s, evidence)}</span>
                  {editable ? (
                    <Button size="sm" onClick={() => void setIndex({ patientMrn: s.patient.mrn }, 'Patient set.')} disabled={busy}>
                      Use this patient
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : suggestions.patients.length === 0 ? (
            <p className="muted small" data-patient-evidence={stillReading ? 'reading' : 'read'}>
              {stillReading
                ? evidenceParts.length > 0
                  ? `No patient in the index fits what has been read so far; the pages are still being read.${index.patient ? '' : ' Or search below.'}`
                  : `The pages are still being read: the patient may yet be named on them.${index.patient ? '' : ' Or search below.'}`
                : evidenceParts.length > 0
                  ? 'No patient in the index fits what the pages say: search below.'
                  : 'Nothing on the pages names the patient: search below.'}
            </p>
          ) : null}
          {evidenceParts.length > 0 ? <p className="small ix-evidence">Read on the pages: {evidenceParts.join(' · ')}</p> : null}
          {canEdit ? <PatientField {...fieldProps} inputRef={refs.patient} onSave={(mrn) => setIndex({ patientMrn: mrn }, 'Patient set.')} /> : null}
        </section>

        <section className="ix-field" aria-labelledby="ix-type-title">
          <h2 id="ix-type-title" className="ix-section-title">
            Type
          </h2>
          {index.docType || !canEdit || confirmed ? (
            <div className={`ix-value${index.docType ? ' ix-value-set' : ''}`} aria-label="Type chosen">
              {index.docType ? (
                <span>
                  {index.docType.display} <span className="mono muted small">{index.docType.code}</span>
                </span>
              ) : (
                <span className="muted">No type chosen yet</span>
              )}
            </div>
          ) : null}
          {canEdit ? <TypeField {...fieldProps} types={types} inputRef={refs.type} onSave={(code) => setIndex({ docTypeCode: code }, 'Type set.')} /> : null}
          {suggestions.docTypes.length > 0 ? (
            <ul className="ix-suggestions ix-suggestions-compact" aria-label="Suggested types">
              {suggestions.docTypes.slice(0, 3).map((s) => (
                <li key={s.code} className="ix-suggestion">
                  <span>
                    <strong>{s.display}</strong> — <span className="pt-why">{typeSentence(s)}</span>
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <section className="ix-field" aria-labelledby="ix-date-title">
          <h2 id="ix-date-title" className="ix-section-title">
            Date of service
          </h2>
          {index.dateOfService || !canEdit || confirmed ? (
            <div className={`ix-value${index.dateOfService ? ' ix-value-set' : ''}`} aria-label="Date of service chosen">
              {index.dateOfService ? (
                <span>
                  {formatServiceDate(index.dateOfService)} <span className="mono muted small">{index.dateOfService}</span>
                </span>
              ) : (
                <span className="muted">No date yet</span>
              )}
            </div>
          ) : null}
          {canEdit ? <DateField {...fieldProps} inputRef={refs.date} onSave={(date) => setIndex({ dateOfService: date }, date ? 'Date of service set.' : 'Date of service cleared.')} /> : null}
          {suggestions.datesOfService.length > 0 ? (
            <ul className="ix-suggestions ix-suggestions-compact" aria-label="Dates read on the pages">
              {suggestions.datesOfService.slice(0, 3).map((s) => (
                <li key={`${s.date}-${s.source}`} className="ix-suggestion">
                  <span>
                    <strong>{formatServiceDate(s.date)}</strong> — <span className="pt-why">{dateOrder ? dateSuggestionText(s, dateOrder) : s.evidence}</span>
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>

      <div className="ix-gate" aria-label="Confirmation">
        {notice ? <NoticeLine notice={notice} /> : null}
        {nextBatch}
        {!confirmed && problems.length > 0 ? (
          <ul className="ix-findings ix-findings-gate" aria-label="Blocking findings">
            {problems.map((f) => (
              <Finding key={f.code} finding={f} pageIds={indexing.pageIds} onGoToPage={onGoToPage} onOverride={canOverride ? onOverride : undefined} />
            ))}
          </ul>
        ) : null}
        {!confirmed && toDo.length > 0 ? (
          <p className="ix-todo" aria-label="Still to do">
            <strong>Still to do:</strong> {toDo.map((f) => f.message).join(' ')}
          </p>
        ) : null}
        {confirmed ? (
          <div className="ix-confirmed">
            <p className="small">
              <strong>Confirmed</strong>
              {indexing.confirmedBy ? ` by ${indexing.confirmedBy}` : ''}
              {indexing.confirmedAt ? (
                <>
                  {' '}
                  · <When iso={indexing.confirmedAt} />
                </>
              ) : null}
            </p>
            {!canEdit ? null : document.delivery?.state === 'delivered' ? (
              <p className="small muted">{REOPEN_DELIVERED}</p>
            ) : (
              <Button size="sm" onClick={() => void reopen()} disabled={busy}>
                Reopen <kbd>E</kbd>
              </Button>
            )}
          </div>
        ) : canEdit ? (
          <>
            {problems.length > 0 ? (
              <p className="ix-confirm-why" id="ix-confirm-why">
                Confirm waits for {problems.length === 1 ? 'the blocking finding' : `${problems.length} blocking findings`}: fix {problems.length === 1 ? 'it' : 'them'}
                {canOverride ? ', or override with a reason (O)' : ', or ask a reviewer to override (O)'}.
              </p>
            ) : null}
            <Button
              variant="primary"
              icon="check"
              className="ix-confirm-button"
              onClick={onConfirm}
              disabled={!indexing.canConfirm || busy}
              aria-describedby={problems.length > 0 ? 'ix-confirm-why' : undefined}
            >
              Confirm and next <kbd className="kbd-on-primary">C</kbd>
            </Button>
          </>
        ) : (
          <p className="small muted">You can look at this document; a records clerk confirms it.</p>
        )}
      </div>
    </>
  );
}

/** Findings that only say a value is missing: a to-do list, not a problem with the pages. */
const isToDo = (f: QcFinding) => f.code === 'missing-patient' || f.code === 'missing-document-type' || f.code === 'missing-date-of-service';

function Finding({ finding: f, pageIds, onGoToPage, onOverride }: { finding: QcFinding; pageIds: string[]; onGoToPage(pageId: string): void; onOverride?: (f: QcFinding) => void }) {
  const where = findingPagesText(f, pageIds);
  const tone = f.override ? 'overridden' : f.severity;
  return (
    <li className={`ix-finding ix-finding-${tone}`} data-code={f.code}>
      <span className="ix-finding-head">
        <strong>{f.override ? 'Overridden' : f.severity === 'blocking' ? 'Blocking' : 'Warning'}</strong>
        {where ? (
          <button type="button" className="link-button" onClick={() => f.pageIds[0] && onGoToPage(f.pageIds[0])}>
            {where}
          </button>
        ) : null}
      </span>
      <span className="ix-finding-message">{f.message}</span>
      {f.override ? (
        <span className="small">
          {f.override.by}: “{f.override.reason}” · <When iso={f.override.at} />
        </span>
      ) : onOverride && f.severity === 'blocking' ? (
        <span>
          <Button size="sm" onClick={() => onOverride(f)} title="Let it pass with a reason (O)">
            Override…
          </Button>
        </span>
      ) : null}
    </li>
  );
}

function NoticeLine({ notice }: { notice: Notice }) {
  return (
    <div className={`ix-notice ix-notice-${notice.tone}`} role={notice.tone === 'danger' || notice.tone === 'warning' ? 'alert' : 'status'}>
      {notice.text}
    </div>
  );
}

const rank = (f: QcFinding) => (f.override ? 2 : f.severity === 'blocking' ? 0 : 1);


/** Where QC review stands: why a document came back, or that it waits for a reviewer. */
function ReviewNote({ review, confirmed }: { review: DocumentIndexing['review']; confirmed: boolean }) {
  if (!review) return null;
  if (review.state === 'rejected' && !confirmed) {
    return (
      <Alert tone="warning">
        <strong>Sent back by QC review</strong>
        {review.decidedBy ? ` (${review.decidedBy})` : ''}: {reasonSentence(review.reasonCode, review.reasonText).replace(/[.!?]$/, '')}. Fix it and confirm again; it goes back to
        review.
      </Alert>
    );
  }
  if (!confirmed) return null;
  if (review.state === 'awaiting') return <Alert tone="info">Waiting for QC review before it is delivered.</Alert>;
  if (review.state === 'approved') return <p className="ix-review-ok small">Approved by QC review{review.decidedBy ? ` (${review.decidedBy})` : ''}.</p>;
  return null;
}
