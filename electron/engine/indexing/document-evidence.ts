import type { DateOrder } from '../../../shared/domain/date-order.js';
import type { PatientEvidence } from '../../../shared/domain/patient.js';
import type { ReadDate } from '../../../shared/domain/written-dates.js';
import { mrnFromBarcode } from '../../../shared/domain/separation-rules.js';
import { findBirthDates, findMrns, findNames } from './patient-index/ocr-identifiers.js';

export interface EvidencePage {
  pageId: string;
  barcodes: { format: string; text: string }[];
  /** OCR lines of the page, top to bottom (empty while OCR is pending). */
  lines: string[];
}

/** What each page says about its patient, kept per page so QC can name the page that disagrees. */
export interface PageIdentifiers {
  pageId: string;
  /** From patient-label barcodes. */
  barcodeMrns: string[];
  /** Printed MRNs read by OCR next to an MRN label. */
  printedMrns: string[];
  /** Birth dates read by OCR next to a DOB label, in the station's date order (with the other reading, if any). */
  birthDates: ReadDate[];
  /** Names read by OCR next to a name label. */
  names: string[];
}

export function pageIdentifiers(page: EvidencePage, mrnPattern: string, dates: { order: DateOrder; today: Date }): PageIdentifiers {
  return {
    pageId: page.pageId,
    barcodeMrns: [...new Set(page.barcodes.map((b) => mrnFromBarcode(b.text, mrnPattern)).filter((m): m is string => m !== null))],
    printedMrns: findMrns(page.lines)
      .filter((m) => m.labelled)
      .map((m) => m.value),
    birthDates: findBirthDates(page.lines, dates.order, dates.today)
      .filter((d) => d.labelled)
      .map(({ text, date, otherReading }) => ({ text, date, otherReading })),
    names: findNames(page.lines)
      .filter((n) => n.labelled)
      .map((n) => n.text),
  };
}

/** The document's evidence for patient matching: cover sheet, labels, and what OCR read. */
export function documentEvidence(identifiers: readonly PageIdentifiers[], coverSheetMrn: string | null): PatientEvidence {
  const mrns: PatientEvidence['mrns'] = [];
  const seen = new Set<string>();
  const add = (value: string, source: PatientEvidence['mrns'][number]['source']) => {
    const key = `${source}:${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    mrns.push({ value, source });
  };
  if (coverSheetMrn) add(coverSheetMrn, 'cover-sheet');
  for (const page of identifiers) {
    page.barcodeMrns.forEach((m) => add(m, 'barcode'));
    page.printedMrns.forEach((m) => add(m, 'ocr'));
  }
  return {
    mrns,
    names: [...new Set(identifiers.flatMap((p) => p.names))],
    birthDates: [...new Map(identifiers.flatMap((p) => p.birthDates).map((d) => [`${d.text}|${d.date}`, d] as const)).values()],
  };
}
