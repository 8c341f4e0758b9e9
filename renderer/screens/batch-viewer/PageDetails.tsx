import type { BatchDetail, BatchDocument, Page } from '../../../shared/domain/batch.js';
import { Alert } from '../../components/Alert.js';
import { Badge } from '../../components/Badge.js';
import { DeliveryStatus } from '../../components/DeliveryStatus.js';
import { DocumentStateBadge } from '../../components/DocumentStateBadge.js';
import { OperatorName } from '../../components/OperatorName.js';
import { RecognitionProgress } from '../../components/RecognitionProgress.js';
import { When } from '../../components/When.js';
import { colorModeName, formatBytes, formatName, plural } from '../../lib/format.js';
import {
  barcodeFormatName,
  blankText,
  FAILED_SENTENCE,
  formatServiceDate,
  ocrStatusText,
  originText,
  pageFailed,
  pageRangeText,
  patientSourceText,
  roleText,
  rotationText,
  setAsideLabel,
  skewText,
} from '../../lib/recognition.js';
import { contrastText, resolutionText, sharpnessText } from '../../lib/page-measurements.js';

/** The source file a page came from. */
export const fileOf = (batch: BatchDetail, page: Page) => batch.sourceFiles.find((f) => f.id === page.sourceFileId) ?? null;

/** The side panel of the batch viewer: what recognition found on the page, its document, the batch and its files. */
export function PageDetails({
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
              r.fastStatus === 'failed' ? (
                'Not known'
              ) : (
                'No barcodes'
              )
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
                      {(d.indexedDocType ?? d.docType)?.display ?? 'Type not known'} <DocumentStateBadge state={d.state} />
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
