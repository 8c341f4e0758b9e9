import type { Page } from '../../../shared/domain/batch.js';
import type { DocumentIndexing, QcFinding } from '../../../shared/domain/indexing.js';

/**
 * What is left of a protected document for a session that has not stated a reason: what the
 * clerk decided (the index, the status) stays, everything read from the pages goes. OCR'd
 * names, MRNs and dates, the words that suggested a type, barcode values, and QC sentences,
 * which quote what the page says ("the label reads MRN 123456, the index says ...").
 */
const QC_WITHHELD = 'Details are hidden until you state why you need to see this sensitive document.';

export function withheldQc(findings: readonly QcFinding[]): QcFinding[] {
  return findings.map((f) => ({ ...f, message: QC_WITHHELD }));
}

export function withheldIndexing(view: DocumentIndexing): DocumentIndexing {
  return {
    ...view,
    suggestions: { patients: [], docTypes: [], datesOfService: [] },
    evidence: { mrns: [], names: [], birthDates: [] },
    qc: withheldQc(view.qc),
  };
}

/** A page of a batch with its barcode values taken out (they are printed on the page). */
export function withheldPage(page: Page): Page {
  return { ...page, recognition: { ...page.recognition, barcodes: [] } };
}
