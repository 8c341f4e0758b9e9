import { ImageData, createCanvas, loadImage } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import type { BarcodeFormat } from './barcode-image.js';
import { renderBarcodePng } from './barcode-image.js';
import { ensureSampleFonts, sampleFont } from './fonts.js';
import type { Random } from './random.js';
import { createRandom } from './random.js';

/**
 * Sheets of paper with little on them, drawn as a scanner's sensor sees the paper (at
 * PAPER_DPI, paper a little grey, ink not quite black) and then "scanned" at a chosen
 * resolution the way a scanner does it: averaged down, with sensor noise, optionally
 * thresholded to 1 bit. renderPage draws at the target resolution directly, which gives crisp
 * pixel-aligned strokes no scanner produces; thin strokes and small codes at 100-150 dpi come
 * out grey and broken on real scans, and that is what blank detection and barcode reading must
 * survive.
 */
export const PAPER_DPI = 600;

const PAPER_GREY = 243;
const INK_GREY = 28;

export type PaperSheetKind =
  | 'margin-qr-and-footer'
  | 'short-line'
  | 'lone-qr'
  | 'lone-datamatrix'
  | 'cropped-label'
  | 'signature'
  | 'handwritten-date'
  | 'blank-speckle'
  | 'blank-bleed-through'
  | 'blank-punch-holes'
  | 'blank-dark-edge'
  /** Print faded to pale grey (old thermal fax paper): too faint for the image measures, read by OCR. */
  | 'faded-print';

/** The sheets blank detection must get right from the image alone (not 'faded-print'). */
export const PAPER_SHEET_KINDS: readonly PaperSheetKind[] = [
  'margin-qr-and-footer',
  'short-line',
  'lone-qr',
  'lone-datamatrix',
  'cropped-label',
  'signature',
  'handwritten-date',
  'blank-speckle',
  'blank-bleed-through',
  'blank-punch-holes',
  'blank-dark-edge',
];

export interface PaperSheet {
  kind: PaperSheetKind | 'barcode';
  /** Whether anything was deliberately put on the sheet (ground truth for blank detection). */
  content: boolean;
  /** Codes printed on the sheet, which a reader must find. */
  barcodes: { format: BarcodeFormat; text: string }[];
  widthInches: number;
  heightInches: number;
  /** Where the code and its printed value lie on a barcode sheet, inches from the top left. */
  codeBox?: { x: number; y: number; width: number; height: number };
  /** 8-bit grey, one byte per pixel, at PAPER_DPI. */
  pixels: Buffer;
  width: number;
  height: number;
}

export interface BarcodeSheetSpec {
  format: BarcodeFormat;
  text: string;
  /** Narrow bar (linear) or cell (2D) width in mm, as printed. */
  moduleMm: number;
  /** Print the value in words under a linear code, as ASN and patient labels do. Default true. */
  printValue?: boolean;
  /** Sheet size; default US Letter. A small sheet is a cropped label. */
  sheetInches?: { width: number; height: number };
  /** Top-left of the code on the sheet, inches. Default 1 in from the left, 1.2 in from the top. */
  at?: { x: number; y: number };
}

const LETTER = { width: 8.5, height: 11 } as const;

function sheetCanvas(widthInches: number, heightInches: number) {
  ensureSampleFonts();
  const width = Math.round(widthInches * PAPER_DPI);
  const height = Math.round(heightInches * PAPER_DPI);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = grey(PAPER_GREY);
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = grey(INK_GREY);
  ctx.strokeStyle = grey(INK_GREY);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const finish = (): Pick<PaperSheet, 'pixels' | 'width' | 'height' | 'widthInches' | 'heightInches'> => {
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const pixels = Buffer.alloc(width * height);
    for (let i = 0, j = 0; i < pixels.length; i++, j += 4) pixels[i] = rgba[j + 1]!;
    return { pixels, width, height, widthInches, heightInches };
  };
  return { ctx, width, height, finish };
}

const grey = (level: number) => `rgb(${level},${level},${level})`;
const px = (mm: number) => (mm / 25.4) * PAPER_DPI;
const inch = (n: number) => n * PAPER_DPI;

