import type { GrayImage } from './barcode-reader.js';
import { type InkComponent, type PageFrame, classifyComponent, connectedComponents } from './ink-components.js';
import { textLineGlyphs } from './text-lines.js';

/**
 * Page measurements are taken at about 150 dpi whatever the scan's resolution: a 600-dpi page
 * then costs the same as a 200-dpi one, and the thresholds below are in physical units.
 * 150 dpi still resolves a 0.5 mm pen stroke (3 px) and the x-height of 8-pt type (8 px).
 */
export const WORKING_DPI = 150;

/** A binary ink mask at working resolution: 1 = ink that survived dust and edge removal. */
export interface InkMask {
  data: Uint8Array;
  width: number;
  height: number;
  /** Working pixels per original pixel (≤ 1). */
  scale: number;
}

export interface PageMetrics {
  blank: boolean;
  /** Fraction of the page inside the edge margins covered by ink, after dust removal, 0..1. */
  inkCoverage: number;
  /** 0..1, spread between paper and ink brightness. */
  contrast: number;
  /** Mean brightness 0..255. */
  brightness: number;
  /** Mean squared Laplacian on ink edges of the paper=1/ink=0 normalised 150-dpi image. */
  sharpness: number;
  /** Bounding box of the ink that counted, in original pixels; null on a blank page. */
  inkBox: { x: number; y: number; width: number; height: number } | null;
  /** The ink that counted, for skew and orientation estimates. */
  mask: InkMask;
  /** The page at working resolution (box-averaged), for OSD when it wants the same reduction. */
  working: GrayImage & { scale: number };
  /**
   * Where anything bigger than dust lies (edges and margins included), in original pixels; null
   * when there is nothing but dust. The barcode pass looks for small codes there.
   */
  markBox: { x: number; y: number; width: number; height: number } | null;
  /**
   * Glyph-sized marks cut by the page border: text that ran off the scanned area (a page fed
   * askew or a mis-set paper size). A scanner's dark edge is one long band and is not counted.
   */
  cutOffGlyphs: number;
}

const MM_PER_INCH = 25.4;
/** Border-touching marks between 1 and 12 mm, not solid blocks, look like cut letters. */
const GLYPH_MIN_MM = 1;
const GLYPH_MAX_MM = 12;
const GLYPH_MAX_FILL = 0.7;

/**
 * The outer 8 mm of each side holds scanner-edge shadows, punch holes, staples and the dark
 * strip of the lid. Marks lying wholly inside that band count as content only when they form a
 * line of text (a footer, a fax header); marks touching the image border never do. Printed
 * content starts further in (office margins are ≥ 12 mm; patient labels stuck 12 mm from the
 * edge extend well inside it).
 */
const EDGE_BAND_MM = 8;

/**
 * What makes a page not blank, from the image alone (a barcode anywhere also does: see
 * blank-page.ts). Any one of:
 * - at least 4 mm² of ink in marks (after dust, punch holes, sheet-edge shadows and the edge
 *   band are set aside): about 0.008 % of a letter page. Measured on scans drawn at 600 dpi and
 *   averaged down to 100-300 dpi (test/integration/recognition/blank-page-matrix.test.ts) and
 *   on pages drawn at scan resolution (test/unit/recognition/page-metrics.test.ts): blank backs
 *   with speckle, bleed-through, punch holes and dark edges leave 0 mm²; the least real content
 *   leaves 10 mm² (a handwritten date at 100 dpi), 23 mm² (a 30 mm pen signature), 31 mm² (one
 *   bold title word) and 290 mm² (a patient label). An area in mm² does not depend on dpi.
 * - one mark at least 3 mm long: dust is under 0.6 mm and toner specks under 1 mm; a tick, an
 *   initial or a short pen stroke is 3-6 mm and may hold less than 4 mm² of ink.
 * - a line of text anywhere, the edge band included (text-lines.ts).
 */
const BLANK_MAX_INK_MM2 = 4;
const MARK_MIN_LENGTH_MM = 3;

/** Paper is the 60th percentile (most of a page is paper); ink is darker than 60 % of paper. */
const INK_FRACTION_OF_PAPER = 0.6;

