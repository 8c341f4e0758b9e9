import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { decodeScanToStore } from '../../../electron/engine/imaging/decode-scan.js';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import { renderPage, writeImagePdf } from '../../../scripts/samples/index.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DPI = 150;
/** One rendered letter page at 150 dpi, as RGBA: 1275 x 1650 x 4 bytes (8.4 MB). */
const PAGE_RASTER_BYTES = Math.round(8.5 * DPI) * 11 * DPI * 4;

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let page: Buffer;
beforeAll(async () => {
  dir = await makeTempDir('pdf-pages');
  page = (await renderPage({ seed: 41, dpi: DPI })).png;
}, 120_000);
afterAll(async () => dir.remove());

/** Decodes a PDF of `pages` copies of the page; returns how far resident memory rose above where it started. */
async function decodeGrowth(pages: number): Promise<number> {
  const pdf = await writeImagePdf(
    Array.from({ length: pages }, () => page),
    { dpi: DPI, encoding: 'png' },
  );
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const outcome = await decodeScanToStore(pdf, { root: join(dir.path, 'store'), key: StationKey.generate().fileKey() }, defaultScanLimits);
  clearInterval(timer);
  expect(outcome.ok && outcome.pages.map((p) => [p.sourcePageNumber, p.width, p.dpi])).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, 1275, DPI]));
  return Math.max(peak, process.memoryUsage().rss) - before;
}

describe('a many-page PDF is decoded a page at a time', () => {
  it('stores every page, its memory not growing with the number of pages', async () => {
    await decodeGrowth(2); // loads pdf.js, the canvas and sharp's threads once
    const few = await decodeGrowth(4);
    const many = await decodeGrowth(40);
    // Thirty-six more pages held at once would be thirty-six more rendered rasters (300 MB). One
    // at a time, the difference is what the allocator keeps: sharp's and pdf.js's threads take
    // their own arenas, and under load more of them are touched (up to 10 pages' worth seen).
    // Half of "all held" tells the two apart with room on both sides.
    expect(many - few).toBeLessThan(18 * PAGE_RASTER_BYTES);
  }, 300_000);
});