/** One of the sheets the blank-detection matrix is made of (see PaperSheetKind). */
export async function drawPaperSheet(kind: PaperSheetKind, seed: number): Promise<PaperSheet> {
  const random = createRandom(seed);
  if (kind === 'cropped-label') {
    return { ...(await drawBarcodeSheet({ format: 'code39', text: 'ASN00123', moduleMm: 0.3, sheetInches: { width: 2.6, height: 1.1 }, at: { x: 0.15, y: 0.12 } })), kind };
  }
  if (kind === 'lone-qr') {
    // An ASN sticker's QR: 21 x 21 cells of 0.5 mm, about 12 mm square with its quiet zone.
    return { ...(await drawBarcodeSheet({ format: 'qrcode', text: 'ASN00123', moduleMm: 0.5, at: { x: 6.6, y: 0.8 } })), kind };
  }
  if (kind === 'lone-datamatrix') {
    return { ...(await drawBarcodeSheet({ format: 'datamatrix', text: 'MRN00418822', moduleMm: 0.5, at: { x: 6.6, y: 0.8 } })), kind };
  }
  if (kind === 'margin-qr-and-footer') {
    // An archive sticker's small QR (0.25 mm cells) in the top margin and one printed sentence
    // as a footer, both within 8 mm of the edge: all there is on the sheet.
    const sheet = await drawBarcodeSheet({ format: 'qrcode', text: 'ASN00123', moduleMm: 0.25, at: { x: 7.6, y: 0.1 } });
    return { ...sheet, kind, pixels: await withText(sheet, 'Scanned for the archive on 3 March; original destroyed.', { x: 1, y: 10.86 }, 9) };
  }
  const { ctx, width, height, finish } = sheetCanvas(LETTER.width, LETTER.height);
  let content = true;
  switch (kind) {
    case 'short-line':
      ctx.font = sampleFont(10, PAPER_DPI);
      ctx.fillText('Reviewed with the patient, no change.', inch(1.1), inch(5.4));
      break;
    case 'signature':
      drawSignature(ctx, random.fork('signature'), inch(4.6), inch(8.6));
      break;
    case 'handwritten-date':
      drawHandwrittenDigits(ctx, random.fork('date'), '12/3/26', inch(1.3), inch(2.1), px(5));
      break;
    case 'blank-speckle':
      content = false;
      break;
    case 'faded-print':
      ctx.fillStyle = grey(PAPER_GREY - 48);
      ctx.font = sampleFont(12, PAPER_DPI);
      ['Received by fax on 12 March from the district nurse.', 'Dressing changed daily, wound healing well.', 'Please file with the referral letter.'].forEach((line, i) =>
        ctx.fillText(line, inch(1.1), inch(2.2 + i * 0.3)),
      );
      break;
    case 'blank-bleed-through':
      content = false;
      drawBleedThrough(ctx, random.fork('bleed'), width);
      break;
    case 'blank-punch-holes':
      content = false;
      // A US three-hole punch: 8 mm holes, centres 12 mm from the edge, 4.25 in apart.
      for (const y of [1.25, 5.5, 9.75]) {
        ctx.beginPath();
        ctx.arc(px(12), inch(y), px(4), 0, 2 * Math.PI);
        ctx.fillStyle = grey(18);
        ctx.fill();
      }
      break;
    case 'blank-dark-edge': {
      content = false;
      // The lid's dark strip beside a sheet fed a little askew: 4 mm at the top, 9 mm at the bottom.
      ctx.fillStyle = grey(22);
      ctx.beginPath();
      ctx.moveTo(0, 0);
      ctx.lineTo(px(4), 0);
      ctx.lineTo(px(9), height);
      ctx.lineTo(0, height);
      ctx.closePath();
      ctx.fill();
      ctx.fillRect(0, height - px(2.5), width, px(2.5));
      // On the other side, a white backing: only the shadow of the sheet's edge, a thin grey
      // line wandering 2-5 mm inside the image.
      ctx.strokeStyle = grey(95);
      ctx.lineWidth = px(0.5);
      ctx.beginPath();
      ctx.moveTo(width - px(2), px(10));
      ctx.lineTo(width - px(5), height - px(20));
      ctx.stroke();
      break;
    }
  }
  drawSpecks(ctx, random.fork('specks'), width, height);
  return { kind, content, barcodes: [], ...finish() };
}

