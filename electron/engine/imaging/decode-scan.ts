import type { SourceFormat } from '../../../shared/domain/batch.js';
import { ContentStore, type StoreLocation } from '../storage/content-store.js';
import { decodePdf } from './decode-pdf.js';
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

export type DecodeOutcome =
  | { ok: true; format: SourceFormat; pages: StoredPage[] }
  | { ok: false; format: SourceFormat | null; reason: UnreadableScan['reason']; detail: string | null };

function decoderFor(format: SourceFormat, bytes: Buffer, limits: ScanLimits): Promise<RasterPage[]> {
  switch (format) {
    case 'tiff':
      return decodeTiff(bytes, limits);
    case 'pdf':
      return decodePdf(bytes, limits);
    case 'jpeg':
    case 'png':
      return decodePhoto(bytes, format, limits);
    case 'pnm':
      return Promise.resolve(decodePnm(bytes, limits));
  }
}

/**
 * Decodes a scan and writes every page's images into the content store. Returns facts only;
 * the caller commits the rows. All pages are decoded before any is reported, so a file that
 * fails on page 7 yields no half batch.
 */
export async function decodeScanToStore(bytes: Buffer, storeLocation: StoreLocation, limits: ScanLimits): Promise<DecodeOutcome> {
  let format: SourceFormat | null = null;
  try {
    if (bytes.length === 0) throw new UnreadableScan('empty-file');
    if (bytes.length > limits.maxFileBytes) throw new UnreadableScan('file-too-large', `${bytes.length} bytes`);
    format = sniffFormat(bytes.subarray(0, 4096));
    checkStructure(format, bytes, limits);
    const rasters = await decoderFor(format, bytes, limits);
    if (rasters.length === 0) throw new UnreadableScan('no-pages');
    const store = ContentStore.at(storeLocation);
    const pages: StoredPage[] = [];
    for (const raster of rasters) {
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
    }
    return { ok: true, format, pages };
  } catch (error) {
    const problem = classifyDecodeError(error);
    return { ok: false, format, reason: problem.reason, detail: problem.detail };
  }
}
