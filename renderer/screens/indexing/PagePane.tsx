import type { BatchDocument, Page } from '../../../shared/domain/batch.js';
import type { DocumentIndexing } from '../../../shared/domain/indexing.js';
import { usePageText } from '../../components/PageTextPanel.js';
import { PageViewer } from '../../components/PageViewer.js';
import { SensitiveGate } from '../../components/SensitiveGate.js';
import { identifierHighlights } from '../../lib/indexing.js';
import { placeholderPage } from '../../lib/recognition.js';

type Turn = 0 | 90 | 180 | 270;

/** The page shown, with the identifiers read on it highlighted (H hides them). */
export function PagePane({
  document,
  docNumber,
  pages,
  pageIndex,
  indexing,
  purgeAfterDays,
  showMarks,
  onToggleMarks,
}: {
  document: BatchDocument;
  docNumber: number;
  pages: Page[];
  pageIndex: number;
  indexing: DocumentIndexing | null;
  purgeAfterDays: number | null;
  showMarks: boolean;
  onToggleMarks(): void;
}) {
  const page = pages[pageIndex] ?? null;
  const { text: pageText } = usePageText(page ?? placeholderPage, showMarks && page !== null, 'refresh');
  if (!page) return null;
  const highlights = showMarks && indexing ? identifierHighlights(page.recognition.barcodes, pageText?.words ?? null, indexing.evidence, indexing.index.patient) : null;
  return (
    <div className="ix-view">
      {document.sensitive ? <SensitiveGate documentId={document.id} pageIds={document.pageIds} typeName={document.indexedDocType?.display ?? document.docType?.display ?? 'sensitive type'} /> : null}
      <PageViewer
        page={page}
        pageCount={pages.length}
        nextPage={pages[pageIndex + 1] ?? null}
        highlights={highlights}
        rotation={page.clerkRotation as Turn}
        label={`Page ${pageIndex + 1} of ${pages.length} of document ${docNumber}`}
        purgeAfterDays={purgeAfterDays}
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
        <button type="button" className="ix-marks-toggle" aria-pressed={showMarks} onClick={onToggleMarks} title="Highlight the identifiers read on the page (H)">
          <kbd>H</kbd> {showMarks ? 'Hide' : 'Show'} highlights
        </button>
      </div>
    </div>
  );
}
