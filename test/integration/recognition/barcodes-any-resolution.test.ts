import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { decodeScanToStore } from '../../../electron/engine/imaging/decode-scan.js';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import { readPageBarcodes } from '../../../electron/engine/recognition/barcode-pass.js';
import type { GrayImage } from '../../../electron/engine/recognition/barcode-reader.js';
import { measurePage } from '../../../electron/engine/recognition/page-metrics.js';
import { ContentStore } from '../../../electron/engine/storage/content-store.js';
import { type BarcodeSheetSpec, PAPER_DPI, type PaperSheet, drawBarcodeSheet, scanSheet } from '../../../scripts/samples/paper-sheets.js';
import { writeImageOnPagePdf, writePnm, writeTiff } from '../../../scripts/samples/scan-files.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { grayOf } from '../../unit/recognition/recognition-fixtures.js';

/**
 * Issue 12, part 3: barcodes at any page resolution. Codes are drawn at 600 dpi with the module
 * sizes labels are printed with (0.33 mm, 13 mil; 0.5 mm for PDF417, whose 0.42 mm modules no
 * reader here resolves at 100 dpi; 0.25 mm, 10 mil, for the QR sticker below), scanned down to
 * 100-200 dpi the way a scanner averages, and stored as a scanner would: a grey TIFF page, a PDF page (A4) with the scan of
 * the label alone drawn on it at its size (the image much smaller than the page), and a PBM as
 * `scanimage --mode Lineart` writes. Each file goes through the real decoder, then the fast
 * path's barcode pass on the stored page.
 */
const DPIS = [100, 150, 200] as const;
const A4 = { width: 8.27, height: 11.69 };
/** Where the code sits on the letter sheet. */
const AT = { x: 1, y: 1.2 };
/** A label scanned on its own: the code and its printed value with a quarter inch around. */
const LABEL_MARGIN = 0.25;

const CODES: Array<{ name: string; spec: BarcodeSheetSpec; format: string }> = [
  { name: 'Code 39 ASN00123 (no check digit)', spec: { format: 'code39', text: 'ASN00123', moduleMm: 0.33, at: AT }, format: 'Code39' },
  { name: 'Code 39 CUSTOM BARCODE', spec: { format: 'code39', text: 'CUSTOM BARCODE', moduleMm: 0.33, at: AT }, format: 'Code39' },
  { name: 'QR code ASN00123', spec: { format: 'qrcode', text: 'ASN00123', moduleMm: 0.33, at: AT }, format: 'QRCode' },
  { name: 'Code 128 MRN-00418822', spec: { format: 'code128', text: 'MRN-00418822', moduleMm: 0.33, at: AT }, format: 'Code128' },
  { name: 'Data Matrix MRN00418822', spec: { format: 'datamatrix', text: 'MRN00418822', moduleMm: 0.33, at: AT }, format: 'DataMatrix' },
  { name: 'PDF417 cover payload', spec: { format: 'pdf417', text: 'MRN=00418822;DOCTYPE=18842-5', moduleMm: 0.5, at: AT }, format: 'PDF417' },
];

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let store: ContentStore;
const sheets = new Map<string, PaperSheet>();

beforeAll(async () => {
  tmp = await makeTempDir('barcode-dpi');
  store = new ContentStore(tmp.path, StationKey.generate().fileKey());
  for (const code of CODES) sheets.set(code.name, await drawBarcodeSheet(code.spec));
}, 120_000);
afterAll(async () => {
  await tmp?.remove();
});

/** The fast path's barcode pass: the page as stored, and again upscaled where there are marks. */
const barcodesOnPage = (gray: GrayImage, dpi: number) => readPageBarcodes(gray, dpi, measurePage(gray, dpi).markBox);

/** What the barcode pass reads on the file's one page, and the page's stored resolution. */
async function readFile(bytes: Buffer): Promise<{ texts: string[]; formats: string[]; dpi: number }> {
  const outcome = await decodeScanToStore(bytes, store.location, defaultScanLimits);
  if (!outcome.ok) throw new Error(`decode failed: ${outcome.reason} ${outcome.detail}`);
  const [page] = outcome.pages;
  const found = await barcodesOnPage(await grayOf(await store.read(page!.masterSha256)), page!.dpi);
  return { texts: found.map((b) => b.text), formats: found.map((b) => b.format), dpi: page!.dpi };
}

