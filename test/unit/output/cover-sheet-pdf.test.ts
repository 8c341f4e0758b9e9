import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DocumentTypeCatalogue, LOINC_SYSTEM, OTHER_DOCUMENT_TYPE_CODE, defaultDocumentTypes, findDocumentType } from '../../../shared/domain/document-types.js';
import { coverSheetText, isRealIsoDate, renderCoverSheetPdf } from '../../../electron/engine/output/cover-sheet-pdf.js';
import { parseCoverSheetPayload } from '../../../electron/engine/separation/cover-sheet-payload.js';
import { readCodes } from '../samples/zxing-reader.js';

const standardFontDataUrl = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/').href;

async function openPdf(bytes: Uint8Array) {
  // pdf.js detaches the array it is given, so it gets a copy.
  return getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false, standardFontDataUrl }).promise;
}

async function pageText(bytes: Uint8Array): Promise<string[]> {
  const doc = await openPdf(bytes);
  try {
    const content = await (await doc.getPage(1)).getTextContent();
    return content.items.map((item) => ('str' in item ? item.str : '')).filter(Boolean);
  } finally {
    await doc.destroy();
  }
}

/** Renders page 1 as a printer would print it and a scanner read it back, at `dpi`. */
async function renderPng(bytes: Uint8Array, dpi: number): Promise<Buffer> {
  const doc = await openPdf(bytes);
  try {
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    return canvas.toBuffer('image/png');
  } finally {
    await doc.destroy();
  }
}

const input = { mrn: '00123456', docTypeCode: '18842-5', dateOfService: '2025-03-02', encounter: 'E77001', patientName: "O'BRIEN, Mary-Kate" };

describe('document-type catalogue', () => {
  it('has the LOINC document codes, a clearly local catch-all, and validates', () => {
    expect(DocumentTypeCatalogue.parse(defaultDocumentTypes)).toHaveLength(defaultDocumentTypes.length);
    const codes = Object.fromEntries(defaultDocumentTypes.map((t) => [t.code, t.system]));
    for (const code of ['18842-5', '11488-4', '34117-2', '11506-3', '11502-2', '18748-4', '11504-8', '59284-0', '57133-1', '10160-0', '64290-0']) {
      expect(codes[code], code).toBe(LOINC_SYSTEM);
    }
    const other = findDocumentType(OTHER_DOCUMENT_TYPE_CODE)!;
    expect(other.system).not.toBe(LOINC_SYSTEM);
    expect(other.display).toBe('Other clinical document');
    expect(findDocumentType(' local-other ')).toBe(other);
    expect(findDocumentType('34133-9')).toBeNull();
    expect(findDocumentType('18842-5')?.display).toBe('Discharge summary');
    for (const type of defaultDocumentTypes) for (const k of type.keywords) expect(k).toBe(k.toLowerCase());
  });

  it('refuses a catalogue with a code twice or a malformed LOINC code', () => {
    const one = defaultDocumentTypes[0]!;
    expect(DocumentTypeCatalogue.safeParse([one, { ...one }]).success).toBe(false);
    expect(DocumentTypeCatalogue.safeParse([{ ...one, code: 'DS' }]).success).toBe(false);
    expect(DocumentTypeCatalogue.safeParse([{ ...one, code: 'DS', system: 'urn:example:local' }]).success).toBe(true);
  });
});

describe('renderCoverSheetPdf', () => {
  it('writes one US-letter page with the words in text: title, name, MRN, type, date, footer', async () => {
    const bytes = await renderCoverSheetPdf(input);
    const doc = await openPdf(bytes);
    expect(doc.numPages).toBe(1);
    const viewport = (await doc.getPage(1)).getViewport({ scale: 1 });
    expect([viewport.width, viewport.height]).toEqual([612, 792]);
    await doc.destroy();
    const text = (await pageText(bytes)).join('\n');
    expect(text).toContain('COVER SHEET');
    expect(text).toContain("O'BRIEN, Mary-Kate");
    expect(text).toContain('00123456');
    expect(text).toContain('Discharge summary (LOINC 18842-5)');
    expect(text).toContain('2025-03-02');
    expect(text).toContain('E77001');
    expect(text).toContain('MRN=00123456;DOCTYPE=18842-5;DOS=2025-03-02;ENC=E77001');
    expect(text.replace(/\s+/g, ' ')).toContain('Place this sheet in front of the document. ChartDesk reads the code and files the pages behind it.');
  });

  it('puts a DataMatrix on the page that decodes to the payload, printed and scanned at 150 and 300 dpi', async () => {
    const bytes = await renderCoverSheetPdf(input);
    const payload = coverSheetText(input).payload;
    expect(parseCoverSheetPayload(payload)).toEqual({ mrn: '00123456', docType: '18842-5', dateOfService: '2025-03-02', encounter: 'E77001', extra: {} });
    for (const dpi of [150, 300]) {
      const png = await renderPng(bytes, dpi);
      expect(await readCodes(png), `${dpi} dpi`).toEqual([{ format: 'DataMatrix', text: payload }]);
      // Fed upside down, the code still reads; the scan needs a 180 degree turn to be upright.
      expect(await readCodes(sharp(png).rotate(180))).toEqual([{ format: 'DataMatrix', text: payload }]);
    }
  });

  it('leaves a line for the name when none is given, and omits what is not known', async () => {
    const bytes = await renderCoverSheetPdf({ mrn: '1234567', docTypeCode: 'LOCAL-OTHER' });
    const text = (await pageText(bytes)).join('\n');
    expect(text).toMatch(/Patient name: _{8,}/);
    expect(text).toContain('Other clinical document (local code LOCAL-OTHER)');
    expect(text).toContain('not given');
    expect(text).not.toContain('ENCOUNTER');
    expect(await readCodes(await renderPng(bytes, 150))).toEqual([{ format: 'DataMatrix', text: 'MRN=1234567;DOCTYPE=LOCAL-OTHER' }]);
  });

  it('gives the same bytes for the same input (no dates in the file)', async () => {
    const [a, b] = await Promise.all([renderCoverSheetPdf(input), renderCoverSheetPdf(input)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('prints names outside the standard fonts with their base letters', async () => {
    const text = (await pageText(await renderCoverSheetPdf({ ...input, patientName: 'Łukasiewicz, Zoë Ąnna' }))).join('\n');
    expect(text).toContain('Lukasiewicz, Zoë Anna');
  });

  it('refuses what the payload cannot carry', async () => {
    await expect(renderCoverSheetPdf({ ...input, mrn: ' ' })).rejects.toThrow(/needs an MRN/);
    await expect(renderCoverSheetPdf({ ...input, encounter: 'A;B' })).rejects.toThrow(/may not contain/);
    await expect(renderCoverSheetPdf({ ...input, docTypeCode: '99999-9' })).rejects.toThrow(/unknown document type/);
    await expect(renderCoverSheetPdf({ ...input, dateOfService: '2025-02-30' })).rejects.toThrow(/not a real date/);
    expect([isRealIsoDate('2024-02-29'), isRealIsoDate('2023-02-29'), isRealIsoDate('2024-13-01'), isRealIsoDate('20240101')]).toEqual([true, false, false, false]);
  });
});