/** A barcode (with its value printed under a linear code) on an otherwise empty sheet. */
export async function drawBarcodeSheet(spec: BarcodeSheetSpec): Promise<PaperSheet> {
  const size = spec.sheetInches ?? LETTER;
  const { ctx, width, height, finish } = sheetCanvas(size.width, size.height);
  const linear = spec.format === 'code39' || spec.format === 'code128';
  // bwip-js draws a 2D code's cells two modules wide.
  const modulePixels = Math.max(1, Math.round(px(spec.moduleMm) / (linear ? 1 : 2)));
  const png = await renderBarcodePng(spec.format, spec.text, { dpi: PAPER_DPI, modulePixels, barHeightInches: 0.45 });
  // Black on transparent: recolour the bars to ink grey so the code prints like the rest.
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0) data[i] = data[i + 1] = data[i + 2] = INK_GREY;
  const image = await loadImage(
    await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
      .png()
      .toBuffer(),
  );
  const at = spec.at ?? { x: 1, y: 1.2 };
  ctx.drawImage(image, inch(at.x), inch(at.y));
  let bottom = image.height;
  if (linear && spec.printValue !== false) {
    ctx.font = sampleFont(9, PAPER_DPI);
    const textWidth = ctx.measureText(spec.text).width;
    ctx.fillText(spec.text, inch(at.x) + (image.width - textWidth) / 2, inch(at.y) + image.height + px(4));
    bottom += px(5);
  }
  drawSpecks(ctx, createRandom(spec.text.length * 31 + Math.round(spec.moduleMm * 100)), width, height);
  const codeBox = { x: at.x, y: at.y, width: image.width / PAPER_DPI, height: bottom / PAPER_DPI };
  return { kind: 'barcode', content: true, barcodes: [{ format: spec.format, text: spec.text }], codeBox, ...finish() };
}

/** The sheet's pixels with a line of print added (baseline at `at`, inches). */
async function withText(sheet: PaperSheet, text: string, at: { x: number; y: number }, points: number): Promise<Buffer> {
  const { ctx, finish } = sheetCanvas(sheet.widthInches, sheet.heightInches);
  const rgba = new Uint8ClampedArray(sheet.width * sheet.height * 4);
  for (let i = 0, j = 0; i < sheet.pixels.length; i++, j += 4) {
    rgba[j] = rgba[j + 1] = rgba[j + 2] = sheet.pixels[i]!;
    rgba[j + 3] = 255;
  }
  ctx.putImageData(new ImageData(rgba, sheet.width, sheet.height), 0, 0);
  ctx.font = sampleFont(points, PAPER_DPI);
  ctx.fillText(text, inch(at.x), inch(at.y));
  return finish().pixels;
}

export interface ScanOptions {
  dpi: number;
  seed: number;
  /** Sensor noise, standard deviation in grey levels. Default 3. */
  noise?: number;
}

/**
 * The sheet as a scanner at `dpi` writes it: each sensor cell integrates the light of its whole
 * area (a box average of the paper; point sampling would alias thin strokes into nothing or
 * into stripes), plus a little sensor noise; 8-bit grey PNG with its resolution recorded.
 * Threshold it for a 1-bit scan. `dpi` must divide PAPER_DPI (100, 120, 150, 200, 300, 600).
 */
export async function scanSheet(sheet: PaperSheet, options: ScanOptions): Promise<Buffer> {
  const factor = PAPER_DPI / options.dpi;
  if (!Number.isInteger(factor)) throw new Error(`scan at a resolution that divides ${PAPER_DPI} dpi, not ${options.dpi}`);
  const width = Math.floor(sheet.width / factor);
  const height = Math.floor(sheet.height / factor);
  const data = Buffer.alloc(width * height);
  const rowSums = new Uint32Array(width);
  const area = factor * factor;
  // Triangular noise (sum of two uniforms) from a table, so a 300-dpi page costs milliseconds.
  const random = createRandom(options.seed);
  const sigma = options.noise ?? 3;
  const table = Int8Array.from({ length: 4096 }, () => Math.round((random.next() + random.next() - 1) * sigma * 2.45));
  let state = options.seed >>> 0;
  for (let y = 0; y < height; y++) {
    rowSums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      const row = (y * factor + dy) * sheet.width;
      for (let x = 0, i = row; x < width; x++) {
        let sum = 0;
        for (let dx = 0; dx < factor; dx++, i++) sum += sheet.pixels[i]!;
        rowSums[x] = rowSums[x]! + sum;
      }
    }
    for (let x = 0; x < width; x++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      data[y * width + x] = Math.max(0, Math.min(255, Math.round(rowSums[x]! / area) + table[state >>> 20]!));
    }
  }
  return sharp(data, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .withDensity(options.dpi)
    .png()
    .toBuffer();
}

