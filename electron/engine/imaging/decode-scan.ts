import type { SourceFormat } from '../../../shared/domain/batch.js';
import { ContentStore, type StoreLocation } from '../storage/content-store.js';
import { decodePdfPages } from './decode-pdf.js';
import { decodePhoto } from './decode-photo.js';
import { decodePnm } from './decode-pnm.js';
import { decodeTiff } from './decode-tiff.js';
import type { ScanLimits } from './limits.js';
import { encodePage } from './page-encoding.js';
import { type RasterPage, classifyDecodeError } from './raster-page.js';
import { sniffFormat } from './sniff-format.js';
import { checkStructure } from './structure-check.js';
import { UnreadableScan } from './unreadable-scan.js';

export interface StoredPage {
  sourcePageNumber: number;
  width: number;
  height: number;
  dpi: number;
  dpiAssumed: boolean;
  colorMode: RasterPage['colorMode'];
  masterSha256: string;
  masterType: string;
  viewSha256: string;
  thumbSha256: string;
}

/** Sent after each page is stored: the decoder is making headway (its time limit runs per page). */
export interface DecodeProgress {
  pagesStored: number;
}

export type DecodeOutcome = { ok: true; format: SourceFormat; pages: StoredPage[] } | { ok: false; format: SourceFormat | null; reason: UnreadableScan['reason']; detail: string | null };

/** A format's pages, one at a time: a PDF's are rendered as they are asked for (see decodePdfPages). */
async function* decoderFor(format: SourceFormat, bytes: Buffer, limits: ScanLimits): AsyncGenerator<RasterPage> {
  switch (format) {
    case 'tiff':
      // Lazy already: each page's pixels are read from the file when its images are encoded.
      yield* await decodeTiff(bytes, limits);
      return;
    case 'pdf':
      yield* decodePdfPages(bytes, limits);
      return;
    case 'jpeg':
    case 'png':
      yield* await decodePhoto(bytes, format, limits);
      return;
    case 'pnm':
      yield* decodePnm(bytes, limits);
      return;
  }
}

/**
 * Decodes a scan and writes every page's images into the content store, one page at a time, so
 * memory stays flat however many pages a file has (a 500-page box). Returns facts only; the
 * caller commits the rows, and only for a file whose every page decoded: a file that fails on
 * page 7 yields no half batch. `onPageStored` hears of each page stored (the decoder's pool
 * gives each page its own time limit, so a 500-page box is not judged by a one-page limit). No row points at the images it
 * stored for pages 1-6; the orphan sweep removes them at the next start.
 */
export async function decodeScanToStore(bytes: Buffer, storeLocation: StoreLocation, limits: ScanLimits, onPageStored?: (progress: DecodeProgress) => void): Promise<DecodeOutcome> {
  let format: SourceFormat | null = null;
  try {
    if (bytes.length === 0) throw new UnreadableScan('empty-file');
    if (bytes.length > limits.maxFileBytes) throw new UnreadableScan('file-too-large', `${bytes.length} bytes`);
    format = sniffFormat(bytes.subarray(0, 4096));
    checkStructure(format, bytes, limits);
    const store = ContentStore.at(storeLocation);
    const pages: StoredPage[] = [];
    for await (const raster of decoderFor(format, bytes, limits)) {
      const encoded = await encodePage(raster);
      pages.push({
        sourcePageNumber: encoded.sourcePageNumber,
        width: encoded.width,
        height: encoded.height,
        dpi: encoded.dpi,
        dpiAssumed: encoded.dpiAssumed,
        colorMode: encoded.colorMode,
        masterSha256: await store.put(encoded.master.bytes),
        masterType: encoded.master.type,
        viewSha256: await store.put(encoded.view),
        thumbSha256: await store.put(encoded.thumb),
      });
      onPageStored?.({ pagesStored: pages.length });
    }
    if (pages.length === 0) throw new UnreadableScan('no-pages');
    return { ok: true, format, pages };
  } catch (error) {
    const problem = classifyDecodeError(error);
    return { ok: false, format, reason: problem.reason, detail: problem.detail };
  }
}
