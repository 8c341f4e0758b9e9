import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { decodeScanToStore } from '../../../electron/engine/imaging/decode-scan.js';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import { readPageBarcodes } from '../../../electron/engine/recognition/barcode-pass.js';
import { decideBlank } from '../../../electron/engine/recognition/blank-page.js';
import { measurePage } from '../../../electron/engine/recognition/page-metrics.js';
import { ContentStore } from '../../../electron/engine/storage/content-store.js';
import { PAPER_SHEET_KINDS, type PaperSheet, drawPaperSheet, scanSheet } from '../../../scripts/samples/paper-sheets.js';
import { writeBilevelPdf } from '../../../scripts/samples/box-scenario.js';
import { writeJpeg, writeTiff } from '../../../scripts/samples/scan-files.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { grayOf } from '../../unit/recognition/recognition-fixtures.js';

/**
 * Issue 12, part 2: a page with something on it is never blank, and a blank sheet is. The
 * sheets are drawn at 600 dpi and "scanned" the way a scanner does (averaged down, sensor
 * noise), then written as the files scanners write: a Group 4 TIFF and an image-only PDF of 1-bit
 * pages (thresholded), and a grey JPEG. Each goes through the real decoder and the fast
 * path's blank decision (ink measurement, then barcodes). OSD and storage of the upright page
 * are left out: they do not take part in the decision.
 */
const DPIS = [100, 150, 200, 300] as const;
const FORMATS = ['tiff-g4', 'pdf', 'jpeg'] as const;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let store: ContentStore;
const sheets = new Map<string, PaperSheet>();
const scans = new Map<string, Buffer>();

beforeAll(async () => {
  tmp = await makeTempDir('blank-matrix');
  store = new ContentStore(tmp.path, StationKey.generate().fileKey());
  for (const [i, kind] of PAPER_SHEET_KINDS.entries()) sheets.set(kind, await drawPaperSheet(kind, 1200 + i));
}, 120_000);
afterAll(async () => {
  await tmp?.remove();
});

async function scanned(kind: string, dpi: number): Promise<Buffer> {
  const key = `${kind}@${dpi}`;
  if (!scans.has(key)) scans.set(key, await scanSheet(sheets.get(kind)!, { dpi, seed: dpi * 7 + kind.length }));
  return scans.get(key)!;
}

async function fileOf(png: Buffer, format: (typeof FORMATS)[number], dpi: number): Promise<Buffer> {
  if (format === 'tiff-g4') return writeTiff([png], { compression: 'g4', dpi });
  // 1-bit inside, as production scanners write PDFs: pdf.js decodes JPEG and Flate images in
  // JavaScript, several seconds for a 300-dpi page, and the JPEG leg covers grey already.
  if (format === 'pdf') return writeBilevelPdf([png], dpi);
  return writeJpeg(png, { dpi, quality: 80 });
}

/** What the fast path decides for the file's one page. */
async function judged(bytes: Buffer): Promise<{ blank: boolean; dpi: number }> {
  const outcome = await decodeScanToStore(bytes, store.location, defaultScanLimits);
  if (!outcome.ok) throw new Error(`decode failed: ${outcome.reason}`);
  const [page] = outcome.pages;
  const gray = await grayOf(await store.read(page!.masterSha256));
  const metrics = measurePage(gray, page!.dpi);
  // Barcodes only matter to a page the ink measurement finds empty (decideBlank is false
  // otherwise whatever they are), so the slow read is skipped for the others.
  const barcodes = metrics.blank ? await readPageBarcodes(gray, page!.dpi, metrics.markBox) : [];
  return { blank: decideBlank(metrics, barcodes), dpi: page!.dpi };
}

describe('blank or not, decided from what is on the page', () => {
  it.each(FORMATS.flatMap((format) => DPIS.map((dpi) => [format, dpi] as const)))(
    'as %s at %s dpi: every sheet with something on it is not blank, every blank sheet is blank',
    async (format, dpi) => {
      const wrong: string[] = [];
      for (const kind of PAPER_SHEET_KINDS) {
        const sheet = sheets.get(kind)!;
        const result = await judged(await fileOf(await scanned(kind, dpi), format, dpi));
        expect(result.dpi).toBe(dpi);
        if (result.blank === sheet.content) wrong.push(`${kind} judged ${result.blank ? 'blank' : 'not blank'}`);
      }
      expect(wrong).toEqual([]);
    },
    300_000,
  );
});
