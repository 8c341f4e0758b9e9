import bwipjs from 'bwip-js';
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib';
import { type DocumentType, LOINC_SYSTEM, findDocumentType } from '../../../shared/domain/document-types.js';
import { formatCoverSheetPayload } from '../separation/cover-sheet-payload.js';

/**
 * Printable cover sheets: a clerk prints one, puts it in front of a document, and the station
 * reads its DataMatrix (MRN, document type, date of service, encounter) and files the pages
 * behind it. The big print repeats the code's content for people, and for OCR when the code
 * is damaged.
 */

export interface CoverSheetInput {
  mrn: string;
  /** A code from the document-type catalogue (LOINC or local). */
  docTypeCode: string;
  /** YYYY-MM-DD */
  dateOfService?: string | null;
  encounter?: string | null;
  /** "Family, Given". Without it the sheet has a line to write the name on. */
  patientName?: string | null;
}

export interface CoverSheetText {
  /** What the DataMatrix holds (formatCoverSheetPayload). */
  payload: string;
  docType: DocumentType;
  title: string;
  /** Label and value pairs, in print order. A missing patient name has value null. */
  fields: Array<{ label: string; value: string | null }>;
  footer: string;
}

export const COVER_SHEET_TITLE = 'COVER SHEET';
export const COVER_SHEET_FOOTER = 'Place this sheet in front of the document. ChartDesk reads the code and files the pages behind it.';

/** Characters that would break the KEY=VALUE;... payload, or a line of print. */
const FORBIDDEN_IN_PAYLOAD = /[;=\r\n\t]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The words and the payload of a cover sheet, checked. Throws on values that cannot be
 * encoded (empty MRN, `;` or `=` in a value, an unknown document type, an impossible date):
 * the CLI validates first and explains; this is the last line of defence.
 */
export function coverSheetText(input: CoverSheetInput, catalogue?: readonly DocumentType[]): CoverSheetText {
  const mrn = input.mrn.trim();
  if (!mrn) throw new Error('a cover sheet needs an MRN');
  const encounter = input.encounter?.trim() || null;
  const dateOfService = input.dateOfService?.trim() || null;
  for (const [name, value] of [
    ['MRN', mrn],
    ['encounter', encounter],
  ] as const) {
    if (value && FORBIDDEN_IN_PAYLOAD.test(value)) throw new Error(`the ${name} may not contain ";", "=" or line breaks`);
  }
  if (dateOfService && !isRealIsoDate(dateOfService)) throw new Error(`date of service ${dateOfService} is not a real date (YYYY-MM-DD)`);
  const docType = findDocumentType(input.docTypeCode, catalogue);
  if (!docType) throw new Error(`unknown document type ${input.docTypeCode}`);
  const patientName = input.patientName?.replace(/\s+/g, ' ').trim() || null;
  const codeLabel = docType.system === LOINC_SYSTEM ? `LOINC ${docType.code}` : `local code ${docType.code}`;
  return {
    payload: formatCoverSheetPayload({ mrn, docType: docType.code, dateOfService, encounter }),
    docType,
    title: COVER_SHEET_TITLE,
    fields: [
      { label: 'Patient name', value: patientName },
      { label: 'MRN', value: mrn },
      { label: 'Document type', value: `${docType.display} (${codeLabel})` },
      { label: 'Date of service', value: dateOfService ?? 'not given' },
      ...(encounter ? [{ label: 'Encounter', value: encounter }] : []),
    ],
    footer: COVER_SHEET_FOOTER,
  };
}

const PAGE = { width: 612, height: 792 } as const; // US letter, points
const MARGIN = 54;
const CODE_SIZE = 162; // 2.25 in: about 7 pt (2.4 mm) per module for a typical payload
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.3, 0.3, 0.3);

