import { ZoomControls } from '../components/ZoomControls.js';
import { useEffect } from 'react';
import type { BatchDetail, BatchDocument, Page } from '../../shared/domain/batch.js';
import { OperatorName } from '../components/OperatorName.js';
import { Alert } from '../components/Alert.js';
import { Badge } from '../components/Badge.js';
import { BatchNotices } from '../components/BatchNotices.js';
import { Button, IconButton } from '../components/Button.js';
import { DeliveryStatus } from '../components/DeliveryStatus.js';
import { PageTextPanel, usePageText } from '../components/PageTextPanel.js';
import { PageViewer } from '../components/PageViewer.js';
import { RecognitionProgress } from '../components/RecognitionProgress.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { Spinner } from '../components/Spinner.js';
import { ThumbnailStrip } from '../components/ThumbnailStrip.js';
import { When } from '../components/When.js';
import { colorModeName, formatBytes, formatName, plural } from '../lib/format.js';
import { keySequencePending, useKeys } from '../lib/keys.js';
import {
  barcodeFormatName,
  blankText,
  contrastText,
  documentOfPage,
  documentStarts,
  FAILED_SENTENCE,
  formatServiceDate,
  ocrStatusText,
  originText,
  pageFailed,
  pageRangeText,
  placeholderPage,
  patientSourceText,
  recognitionPhase,
  resolutionText,
  roleText,
  rotationText,
  setAsideLabel,
  sharpnessText,
  skewText,
} from '../lib/recognition.js';
import { useBatches } from '../stores/batches.js';
import { DocumentStateBadge } from '../components/DocumentStateBadge.js';
import { navigate } from '../stores/router.js';
import { applyZoomKey, useViewer } from '../stores/viewer.js';

