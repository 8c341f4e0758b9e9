import { coverSheetText } from '../../electron/engine/output/cover-sheet-pdf.js';
import type { CoverSheetInput } from '../../electron/engine/output/cover-sheet-pdf.js';
import type { BarcodeFormat } from './barcode-image.js';
import type { PageSpec, TextSpec } from './page-render.js';

/**
 * The sheets a records clerk slips into a box of paper before back-scanning, as page specs for
 * renderPage: what the scanner sees, so tests exercise real barcode reading.
 */

export const SEPARATOR_VALUE = 'PATCHT';

export type CaptureSheetSpec = Omit<PageSpec, 'seed' | 'dpi'>;

/**
 * A separator sheet: a large linear code reading PATCHT in the middle of an otherwise empty
 * sheet, with SEPARATOR in big letters above and below (our stand-in for a Kodak patch-T).
 * 30 mil bars, 1.5 in tall: readable at 100 dpi, and from a sheet fed sideways.
 */
export function separatorSheetSpec(options: { value?: string; format?: Extract<BarcodeFormat, 'code128' | 'code39'> } = {}): CaptureSheetSpec {
  return {
    lines: [],
    texts: [
      { text: 'SEPARATOR', y: 3.2, points: 72, bold: true },
      { text: 'SEPARATOR', y: 8.8, points: 72, bold: true },
      { text: 'Scanning starts a new document after this sheet.', y: 9.6, points: 14 },
    ],
    barcodes: [{ format: options.format ?? 'code128', text: options.value ?? SEPARATOR_VALUE, centered: true, y: 4.75, moduleMils: 30, barHeightInches: 1.5 }],
  };
}

/**
 * A cover sheet as renderCoverSheetPdf prints it, scanned: a DataMatrix of the payload at the
 * top right, and the same words in large type below it. bwip-js draws a 2D code's cells two
 * "modules" wide, so moduleMils 30 gives cells of about 60 mil (1.5 mm): a 26 x 26 symbol is
 * about 1.6 inches square, as on the printed sheet.
 */
export function coverSheetSpec(input: CoverSheetInput): CaptureSheetSpec & { payload: string } {
  const text = coverSheetText(input);
  const texts: TextSpec[] = [
    { text: text.title, x: 0.75, y: 1.35, points: 44, bold: true },
    { text: 'Scan in front of the document it describes.', x: 0.75, y: 1.85, points: 12 },
    { text: text.payload, x: 0.75, y: 3.1, points: 9 },
  ];
  let y = 3.8;
  for (const field of text.fields) {
    if (field.value === null) {
      texts.push({ text: `${field.label}: ____________________`, x: 0.75, y: y + 0.38, points: 20, bold: true });
    } else {
      texts.push({ text: field.label.toUpperCase(), x: 0.75, y, points: 11 });
      texts.push({ text: field.value, x: 0.75, y: y + 0.38, points: 20, bold: true });
    }
    y += 0.85;
  }
  const [first, ...rest] = text.footer.split('. ');
  texts.push({ text: `${first}.`, x: 0.75, y: 10.0, points: 12 });
  texts.push({ text: rest.join('. '), x: 0.75, y: 10.25, points: 12 });
  return {
    payload: text.payload,
    lines: [],
    texts,
    barcodes: [{ format: 'datamatrix', text: text.payload, x: 5.6, y: 0.6, moduleMils: 30 }],
  };
}