/** A one-page US-letter PDF. The same input gives the same bytes (no dates in the file). */
export async function renderCoverSheetPdf(input: CoverSheetInput, options: { catalogue?: readonly DocumentType[] } = {}): Promise<Uint8Array> {
  const text = coverSheetText(input, options.catalogue);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const page = pdf.addPage([PAGE.width, PAGE.height]);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const mono = await pdf.embedFont(StandardFonts.Courier);

  // The code: top right, opaque white behind it so toner on the back cannot show through.
  const modulePixels = 10;
  const png = await bwipjs.toBuffer({ bcid: 'datamatrix', text: text.payload, scale: modulePixels, backgroundcolor: 'FFFFFF' });
  const image = await pdf.embedPng(png);
  const codeX = PAGE.width - MARGIN - CODE_SIZE;
  const codeTop = PAGE.height - MARGIN;
  page.drawImage(image, { x: codeX, y: codeTop - CODE_SIZE, width: CODE_SIZE, height: CODE_SIZE });
  // The payload in plain characters, right-aligned under the code.
  const payloadSize = fitSize(mono, text.payload, 9, PAGE.width - 2 * MARGIN, 5);
  const payloadWidth = mono.widthOfTextAtSize(text.payload, payloadSize);
  page.drawText(text.payload, { x: PAGE.width - MARGIN - payloadWidth, y: codeTop - CODE_SIZE - 14, size: payloadSize, font: mono, color: BLACK });

  // Beside the code: the title and how to use the sheet.
  const leftWidth = codeX - MARGIN - 18;
  const titleSize = fitSize(bold, text.title, 44, leftWidth, 20);
  page.drawText(text.title, { x: MARGIN, y: codeTop - titleSize, size: titleSize, font: bold, color: BLACK });
  let y = codeTop - titleSize - 30;
  for (const line of wrap(regular, 'Scan in front of the document it describes. Keep the code clean, flat and uncovered.', 12, leftWidth)) {
    page.drawText(line, { x: MARGIN, y, size: 12, font: regular, color: GREY });
    y -= 16;
  }

  // Below the code: the index values in large type, full width.
  const ruleY = codeTop - CODE_SIZE - 34;
  page.drawLine({ start: { x: MARGIN, y: ruleY }, end: { x: PAGE.width - MARGIN, y: ruleY }, thickness: 1.5, color: BLACK });
  y = ruleY - 40;
  const width = PAGE.width - 2 * MARGIN;
  for (const field of text.fields) {
    if (field.value !== null) page.drawText(field.label.toUpperCase(), { x: MARGIN, y, size: 12, font: regular, color: GREY });
    y -= 30;
    if (field.value === null) {
      // No patient index yet: a line to write the name on.
      drawLabelLine(page, bold, `${field.label}: `, y, width);
    } else {
      const value = winAnsi(bold, field.value);
      const size = fitSize(bold, value, 26, width, 14);
      page.drawText(value, { x: MARGIN, y, size, font: bold, color: BLACK });
    }
    y -= 36;
  }

  const footerLines = wrap(regular, text.footer, 13, width);
  footerLines.forEach((line, i) => {
    page.drawText(line, { x: MARGIN, y: MARGIN + (footerLines.length - 1 - i) * 17, size: 13, font: regular, color: BLACK });
  });
  return pdf.save({ useObjectStreams: false });
}

function drawLabelLine(page: PDFPage, font: PDFFont, label: string, y: number, width: number): void {
  const size = 22;
  page.drawText(label, { x: MARGIN, y, size, font, color: BLACK });
  const start = MARGIN + font.widthOfTextAtSize(label, size) + 4;
  page.drawText('_'.repeat(Math.max(8, Math.floor((MARGIN + width - start) / font.widthOfTextAtSize('_', size)))), {
    x: start,
    y,
    size,
    font,
    color: BLACK,
  });
}

/** The largest size up to `size` at which the text fits `width`, but never under `min`. */
function fitSize(font: PDFFont, text: string, size: number, width: number, min: number): number {
  const natural = font.widthOfTextAtSize(text, size);
  return natural <= width ? size : Math.max(min, Math.floor((size * width) / natural));
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines;
}

const LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ø: 'O', ø: 'o', ı: 'i', Ħ: 'H', ħ: 'h' };

/**
 * The standard fonts only cover WinAnsi. Names with other letters keep their base letters
 * (Ą becomes A, Ł becomes L; what cannot be shown becomes "?"), and the code, which
 * carries no name, is unaffected.
 */
function winAnsi(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 63;
    if (supported.has(code)) {
      out += char;
      continue;
    }
    const base = (LETTERS_WITHOUT_DECOMPOSITION[char] ?? char).normalize('NFD').replace(/\p{M}/gu, '');
    out += [...base].every((c) => supported.has(c.codePointAt(0) ?? -1)) && base ? base : '?';
  }
  return out;
}