export function BatchViewer({ batchId, page }: { batchId: string; page: number }) {
  const detail = useBatches((s) => (s.detail?.id === batchId ? s.detail : null));
  const loading = useBatches((s) => s.detailLoading);
  const error = useBatches((s) => s.detailError);
  const openBatch = useBatches((s) => s.openBatch);
  const viewer = useViewer();

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

  useKeys((event) => {
    // The second key of "G B" etc. belongs to the global shortcuts.
    if (keySequencePending()) return false;
    if (applyZoomKey(event.key, viewer)) return true;
    switch (event.key) {
      case 'Escape':
        back();
        return true;
      case 'PageDown':
      case 'ArrowDown':
      case 'j':
        goTo(current + 1);
        return true;
      case 'PageUp':
      case 'ArrowUp':
      case 'k':
        goTo(current - 1);
        return true;
      case 'Home':
        goTo(1);
        return true;
      case 'End':
        goTo(pages.length);
        return true;
      case ']':
      case 'n':
      case 'N':
        goToDocument(nextDocStart);
        return true;
      case '[':
      case 'p':
      case 'P':
        goToDocument(prevDocStart);
        return true;
      case 'b':
      case 'B':
        viewer.toggleBarcodes();
        return true;
      case 't':
      case 'T':
        viewer.toggleText();
        return true;
      case 'i':
      case 'I':
        if (!detail || detail.documents.length === 0) return false;
        index();
        return true;
      default:
        return false;
    }
  });

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
                  {currentDoc ? `Document ${currentDoc.index + 1} of ${detail.documents.length}` : currentPage && setAsideLabel(currentPage.recognition) ? 'Set aside' : plural(detail.documents.length, 'document')}
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
          <Alert action={<Button size="sm" onClick={back}>Back to batches</Button>}>{error}</Alert>
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

      <ShortcutLegend
        items={[
          { keys: ['PgDn', 'PgUp'], action: 'Page' },
          { keys: [']', '['], action: 'Document' },
          { keys: ['B'], action: 'Barcodes' },
          { keys: ['T'], action: 'Text' },
          { keys: ['+', '-'], action: 'Zoom' },
          { keys: ['0'], action: 'Fit page' },
          { keys: ['W'], action: 'Fit width' },
          { keys: ['I'], action: 'Index' },
          { keys: ['Esc'], action: 'Back' },
        ]}
      />
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

const fileOf = (batch: BatchDetail, page: Page) => batch.sourceFiles.find((f) => f.id === page.sourceFileId) ?? null;

function PageDetails({
  batch,
  page,
  current,
  onSelect,
  starts,
}: {
  batch: BatchDetail;
  page: Page;
  current: { document: BatchDocument; index: number } | null;
  onSelect: (sequence: number) => void;
  starts: number[];
}) {
  const file = fileOf(batch, page);
  const r = page.recognition;
  const aside = setAsideLabel(r);
  return (
    <aside className="details" aria-label="Page details">
      {pageFailed(r) ? <Alert tone="warning">{FAILED_SENTENCE}</Alert> : null}
      <section aria-labelledby="details-recognition">
        <h2 id="details-recognition">Page {page.sequence}: what was found</h2>
        <dl className="props">
          <dt>Role</dt>
          <dd>{roleText(r)}</dd>
          <dt>Barcodes</dt>
          <dd>
            {r.fastStatus === 'pending' ? (
              <span className="muted">Not checked yet</span>
            ) : r.barcodes.length === 0 ? (
              r.fastStatus === 'failed' ? 'Not known' : 'No barcodes'
            ) : (
              <ul className="barcodes" aria-label="Barcodes found">
                {r.barcodes.map((b, i) => (
                  <li key={i}>
                    <span className="barcode-format">{barcodeFormatName(b.format)}</span>
                    <code className="barcode-value break">{b.text}</code>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Blank</dt>
          <dd>{blankText(r)}</dd>
          <dt>Orientation</dt>
          <dd>{rotationText(r)}</dd>
          <dt>Skew</dt>
          <dd>{skewText(r)}</dd>
          <dt>Resolution</dt>
          <dd>{resolutionText(page.dpi)}</dd>
          <dt>Contrast</dt>
          <dd>{contrastText(r.contrast, r.blank)}</dd>
          <dt>Sharpness</dt>
          <dd>{sharpnessText(r.sharpness, r.blank)}</dd>
          <dt>Text</dt>
          <dd>{ocrStatusText(r)}</dd>
        </dl>
      </section>
      {current ? (
        <DocumentDetails batch={batch} document={current.document} index={current.index} />
      ) : aside ? (
        <section aria-labelledby="details-document">
          <h2 id="details-document">Document</h2>
          <p className="small">This sheet is set aside: it stays in the batch but belongs to no document.</p>
        </section>
      ) : null}
      {batch.documents.length > 0 ? (
        <section aria-labelledby="details-documents">
          <h2 id="details-documents">Documents in this batch</h2>
          <ol className="doc-list">
            {batch.documents.map((d, i) => (
              <li key={d.id}>
                <button type="button" className="doc-list-item" aria-current={current?.document.id === d.id ? 'true' : undefined} onClick={() => starts[i] !== undefined && onSelect(starts[i])}>
                  <span className="doc-list-num">{i + 1}</span>
                  <span className="doc-list-text">
                    <span className="doc-list-type">
                      {(d.indexedDocType ?? d.docType)?.display ?? 'Type not known'}{' '}
                      <DocumentStateBadge state={d.state} />
                    </span>
                    <span className="muted small">
                      {d.indexedPatientMrn ? `MRN ${d.indexedPatientMrn}` : d.patient ? `MRN ${d.patient.mrn}` : 'No patient'} · {plural(d.pageIds.length, 'page')}
                      {d.complete ? '' : ' · still reading…'}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <section>
        <h2>Page {page.sequence}</h2>
        <dl className="props">
          <dt>Size</dt>
          <dd>
            {page.width} × {page.height} px
          </dd>
          <dt>Resolution</dt>
          <dd>{Math.round(page.dpi)} DPI</dd>
          <dt>Paper size</dt>
          <dd>{paperSize(page)}</dd>
          <dt>Colour</dt>
          <dd>{colorModeName(page.colorMode)}</dd>
          <dt>Source file</dt>
          <dd className="break">{file?.originalName ?? '—'}</dd>
          <dt>Source page</dt>
          <dd>
            {page.sourcePageNumber}
            {file ? ` of ${file.pageCount}` : ''}
          </dd>
        </dl>
      </section>
      <section>
        <h2>Batch</h2>
        <dl className="props">
          <dt>Label</dt>
          <dd>
            {batch.label} <Badge tone="success">{batch.status === 'ready' ? 'Ready' : batch.status}</Badge>
          </dd>
          <dt>Received</dt>
          <dd>
            <When iso={batch.createdAt} />
          </dd>
          <dt>Pages</dt>
          <dd>{batch.pageCount}</dd>
          <dt>Documents</dt>
          <dd>
            <RecognitionProgress progress={batch.recognition} documentCount={batch.documents.length} label="Recognition progress of the batch" compact />
          </dd>
          <dt>Station</dt>
          <dd>{batch.station}</dd>
          <dt>Operator</dt>
          <dd>
            <OperatorName operator={batch.operator} />
          </dd>
        </dl>
      </section>
      {batch.sourceFiles.length > 0 ? (
        <section>
          <h2>{batch.sourceFiles.length === 1 ? 'Source file' : 'Source files'}</h2>
          <ul className="files">
            {batch.sourceFiles.map((f) => (
              <li key={f.id}>
                <span className="break">{f.originalName}</span>
                <span className="muted small">
                  {formatName(f.format)} · {formatBytes(f.sizeBytes)} · {f.pageCount} {f.pageCount === 1 ? 'page' : 'pages'}
                </span>
                <span className="muted small hash" title={`SHA-256 ${f.sha256}`}>
                  SHA-256 {f.sha256.slice(0, 12)}…
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </aside>
  );
}

function DocumentDetails({ batch, document, index }: { batch: BatchDetail; document: BatchDocument; index: number }) {
  const date = formatServiceDate(document.dateOfService);
  return (
    <section aria-labelledby="details-document">
      <h2 id="details-document">This document</h2>
      <dl className="props">
        <dt>Document</dt>
        <dd>
          {index + 1} of {batch.documents.length}
          {document.complete ? null : <Badge tone="accent">Still reading</Badge>}
        </dd>
        <dt>Patient</dt>
        <dd>
          {document.patient ? (
            <>
              MRN <span className="mono">{document.patient.mrn}</span> <span className="muted">{patientSourceText(document.patient.source)}</span>
            </>
          ) : (
            <span className="muted">Not found yet</span>
          )}
        </dd>
        <dt>Type</dt>
        <dd>{document.docType ? document.docType.display : <span className="muted">Not known yet</span>}</dd>
        <dt>Service date</dt>
        <dd>{date ?? <span className="muted">Not known</span>}</dd>
        {document.encounter ? (
          <>
            <dt>Encounter</dt>
            <dd className="break">{document.encounter}</dd>
          </>
        ) : null}
        <dt>Pages</dt>
        <dd>
          {plural(document.pageIds.length, 'page')} ({pageRangeText(batch, document)})
        </dd>
        <dt>Started by</dt>
        <dd>{originText(document.origin)}</dd>
        <dt>Delivery</dt>
        <dd>{document.delivery ? <DeliveryStatus delivery={document.delivery} /> : <span className="muted">{document.status === 'confirmed' ? 'No delivery target' : 'Sent once confirmed'}</span>}</dd>
      </dl>
    </section>
  );
}


/** Physical size from pixels and DPI, in the units a clerk checks a scan against. */
const paperSize = (page: Page) => {
  if (!page.dpi) return '—';
  const wIn = page.width / page.dpi;
  const hIn = page.height / page.dpi;
  const mm = (inches: number) => Math.round(inches * 25.4);
  return `${mm(wIn)} × ${mm(hIn)} mm (${wIn.toFixed(1)} × ${hIn.toFixed(1)} in)`;
};