/** Scanner dust and toner specks: 0.05-0.25 mm, a few hundred on a sheet. */
function drawSpecks(ctx: SKRSContext2D, random: Random, width: number, height: number): void {
  const count = Math.round((width * height) / (PAPER_DPI * PAPER_DPI)) * 3;
  for (let i = 0; i < count; i++) {
    ctx.fillStyle = grey(random.int(10, 120));
    const size = px(random.float(0.05, 0.25));
    ctx.beginPath();
    ctx.arc(random.int(0, width - 1), random.int(0, height - 1), size / 2, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** A pen signature: a few connected loops and a flourish, about 45 x 12 mm, 0.35 mm line. */
function drawSignature(ctx: SKRSContext2D, random: Random, x: number, y: number): void {
  ctx.lineWidth = px(0.35);
  ctx.beginPath();
  ctx.moveTo(x, y);
  let cx = x;
  for (let loop = 0; loop < 5; loop++) {
    const w = px(random.float(5, 9));
    const h = px(random.float(6, 11));
    ctx.bezierCurveTo(cx + w * 0.2, y - h, cx + w * 0.9, y - h, cx + w * 0.6, y);
    ctx.bezierCurveTo(cx + w * 0.4, y + h * 0.3, cx + w * 1.1, y + h * 0.2, cx + w, y - h * 0.1);
    cx += w;
  }
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x - px(2), y + px(3));
  ctx.quadraticCurveTo(x + px(20), y + px(6), cx + px(4), y + px(1));
  ctx.stroke();
}

/**
 * Single-stroke digits and a slash, as a hand writes them: each glyph is polylines in a unit
 * box, jittered and slanted, drawn with a 0.4 mm ballpoint.
 */
const STROKES: Record<string, number[][][]> = {
  '0': [
    [
      [0.5, 0],
      [0.1, 0.3],
      [0.15, 0.8],
      [0.5, 1],
      [0.85, 0.75],
      [0.9, 0.25],
      [0.5, 0],
    ],
  ],
  '1': [
    [
      [0.25, 0.2],
      [0.55, 0],
      [0.5, 1],
    ],
  ],
  '2': [
    [
      [0.1, 0.25],
      [0.45, 0],
      [0.85, 0.2],
      [0.75, 0.5],
      [0.1, 1],
      [0.9, 1],
    ],
  ],
  '3': [
    [
      [0.1, 0.1],
      [0.7, 0.05],
      [0.4, 0.45],
      [0.85, 0.7],
      [0.5, 1],
      [0.1, 0.9],
    ],
  ],
  '6': [
    [
      [0.75, 0.05],
      [0.25, 0.4],
      [0.2, 0.85],
      [0.55, 1],
      [0.85, 0.75],
      [0.55, 0.5],
      [0.2, 0.7],
    ],
  ],
  '/': [
    [
      [0.8, -0.05],
      [0.2, 1.05],
    ],
  ],
};

function drawHandwrittenDigits(ctx: SKRSContext2D, random: Random, text: string, x: number, baseline: number, height: number): void {
  ctx.lineWidth = px(0.4);
  let left = x;
  for (const char of text) {
    const strokes = STROKES[char];
    if (!strokes) throw new Error(`no handwritten glyph for ${char}`);
    const w = height * (char === '/' ? 0.45 : 0.6);
    for (const stroke of strokes) {
      ctx.beginPath();
      stroke.forEach(([u = 0, v = 0], i) => {
        const jx = random.float(-0.06, 0.06) * w;
        const jy = random.float(-0.05, 0.05) * height;
        // A 12° forward slant, as most right-handed writing leans.
        const gx = left + u * w + (1 - v) * height * 0.2 + jx;
        const gy = baseline - height + v * height + jy;
        if (i === 0) ctx.moveTo(gx, gy);
        else ctx.lineTo(gx, gy);
      });
      ctx.stroke();
    }
    left += w + height * 0.25;
  }
}

/**
 * Print on the back of thin paper showing through: mirrored lines of text, faint (about a
 * sixth of the ink's contrast) and diffuse.
 */
function drawBleedThrough(ctx: SKRSContext2D, random: Random, width: number): void {
  ctx.save();
  ctx.translate(width, 0);
  ctx.scale(-1, 1);
  ctx.filter = `blur(${px(0.12).toFixed(1)}px)`;
  ctx.fillStyle = grey(PAPER_GREY - 38);
  ctx.font = sampleFont(11.5, PAPER_DPI);
  const words = ['patient', 'reviewed', 'clinic', 'follow', 'up', 'weeks', 'blood', 'pressure', 'stable', 'medication', 'continue', 'the', 'and', 'with'];
  for (let line = 0; line < 30; line++) {
    const text = Array.from({ length: 11 }, () => random.pick(words)).join(' ');
    ctx.fillText(text, inch(1), inch(1.3) + line * inch(0.28));
  }
  ctx.restore();
}