export function measurePage(image: GrayImage, dpi: number): PageMetrics {
  const work = downscaleToWorking(image, dpi);
  const workDpi = dpi * work.scale;
  const pxPerMm = workDpi / MM_PER_INCH;
  const { data, width, height } = work;

  const histogram = new Uint32Array(256);
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    histogram[data[i]!]!++;
    sum += data[i]!;
  }
  const brightness = sum / data.length;
  const paper = percentile(histogram, data.length, 0.6);
  const threshold = Math.min(200, Math.max(40, Math.round(paper * INK_FRACTION_OF_PAPER)));

  const ink = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) ink[i] = data[i]! < threshold ? 1 : 0;

  const frame: PageFrame = { width, height, pxPerMm };
  const band = Math.round(EDGE_BAND_MM * pxPerMm);
  const glyphMin = GLYPH_MIN_MM * pxPerMm;
  const glyphMax = GLYPH_MAX_MM * pxPerMm;
  const marks: InkComponent[] = [];
  const bandMarks: InkComponent[] = [];
  let cutOffGlyphs = 0;
  const anything = { minX: width, minY: height, maxX: -1, maxY: -1 };
  for (const c of connectedComponents(ink, width, height)) {
    const kind = classifyComponent(c, frame);
    if (kind !== 'dust') {
      anything.minX = Math.min(anything.minX, c.minX);
      anything.minY = Math.min(anything.minY, c.minY);
      anything.maxX = Math.max(anything.maxX, c.maxX);
      anything.maxY = Math.max(anything.maxY, c.maxY);
    }
    const w = c.maxX - c.minX + 1;
    const h = c.maxY - c.minY + 1;
    if (kind === 'border' && Math.max(w, h) >= glyphMin && w <= glyphMax && h <= glyphMax && c.area / (w * h) <= GLYPH_MAX_FILL) cutOffGlyphs++;
    if (kind !== 'mark') continue;
    const insideBand = c.maxX < band || c.minX >= width - band || c.maxY < band || c.minY >= height - band;
    (insideBand ? bandMarks : marks).push(c);
  }
  let inkArea = 0;
  let longest = 0;
  for (const c of marks) {
    inkArea += c.area;
    longest = Math.max(longest, c.maxX - c.minX + 1, c.maxY - c.minY + 1);
  }
  let blank = inkArea / (pxPerMm * pxPerMm) < BLANK_MAX_INK_MM2 && longest / pxPerMm < MARK_MIN_LENGTH_MM;
  // Only a page with next to nothing on it needs the look for lines of text.
  const counted = blank ? textLineGlyphs([...marks, ...bandMarks], frame) : marks;
  if (blank && counted.length > 0) blank = false;

  const mask = new Uint8Array(data.length);
  let inkPixels = 0;
  let inkSum = 0;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (const c of blank ? [] : counted) {
    for (const p of c.pixels) {
      mask[p] = 1;
      inkSum += data[p]!;
    }
    inkPixels += c.area;
    minX = Math.min(minX, c.minX);
    minY = Math.min(minY, c.minY);
    maxX = Math.max(maxX, c.maxX);
    maxY = Math.max(maxY, c.maxY);
  }

  const innerArea = Math.max(1, (width - 2 * band) * (height - 2 * band));
  const inkCoverage = Math.min(1, inkPixels / innerArea);
  const inkLevel = inkPixels > 0 ? inkSum / inkPixels : paper;
  const contrast = blank ? 0 : Math.max(0, Math.min(1, (paper - inkLevel) / 255));
  const sharpness = blank ? 0 : edgeSharpness(work, mask, paper, inkLevel);
  const inverse = 1 / work.scale;
  const toOriginal = (box: { minX: number; minY: number; maxX: number; maxY: number }) =>
    box.maxX < 0
      ? null
      : {
          x: Math.floor(box.minX * inverse),
          y: Math.floor(box.minY * inverse),
          width: Math.min(image.width, Math.ceil((box.maxX - box.minX + 1) * inverse)),
          height: Math.min(image.height, Math.ceil((box.maxY - box.minY + 1) * inverse)),
        };
  return {
    blank,
    inkCoverage,
    contrast,
    brightness,
    sharpness,
    cutOffGlyphs,
    inkBox: toOriginal({ minX, minY, maxX, maxY }),
    markBox: toOriginal(anything),
    mask: { data: mask, width, height, scale: work.scale },
    working: work,
  };
}

/** The grey level below which `fraction` of the page's `total` pixels lie. */
export function percentile(histogram: Uint32Array, total: number, fraction: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= total * fraction) return v;
  }
  return 255;
}

/** Box-filter reduction by a whole factor; averaging also fades single-pixel specks. */
export function downscaleToWorking(image: GrayImage, dpi: number): GrayImage & { scale: number } {
  const factor = Math.max(1, Math.floor(dpi / WORKING_DPI + 0.25));
  if (factor === 1) return { ...image, scale: 1 };
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const out = new Uint8Array(width * height);
  const rowSums = new Uint32Array(width);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    rowSums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      const row = (y * factor + dy) * image.width;
      for (let x = 0; x < width; x++) {
        let s = 0;
        const start = row + x * factor;
        for (let dx = 0; dx < factor; dx++) s += image.data[start + dx]!;
        rowSums[x]! += s;
      }
    }
    for (let x = 0; x < width; x++) out[y * width + x] = Math.round(rowSums[x]! / area);
  }
  return { data: out, width, height, scale: 1 / factor };
}

/**
 * Focus measure: the Laplacian's mean square where ink meets paper, on the image rescaled so
 * paper is 1 and ink 0. Measuring only at edges makes it independent of how much text the page
 * has, the rescale makes it independent of contrast, and the fixed working dpi of resolution.
 * Measured: crisp generated scans 1.0 (200 dpi) to 1.4 (300 dpi); blurred by 0.2 mm, 0.01-0.12.
 */
function edgeSharpness(image: GrayImage, mask: Uint8Array, paper: number, inkLevel: number): number {
  const { data, width, height } = image;
  const span = Math.max(1, paper - inkLevel);
  let total = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      // An ink pixel with paper beside it sits on an edge.
      if (mask[i - 1] && mask[i + 1] && mask[i - width] && mask[i + width]) continue;
      const lap = (data[i - 1]! + data[i + 1]! + data[i - width]! + data[i + width]! - 4 * data[i]!) / span;
      total += lap * lap;
      count++;
    }
  }
  return count > 0 ? total / count : 0;
}
