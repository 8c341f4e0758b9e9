import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { assemblePdf, streamObject } from '../../scripts/samples/pdf-bytes.js';
import { joinTiffPages } from '../../scripts/samples/tiff-join.js';

/**
 * Files built to hurt a decoder, each small on disk. They are real files (every offset and
 * stream length right), so the harm comes from what a reader does with them, not from a
 * parse error.
 */

/** A one-page PDF whose page content is this (deflated) stream. */
function onePagePdf(content: Buffer): Buffer {
  return assemblePdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
      streamObject('/Filter /FlateDecode', deflateSync(content, { level: 9 })),
    ],
    '/Root 1 0 R',
  );
}

/**
 * A heap bomb: a deflated content stream of `operators` path operators (about 6 bytes each,
 * compressing about 700:1). pdf.js turns each into objects of an operator list that only
 * grows, so the decoder's V8 heap runs out long before the stream ends.
 */
export function operatorBombPdf(operators: number): Buffer {
  return onePagePdf(Buffer.from('1 1 m\n'.repeat(operators), 'latin1'));
}

/**
 * A native-memory bomb: a content stream of `bytes` spaces. pdf.js inflates it into one typed
 * array (outside the V8 heap, so no heap cap sees it) that doubles as it grows.
 */
export function inflateBombPdf(bytes: number): Buffer {
  return onePagePdf(Buffer.alloc(bytes, 0x20));
}

/** A stall: `rectangles` tiny filled rectangles to paint, a few seconds of work per 50 000, in a 25 KB file. */
export function slowPaintPdf(rectangles: number): Buffer {
  return onePagePdf(Buffer.from('0 0 1 1 re f\n'.repeat(rectangles), 'latin1'));
}

/** A PDF with `count` small blank pages (every page real, so the count is not a lie). */
export async function manyPagePdf(count: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < count; i++) doc.addPage([72, 72]);
  return Buffer.from(await doc.save());
}

/** A TIFF with `count` 16 x 16 grey pages. */
export async function manyPageTiff(count: number): Promise<Buffer> {
  const page = await sharp(Buffer.alloc(16 * 16, 255), { raw: { width: 16, height: 16, channels: 1 } })
    .tiff({ compression: 'lzw' })
    .toBuffer();
  return joinTiffPages(Array.from({ length: count }, () => page));
}

/** A grey page of the given size and resolution as an LZW TIFF (a smooth gradient: small on disk, slow to fake). */
export async function greyPageTiff(width: number, height: number, dpi: number): Promise<Buffer> {
  const row = Buffer.alloc(width);
  for (let x = 0; x < width; x++) row[x] = 60 + Math.floor((x / width) * 180);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return sharp(pixels, { raw: { width, height, channels: 1 } })
    .tiff({ compression: 'lzw', xres: dpi / 25.4, yres: dpi / 25.4, resolutionUnit: 'inch' })
    .toBuffer();
}
