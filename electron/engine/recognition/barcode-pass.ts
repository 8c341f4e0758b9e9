import sharp from 'sharp';
import { type GrayImage, readBarcodesFromGray } from './barcode-reader.js';
import type { FoundBarcode } from './recognition-task.js';

/**
 * The barcode pass looks at every page at 300 dpi or more, whatever it was stored at. zxing
 * needs about two pixels per bar or cell; a label printed with 0.25 mm modules (10 mil, the
 * usual size) has 1.5 px modules at 150 dpi and 1 px at 100 dpi, and the scanner's averaging
 * turns them grey. Measured on codes drawn at 600 dpi and scanned down
 * (test/integration/recognition/barcodes-any-resolution.test.ts): a 0.25 mm QR code at 150 dpi,
 * a 0.33 mm Data Matrix and Code 128 at 100 dpi are read only from the upscaled page. A few
 * codes read at the stored resolution are lost by upscaling (a 1-bit 0.25 mm QR code at 150
 * dpi), so a low-resolution page is read both ways and the finds are merged. The upscaled
 * read covers only where something bigger than dust lies (measurePage's markBox), so a blank
 * back costs no more than before. Pages stored at 300 dpi or more are read once, as before.
 */
export const BARCODE_MIN_DPI = 300;

/**
 * Upscaled pages are capped: A3 at 300 dpi is 17 Mpx, and zxing works on an RGBA copy (4 bytes
 * a pixel), so 40 Mpx keeps the pass under about 200 MB whatever a file claims.
 */
const MAX_UPSCALED_PIXELS = 40_000_000;

/** A code's quiet zone and a little more: the upscaled region reaches this far around the marks. */
const REGION_MARGIN_INCHES = 0.25;

type Region = { x: number; y: number; width: number; height: number };

/**
 * Every barcode on a page stored at `dpi`, in the page's own pixel coordinates. `marks` is where
 * anything bigger than dust lies (null: nothing), the whole page when not given.
 */
export async function readPageBarcodes(gray: GrayImage, dpi: number, marks: Region | null = { x: 0, y: 0, width: gray.width, height: gray.height }): Promise<FoundBarcode[]> {
  const found = await readBarcodesFromGray(gray);
  if (!marks || dpi >= BARCODE_MIN_DPI) return found;
  const margin = Math.round(REGION_MARGIN_INCHES * dpi);
  const left = Math.max(0, marks.x - margin);
  const top = Math.max(0, marks.y - margin);
  const region = { left, top, width: Math.min(gray.width, marks.x + marks.width + margin) - left, height: Math.min(gray.height, marks.y + marks.height + margin) - top };
  const scale = Math.min(BARCODE_MIN_DPI / dpi, Math.sqrt(MAX_UPSCALED_PIXELS / (region.width * region.height)));
  if (!(scale > 1.05)) return found;
  const width = Math.round(region.width * scale);
  const height = Math.round(region.height * scale);
  // Bicubic: bars keep straight edges; nearest neighbour would keep the staircase of a grey scan.
  const upscaled = await sharp(Buffer.from(gray.data.buffer, gray.data.byteOffset, gray.data.length), {
    raw: { width: gray.width, height: gray.height, channels: 1 },
  })
    .extract(region)
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    // Raw single-channel input comes out as sRGB unless told otherwise.
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  if (upscaled.length !== width * height) throw new Error('upscaled page is not one byte a pixel');
  const more = await readBarcodesFromGray({ data: new Uint8Array(upscaled.buffer, upscaled.byteOffset, upscaled.length), width, height });
  const sx = region.width / width;
  const sy = region.height / height;
  for (const barcode of more) {
    const box = {
      x: region.left + Math.floor(barcode.box.x * sx),
      y: region.top + Math.floor(barcode.box.y * sy),
      width: Math.ceil(barcode.box.width * sx),
      height: Math.ceil(barcode.box.height * sy),
    };
    if (found.some((f) => f.format === barcode.format && f.text === barcode.text && overlaps(f.box, box))) continue;
    found.push({ ...barcode, box });
  }
  return found;
}

function overlaps(a: FoundBarcode['box'], b: FoundBarcode['box']): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
