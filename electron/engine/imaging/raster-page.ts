import sharp, { type Metadata, type Sharp } from 'sharp';
import type { ColorMode } from '../../../shared/domain/batch.js';
import type { ScanLimits } from './limits.js';
import { UnreadableScan } from './unreadable-scan.js';

/** One decoded page, before encoding: a way to get its upright pixels and what we know of it. */
export interface RasterPage {
  sourcePageNumber: number;
  width: number;
  height: number;
  dpi: number;
  dpiAssumed: boolean;
  colorMode: ColorMode;
  /** A fresh sharp pipeline of the upright page each call (pipelines are single-use). */
  pixels: () => Sharp;
  /** The file's own bytes when they already are a lossless-as-scanned, upright single page. */
  originalMaster?: { bytes: Buffer; type: string };
}

export const sharpOptions = (limits: ScanLimits) =>
  ({
    limitInputPixels: limits.maxPixelsPerPage,
    // libtiff warns about harmless private tags that scanners write; only real errors fail a page.
    failOn: 'error',
    autoOrient: true,
  }) as const;

export function colorModeOf(meta: Metadata): ColorMode {
  if (meta.bitsPerSample === 1) return 'bilevel';
  if (meta.space === 'b-w' || meta.channels === 1 || meta.channels === 2) return 'gray';
  return 'color';
}

export function densityOf(meta: Metadata, limits: ScanLimits): { dpi: number; dpiAssumed: boolean } {
  // Some writers store resolution as 1 or 72 "per inch" meaning "unknown"; a scan below 50 dpi is not a scan.
  if (meta.density && meta.density >= 50 && meta.density <= 2400) return { dpi: meta.density, dpiAssumed: false };
  return { dpi: limits.assumedDpi, dpiAssumed: true };
}

export function uprightSize(meta: Metadata): { width: number; height: number } {
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new UnreadableScan('corrupt', 'image has no dimensions');
  return { width, height };
}

/** Turns a decoder's exception into the reason a clerk reads. */
export function classifyDecodeError(error: unknown): UnreadableScan {
  if (error instanceof UnreadableScan) return error;
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.split('\n')[0]!.slice(0, 300);
  if (/pixel limit|too large|dimensions/i.test(message)) return new UnreadableScan('image-too-large', detail);
  if (/premature|truncat|unexpected end|end of (file|data)|read error|EOF|short read|out of data/i.test(message)) {
    return new UnreadableScan('truncated', detail);
  }
  return new UnreadableScan('corrupt', detail);
}

export { sharp };
