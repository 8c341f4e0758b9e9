import type { SourceFormat } from '../../../shared/domain/batch.js';
import { readPnmStructure } from './decode-pnm.js';
import type { ScanLimits } from './limits.js';
import { UnreadableScan } from './unreadable-scan.js';

/**
 * Cheap checks of a file's skeleton before any decoder runs. Decoders are forgiving: libtiff
 * may report fewer pages for a cut-off TIFF and pdf.js rebuilds a broken xref, so without
 * these a truncated scan could become a batch with pages silently missing.
 */
export function checkStructure(format: SourceFormat, bytes: Buffer, limits: ScanLimits): void {
  switch (format) {
    case 'tiff':
      checkTiff(bytes, limits);
      return;
    case 'pdf':
      return checkPdfTail(bytes);
    case 'png':
      return checkPngEnd(bytes);
    case 'jpeg':
      return checkJpegEnd(bytes);
    case 'pnm':
      readPnmStructure(bytes, limits);
      return;
  }
}

function checkPdfTail(bytes: Buffer): void {
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) throw new UnreadableScan('truncated', 'no %%EOF marker at the end of the PDF');
}

function checkPngEnd(bytes: Buffer): void {
  const iend = Buffer.from([0x49, 0x45, 0x4e, 0x44]);
  if (bytes.lastIndexOf(iend) < 0) throw new UnreadableScan('truncated', 'PNG has no IEND chunk');
}

function checkJpegEnd(bytes: Buffer): void {
  // Some scanners pad after the end-of-image marker, so look near the end rather than at it.
  const tail = bytes.subarray(Math.max(0, bytes.length - 4096));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return;
  throw new UnreadableScan('truncated', 'JPEG has no end-of-image marker');
}

const TAG = { width: 256, height: 257, stripOffsets: 273, stripByteCounts: 279, tileOffsets: 324, tileByteCounts: 325 };
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 6: 1, 7: 1, 8: 2, 9: 4, 16: 8, 17: 8, 18: 8 };

/**
 * Walks the IFD chain of a classic TIFF, checking every directory and image strip lies inside
 * the file. Returns the page count (null for BigTIFF, which it does not walk).
 */
export function checkTiff(bytes: Buffer, limits: ScanLimits): number | null {
  if (bytes.length < 8) throw new UnreadableScan('truncated', 'TIFF header cut short');
  const little = bytes[0] === 0x49;
  const u16 = (o: number) => (little ? bytes.readUInt16LE(o) : bytes.readUInt16BE(o));
  const u32 = (o: number) => (little ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o));
  if (u16(2) === 43) return null; // BigTIFF: leave it to libtiff; scanners do not write it for pages.

  const values = (entry: number): number[] => {
    const type = u16(entry + 2);
    const count = u32(entry + 4);
    const size = TYPE_SIZE[type] ?? 0;
    if (size === 0) return [];
    const inline = size * count <= 4;
    const at = inline ? entry + 8 : u32(entry + 8);
    if (at + size * count > bytes.length) throw new UnreadableScan('truncated', 'TIFF tag data lies past the end of the file');
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(type === 3 ? u16(at + i * 2) : type === 4 ? u32(at + i * 4) : 0);
    return out;
  };

  const seen = new Set<number>();
  let offset = u32(4);
  let pages = 0;
  while (offset !== 0) {
    if (seen.has(offset)) throw new UnreadableScan('corrupt', 'TIFF directory chain loops');
    seen.add(offset);
    if (offset < 8 || offset + 2 > bytes.length) throw new UnreadableScan('truncated', 'TIFF directory lies past the end of the file');
    const count = u16(offset);
    const end = offset + 2 + count * 12;
    if (end + 4 > bytes.length) throw new UnreadableScan('truncated', 'TIFF directory cut short');
    if (++pages > limits.maxPagesPerFile) throw new UnreadableScan('too-many-pages', `more than ${limits.maxPagesPerFile} pages`);

    const tags = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const entry = offset + 2 + i * 12;
      tags.set(u16(entry), entry);
    }
    const first = (tag: number) => {
      const entry = tags.get(tag);
      return entry === undefined ? undefined : values(entry)[0];
    };
    const width = first(TAG.width);
    const height = first(TAG.height);
    if (width === undefined || height === undefined || width === 0 || height === 0) {
      throw new UnreadableScan('corrupt', 'TIFF page has no dimensions');
    }
    if (width * height > limits.maxPixelsPerPage) {
      throw new UnreadableScan('image-too-large', `a page claims ${width} x ${height} pixels`);
    }
    const offsetsEntry = tags.get(TAG.stripOffsets) ?? tags.get(TAG.tileOffsets);
    const countsEntry = tags.get(TAG.stripByteCounts) ?? tags.get(TAG.tileByteCounts);
    if (offsetsEntry === undefined || countsEntry === undefined) throw new UnreadableScan('corrupt', 'TIFF page has no image data');
    const starts = values(offsetsEntry);
    const lengths = values(countsEntry);
    if (starts.length !== lengths.length || starts.length === 0) throw new UnreadableScan('corrupt', 'TIFF strip tables disagree');
    starts.forEach((start, i) => {
      if (start + (lengths[i] ?? 0) > bytes.length) throw new UnreadableScan('truncated', 'TIFF image data lies past the end of the file');
    });
    offset = u32(end);
  }
  if (pages === 0) throw new UnreadableScan('no-pages');
  return pages;
}
