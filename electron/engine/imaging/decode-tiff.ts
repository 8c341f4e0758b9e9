import type { ScanLimits } from './limits.js';
import { type RasterPage, colorModeOf, densityOf, sharp, sharpOptions, uprightSize } from './raster-page.js';
import { checkTiff } from './structure-check.js';
import { UnreadableScan } from './unreadable-scan.js';

/** Every page of a TIFF, in file order: G4 bilevel, LZW grayscale, colour, one or many pages. */
export async function decodeTiff(bytes: Buffer, limits: ScanLimits): Promise<RasterPage[]> {
  const walked = checkTiff(bytes, limits);
  // Read the count from the first page: loading all pages at once fails when their sizes differ
  // (a landscape page in a portrait letter), which real batches do.
  const first = await sharp(bytes, { ...sharpOptions(limits), page: 0 }).metadata();
  const count = first.pages ?? 1;
  if (walked !== null && walked !== count) {
    throw new UnreadableScan('corrupt', `TIFF directories list ${walked} pages but ${count} can be read`);
  }
  if (count > limits.maxPagesPerFile) throw new UnreadableScan('too-many-pages', `${count} pages`);

  const pages: RasterPage[] = [];
  for (let index = 0; index < count; index++) {
    const pixels = () => sharp(bytes, { ...sharpOptions(limits), page: index });
    const meta = await pixels().metadata();
    pages.push({
      sourcePageNumber: index + 1,
      ...uprightSize(meta),
      ...densityOf(meta, limits),
      colorMode: colorModeOf(meta),
      pixels,
    });
  }
  return pages;
}
