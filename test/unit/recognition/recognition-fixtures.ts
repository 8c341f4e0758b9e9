import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { GrayImage } from '../../../electron/engine/recognition/barcode-reader.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Real scans and barcode photos from zxing and Tesseract (see ../shared/corpus/README.md), beside the clone on CI. */
export { corpusDir } from '../../support/prerequisites.js';

export async function grayOf(image: Buffer | string): Promise<GrayImage> {
  const { data, info } = await sharp(image).flatten({ background: '#ffffff' }).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** The dark strip a scanner leaves when the sheet is narrower than the glass or the lid is open. */
export async function withScannerEdge(png: Buffer, dpi: number, side: 'left' | 'right' | 'top' | 'bottom', mm: number): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(png).metadata();
  const band = Math.round((mm / 25.4) * dpi);
  const vertical = side === 'left' || side === 'right';
  const rect = {
    width: vertical ? band : width,
    height: vertical ? height : band,
    left: side === 'right' ? width - band : 0,
    top: side === 'bottom' ? height - band : 0,
  };
  return sharp(png)
    .composite([{ input: { create: { width: rect.width, height: rect.height, channels: 3, background: '#141414' } }, left: rect.left, top: rect.top }])
    .png()
    .toBuffer();
}

/** A pen signature (a few looped strokes, 0.4 mm line, about 30 × 12 mm) where a signature block would be. */
export async function withSignature(png: Buffer, dpi: number): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(png).metadata();
  const mm = (n: number) => ((n / 25.4) * dpi).toFixed(1);
  const x = (width * 0.55).toFixed(0);
  const y = (height * 0.8).toFixed(0);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <path d="M ${x} ${y} c ${mm(3)} -${mm(10)}, ${mm(7)} -${mm(10)}, ${mm(8)} 0 s ${mm(5)} ${mm(7)}, ${mm(10)} -${mm(3)} s ${mm(4)} -${mm(5)}, ${mm(8)} ${mm(2)}"
      stroke="#222" stroke-width="${mm(0.4)}" fill="none" stroke-linecap="round"/></svg>`;
  return sharp(png)
    .composite([{ input: Buffer.from(svg) }])
    .png()
    .toBuffer();
}

export function overlapRatio(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}
