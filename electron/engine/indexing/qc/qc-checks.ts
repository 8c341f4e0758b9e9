import type { DocumentType } from '../../../../shared/domain/document-types.js';
import type { QcCode, QcFinding } from '../../../../shared/domain/indexing.js';
import { type PatientCheckInput, patientChecks } from './patient-checks.js';

export interface QcPage {
  pageId: string;
  dpi: number;
  /** The file did not record its resolution (PNM, some PNG and JPEG): `dpi` is a guess. */
  dpiAssumed?: boolean;
  blank: boolean | null;
  brightness: number | null;
  contrast: number | null;
  sharpness: number | null;
  cutOffGlyphs: number | null;
  recognised: boolean;
}

export interface QcInput extends PatientCheckInput {
  pages: QcPage[];
  docType: DocumentType | null;
  dateOfService: string | null;
  /** Pages whose image already belongs to another indexed document. */
  duplicatePageIds: string[];
  overrides: ReadonlyMap<string, { by: string; reason: string; at: string }>;
  /** Pages judged blank on which OCR then found text (see blank-page-text.ts). */
  textOnBlank?: { returned: string[]; setAside: string[] };
}

/**
 * Thresholds, from measured pages (see page-metrics.ts): a crisp 300-dpi scan has sharpness
 * 1.0-1.4, a page blurred by 0.2 mm about 0.24, by 0.4 mm 0.02; contrast below 0.3 is a page
 * too dark or too light to read reliably. Resolution: 200 dpi is the usual minimum for records
 * that may be printed again; below 150 small print is lost.
 */
const RESOLUTION_WARN = 200;
const RESOLUTION_BLOCK = 150;
const SHARPNESS_WARN = 0.3;
const SHARPNESS_BLOCK = 0.08;
const CONTRAST_WARN = 0.3;
const CONTRAST_BLOCK = 0.15;
/** A few cut marks are a stamp or a margin note; a row of them is a line of text off the page. */
const CUT_OFF_WARN = 4;
const CUT_OFF_BLOCK = 25;

/** Which way a page measure gets worse: sharpness and contrast fall, cut-off marks mount up. */
interface MeasureScale {
  isPast(value: number, limit: number): boolean;
  worstOf(values: number[]): number;
}
const LOW_IS_WORSE: MeasureScale = { isPast: (value, limit) => value < limit, worstOf: (values) => Math.min(...values) };
const HIGH_IS_WORSE: MeasureScale = { isPast: (value, limit) => value >= limit, worstOf: (values) => Math.max(...values) };

/**
 * The automatic checks on a document, re-run on every change. Pure: the same facts always give
 * the same findings. Patient checks are blocking (the worst thing the station can do is file a
 * page under the wrong patient); image checks warn, and block beyond the unreadable threshold.
 */
export function runQcChecks(input: QcInput): QcFinding[] {
  const findings: QcFinding[] = [];
  const add = (code: QcCode, severity: QcFinding['severity'], message: string, pageIds: string[] = []) =>
    findings.push({ code, severity, message, pageIds, override: input.overrides.get(code) ?? null });

  patientChecks(input, add);

  if (!input.docType) add('missing-document-type', 'blocking', 'Choose the document type.');
  else if (input.docType.requiresDateOfService && !input.dateOfService) {
    add('missing-date-of-service', 'blocking', `A ${input.docType.display.toLowerCase()} needs a date of service.`);
  }

  const content = input.pages.filter((p) => p.blank !== true);
  /** A measure of each page with content (null: not measured): the pages past `warn` are named, and the worst of them past `block` blocks. */
  const imageCheck = (code: QcCode, measure: (p: QcPage) => number | null, scale: MeasureScale, warn: number, block: number, message: string) => {
    const past = content.filter((p) => {
      const value = measure(p);
      return value !== null && scale.isPast(value, warn);
    });
    if (past.length === 0) return;
    const worst = scale.worstOf(past.map((p) => measure(p)!));
    add(
      code,
      scale.isPast(worst, block) ? 'blocking' : 'warning',
      message,
      past.map((p) => p.pageId),
    );
  };
  const low = content.filter((p) => p.dpi < RESOLUTION_WARN);
  if (low.length > 0) {
    const worst = Math.min(...low.map((p) => p.dpi));
    // A guessed resolution never blocks: the clerk is told it is a guess (below) and decides.
    const worstKnown = Math.min(...low.filter((p) => !p.dpiAssumed).map((p) => p.dpi));
    add(
      'poor-image-resolution',
      worstKnown < RESOLUTION_BLOCK ? 'blocking' : 'warning',
      `Scanned at ${low.every((p) => p.dpiAssumed) ? 'about ' : ''}${Math.round(worst)} dpi; records need at least ${RESOLUTION_WARN} dpi. Rescan at ${RESOLUTION_WARN} dpi or more.`,
      low.map((p) => p.pageId),
    );
  }
  const guessed = content.filter((p) => p.dpiAssumed);
  if (guessed.length > 0) {
    const dpis = [...new Set(guessed.map((p) => Math.round(p.dpi)))].join(' or ');
    add(
      'image-resolution-unknown',
      'warning',
      `The scan file does not record its resolution, so ChartDesk assumed ${dpis} dpi (from the page size where it matched a paper size). The page's size in the PDF depends on it: check the scanner's resolution setting.`,
      guessed.map((p) => p.pageId),
    );
  }
  imageCheck('poor-image-exposure', (p) => p.contrast, LOW_IS_WORSE, CONTRAST_WARN, CONTRAST_BLOCK, 'A page is too dark or too light to read reliably. Check the scanner settings and rescan it.');
  imageCheck('poor-image-blur', (p) => p.sharpness, LOW_IS_WORSE, SHARPNESS_WARN, SHARPNESS_BLOCK, 'A page is blurred. Rescan it (check the glass and that the sheet lay flat).');
  imageCheck(
    'poor-image-cut-off',
    (p) => p.cutOffGlyphs,
    HIGH_IS_WORSE,
    CUT_OFF_WARN,
    CUT_OFF_BLOCK,
    'Text runs off the edge of a page: part of it was not scanned. Check the paper size and that the sheet went in straight, and rescan it.',
  );
  if (input.duplicatePageIds.length > 0) {
    add('suspected-duplicate', 'warning', 'These pages were already indexed in another document. Check this is not the same document scanned twice.', input.duplicatePageIds);
  }
  const textOnBlank = input.textOnBlank ?? { returned: [], setAside: [] };
  if (textOnBlank.returned.length > 0 || textOnBlank.setAside.length > 0) {
    add(
      'blank-page-has-text',
      'warning',
      textOnBlank.setAside.length > 0
        ? 'A page set aside as blank next to this document has text on it. Reopen the document if it is confirmed, and move the page into it if it belongs here.'
        : 'A page first set aside as blank has text on it, so it was put back in this document. Check that it belongs here.',
      [...textOnBlank.returned, ...textOnBlank.setAside],
    );
  }
  const pending = input.pages.filter((p) => !p.recognised);
  if (pending.length > 0)
    add(
      'recognition-incomplete',
      'warning',
      'Some pages are still being read: suggestions and checks may still change.',
      pending.map((p) => p.pageId),
    );
  return findings;
}

export const blocksConfirmation = (findings: readonly QcFinding[]) => findings.some((f) => f.severity === 'blocking' && !f.override);