/** The label's part of a scanned sheet, as a scan of the label alone. */
function labelOf(png: Buffer, sheet: PaperSheet, dpi: number): Promise<Buffer> {
  const box = sheet.codeBox!;
  const at = (inches: number) => Math.round(inches * dpi);
  return sharp(png)
    .extract({ left: at(box.x - LABEL_MARGIN), top: at(box.y - LABEL_MARGIN), width: at(box.width + 2 * LABEL_MARGIN), height: at(box.height + 2 * LABEL_MARGIN) })
    .png()
    .toBuffer();
}

/** ASN labels as printed for paper archives: 0.25 mm (10 mil) modules. */
const ASN_LABELS: BarcodeSheetSpec[] = [
  { format: 'code39', text: 'ASN00123', moduleMm: 0.25, at: AT },
  { format: 'code39', text: 'CUSTOM BARCODE', moduleMm: 0.25, at: AT },
  { format: 'qrcode', text: 'ASN00123', moduleMm: 0.25, at: AT },
];

describe('barcodes are read whatever resolution the page is stored at', () => {
  it.each(CODES.flatMap((code) => DPIS.map((dpi) => [code.name, dpi] as const)))('%s on a grey TIFF page scanned at %s dpi', async (name, dpi) => {
    const code = CODES.find((c) => c.name === name)!;
    const png = await scanSheet(sheets.get(name)!, { dpi, seed: dpi });
    const read = await readFile(await writeTiff([png], { compression: 'lzw', dpi }));
    expect(read.dpi).toBe(dpi);
    expect(read.texts).toContain(code.spec.text);
    expect(read.formats).toContain(code.format);
  });

  it.each(ASN_LABELS.flatMap((label) => [...DPIS, PAPER_DPI / 2].map((dpi) => [`${label.format} ${label.text}`, dpi] as const)))(
    'a 0.25 mm %s label scanned alone at %s dpi, on an A4 PDF page far larger than the image',
    async (name, dpi) => {
      const spec = ASN_LABELS.find((l) => `${l.format} ${l.text}` === name)!;
      const sheet = await drawBarcodeSheet(spec);
      const label = await labelOf(await scanSheet(sheet, { dpi, seed: dpi + 1 }), sheet, dpi);
      const read = await readFile(await writeImageOnPagePdf(label, { dpi, pageInches: A4, at: { x: 1.5, y: 2 } }));
      // The page is rendered at the label's own resolution, not at its pixels over the page's width.
      expect(read.dpi).toBe(dpi);
      expect(read.texts).toContain(spec.text);
    },
  );

  it.each(CODES.slice(0, 3).flatMap((code) => DPIS.map((dpi) => [code.name, dpi] as const)))('%s on a PBM page scanned at %s dpi', async (name, dpi) => {
    const code = CODES.find((c) => c.name === name)!;
    const png = await scanSheet(sheets.get(name)!, { dpi, seed: dpi + 2 });
    const read = await readFile(await writePnm(png, { kind: 'pbm' }));
    // A PNM records no resolution: a whole letter sheet's pixel size gives it.
    expect(read.dpi).toBe(dpi);
    expect(read.texts).toContain(code.spec.text);
  });
});

describe('small codes wherever they fall on the pixel grid', () => {
  /**
   * Whether a reader resolves a module of 1-1.5 pixels depends on where its edges fall between
   * pixels, so each code is drawn at several positions a fraction of a pixel apart. Read at the
   * stored resolution only, the QR code is missed at 2 of 8 positions and the Data Matrix and
   * Code 128 at every one; read again at 300 dpi, all are found.
   */
  it.each([
    ['a 0.25 mm QR code', 150, 8, { format: 'qrcode', text: 'ASN00123', moduleMm: 0.25 }],
    ['a 0.33 mm Data Matrix', 100, 6, { format: 'datamatrix', text: 'MRN00418822', moduleMm: 0.33 }],
    ['a 0.33 mm Code 128', 100, 6, { format: 'code128', text: 'MRN-00418822', moduleMm: 0.33 }],
  ] as const)('%s on a %s-dpi page is read at every one of %s positions', async (_name, dpi, positions, code) => {
    const missed: number[] = [];
    for (let k = 0; k < positions; k++) {
      // 1/600 inch apart: quarter or sixth pixel steps at 150 and 100 dpi.
      const sheet = await drawBarcodeSheet({ ...code, sheetInches: { width: 5, height: 2 }, at: { x: 0.4 + k / PAPER_DPI, y: 0.4 + k / PAPER_DPI } });
      const found = await barcodesOnPage(await grayOf(await scanSheet(sheet, { dpi, seed: 21 + k })), dpi);
      if (!found.some((b) => b.text === code.text)) missed.push(k);
    }
    expect(missed).toEqual([]);
  });
});
