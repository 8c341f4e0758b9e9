import type { PatientEvidence } from '../../../shared/domain/patient.js';
import type { ReadDate } from '../../../shared/domain/written-dates.js';
import { mrnFromBarcode } from '../../../shared/domain/separation-rules.js';
import type { TextIdentifiers } from './page-text-identifiers.js';

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

/** What a page says about its patient: its patient-label barcodes, and what its text says (kept when the text was read: page-text-identifiers.ts). */
export function identifiersOfPage(pageId: string, barcodes: readonly { format: string; text: string }[], text: TextIdentifiers, mrnPattern: string): PageIdentifiers {
  return {
    pageId,
    barcodeMrns: [...new Set(barcodes.map((b) => mrnFromBarcode(b.text, mrnPattern)).filter((m): m is string => m !== null))],
    printedMrns: text.printedMrns,
    birthDates: text.birthDates,
    names: text.names,
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
