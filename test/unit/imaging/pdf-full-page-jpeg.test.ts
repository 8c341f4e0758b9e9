import { join } from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { decodeScanToStore, type StoredPage } from '../../../electron/engine/imaging/decode-scan.js';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import { singleImageDrawn } from '../../../electron/engine/imaging/pdf-page-jpeg.js';
import { ContentStore, sha256Hex } from '../../../electron/engine/storage/content-store.js';
import { renderPage } from '../../../scripts/samples/index.js';
import { makeTempDir } from '../../support/temp-dir.js';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let store: ContentStore;
/** A letter page of text at 150 dpi (PNG), scaled to each test's resolution. */
let letter: Buffer;
beforeAll(async () => {
  dir = await makeTempDir('pdf-jpeg');
  store = new ContentStore(join(dir.path, 'store'), StationKey.generate().fileKey());
  letter = (await renderPage({ seed: 29, dpi: 150 })).png;
}, 120_000);
afterAll(async () => dir.remove());

/** The page as a scanner's JPEG: grey or colour (a pale yellow form with black text), at `dpi`, `inches` wide. */
async function scannerJpeg(options: { dpi: number; inches: number; colour: boolean }): Promise<Buffer> {
  const width = Math.round(options.inches * options.dpi);
  const resized = sharp(letter).resize({ width });
  if (!options.colour) return resized.toColourspace('b-w').jpeg({ quality: 80 }).toBuffer();
  // Paper tinted yellow: a colour page that does not look grey.
  const { data, info } = await resized.grayscale().raw().toBuffer({ resolveWithObject: true });
  const tinted = Buffer.alloc(data.length * 3);
  data.forEach((v, i) => tinted.set([v, v, Math.round(v * 0.7)], i * 3));
  return sharp(tinted, { raw: { width: info.width, height: info.height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** An image-only PDF as a scanner writes it: one JPEG drawn over the whole page, nothing else. */
async function scannerPdf(jpeg: Buffer, dpi: number, extra?: (page: ReturnType<PDFDocument['addPage']>, font: Awaited<ReturnType<PDFDocument['embedFont']>>) => void): Promise<Buffer> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const image = await pdf.embedJpg(jpeg);
  const width = (image.width / dpi) * 72;
  const height = (image.height / dpi) * 72;
  const page = pdf.addPage([width, height]);
  page.drawImage(image, { x: 0, y: 0, width, height });
  if (extra) extra(page, await pdf.embedFont(StandardFonts.Helvetica));
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

async function decodeOne(pdf: Buffer): Promise<StoredPage> {
  const outcome = await decodeScanToStore(pdf, store.location, defaultScanLimits);
  if (!outcome.ok) throw new Error(`decode failed: ${outcome.reason}`);
  expect(outcome.pages).toHaveLength(1);
  return outcome.pages[0]!;
}

async function grayPixels(bytes: Buffer, width: number): Promise<Buffer> {
  return sharp(bytes).resize({ width }).grayscale().raw().toBuffer();
}

const meanDifference = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

describe('a PDF page that is one full-page JPEG', () => {
  it.each([
    { dpi: 150, inches: 8.5, colour: false },
    { dpi: 300, inches: 8.5, colour: true },
    { dpi: 600, inches: 3, colour: false },
  ])(
    'keeps the scanner JPEG as the page master at $dpi dpi (colour: $colour)',
    async ({ dpi, inches, colour }) => {
      const jpeg = await scannerJpeg({ dpi, inches, colour });
      const meta = await sharp(jpeg).metadata();
      const page = await decodeOne(await scannerPdf(jpeg, dpi));
      expect(page).toMatchObject({ width: meta.width, height: meta.height, dpi, dpiAssumed: false, colorMode: colour ? 'color' : 'gray', masterType: 'image/jpeg' });
      // The very bytes the scanner wrote: nothing rendered, nothing recompressed.
      expect(page.masterSha256).toBe(sha256Hex(jpeg));
    },
    120_000,
  );

  it('gives the pixels pdf.js renders for the same page', async () => {
    const jpeg = await scannerJpeg({ dpi: 200, inches: 8.5, colour: false });
    const taken = await decodeOne(await scannerPdf(jpeg, 200));
    // A fully transparent rectangle changes no pixel but is more than one image: rendered.
    const rendered = await decodeOne(await scannerPdf(jpeg, 200, (page) => page.drawRectangle({ x: 0, y: 0, width: 10, height: 10, opacity: 0 })));
    expect(rendered.masterType).toBe('image/png');
    expect(taken.width).toBe(rendered.width);
    const [a, b] = [await grayPixels(await store.read(taken.masterSha256), 850), await grayPixels(await store.read(rendered.masterSha256), 850)];
    expect(meanDifference(a, b)).toBeLessThan(1.5);
  }, 120_000);

  it('is rendered when the page has text over the image, and the text is on the page image', async () => {
    const jpeg = await scannerJpeg({ dpi: 150, inches: 8.5, colour: false });
    const stamped = await decodeOne(await scannerPdf(jpeg, 150, (page, font) => page.drawText('RECEIVED', { x: 300, y: 20, size: 36, font, color: rgb(0, 0, 0) })));
    expect(stamped.masterType).toBe('image/png');
    // Where the stamp lies, the page image is darker than the scan by the stamp's ink.
    // (36-pt capitals on a baseline 20 pt up: from 20 to about 46 pt above the bottom edge.)
    const stampArea = { left: Math.round((300 / 72) * 150), top: stamped.height - Math.round((48 / 72) * 150), width: 300, height: Math.round((28 / 72) * 150) };
    const mean = async (bytes: Buffer) => {
      const area = await sharp(bytes).grayscale().extract(stampArea).raw().toBuffer();
      return area.reduce((sum, v) => sum + v, 0) / area.length;
    };
    expect((await mean(jpeg)) - (await mean(await store.read(stamped.masterSha256)))).toBeGreaterThan(20);
  }, 120_000);
});

describe('the content stream of a scanner page', () => {
  it('is one image drawn under its matrix', () => {
    expect(singleImageDrawn('q\n612.0000 0 0 792.0000 0.0000 0.0000 cm\n/Im0 Do\nQ\n')).toEqual({ name: 'Im0', ctm: [612, 0, 0, 792, 0, 0] });
    expect(singleImageDrawn('q 1 0 0 1 0 0 cm q 2 0 0 3 0 0 cm /X1 Do Q Q')).toEqual({ name: 'X1', ctm: [2, 0, 0, 3, 0, 0] });
  });

  it('is not, with text, paths, a second image or stray operands', () => {
    expect(singleImageDrawn('q 612 0 0 792 0 0 cm /Im0 Do Q BT /F1 12 Tf (x) Tj ET')).toBeNull();
    expect(singleImageDrawn('q 612 0 0 792 0 0 cm /Im0 Do Q 0 0 10 10 re f')).toBeNull();
    expect(singleImageDrawn('q 612 0 0 792 0 0 cm /Im0 Do Q q 10 0 0 10 0 0 cm /Im1 Do Q')).toBeNull();
    expect(singleImageDrawn('q 612 0 0 792 0 0 cm /Im0 Do Q 5')).toBeNull();
    expect(singleImageDrawn('q /GS0 gs 612 0 0 792 0 0 cm /Im0 Do Q')).toBeNull();
    expect(singleImageDrawn('')).toBeNull();
  });
});
