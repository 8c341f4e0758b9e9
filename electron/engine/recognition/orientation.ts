import { OEM, type Worker as TesseractWorker } from 'tesseract.js';
import type { GrayImage } from './barcode-reader.js';
import { languageDataDir, offlineWorkerOptions, startTesseractWorker, type OcrImage } from './ocr-engine.js';
import type { InkMask } from './page-metrics.js';
import type { PixelBox, QuarterTurn } from '../imaging/box-geometry.js';

export interface OrientationEstimate {
  /** Degrees clockwise to apply to make the page upright. */
  rotation: QuarterTurn;
  /** 0..1. OSD: its confidence / 10 (Tesseract's scale; ≥ 10 is a clear page). Fallback: margin of the best score over the runner-up. */
  confidence: number;
  method: 'osd' | 'ocr-score' | 'none';
}

/**
 * Tesseract's OSD confidence below which we check its answer by reading. Measured here:
 * correct answers on letters and on Tesseract's phototest score 9-20; the wrong answers we
 * provoked (pages shrunk to 100 dpi, where glyphs are too small) scored 0.2-1.3.
 */
const OSD_TRUSTED_CONFIDENCE = 3;

/**
 * Pages above this resolution are shrunk by a whole factor before OSD (a 300-dpi page becomes
 * 150 dpi). Orientation needs glyph shapes, not fine detail: on the test pages and the
 * rotated corpus pages OSD stays right at 150 dpi (the crop fallback guards the rest), and it
 * takes about half the time, which is most of the fast path's share of CPU.
 */
const OSD_MAX_DPI = 200;

/** The fallback reads a window of the page four times: big enough for a few words, small enough to be quick. */
const FALLBACK_WINDOW_INCHES = 3.5;

/** Something that reads a small image and scores how much real text it saw (see OcrEngine.textScore). */
export type TextScorer = (image: OcrImage) => Promise<number>;

/**
 * Quarter-turn detection. Tesseract OSD (legacy engine, osd data) answers for most pages in
 * 0.2-0.4 s; pages with too little text for OSD (a title, a form with a few labels) are
 * checked by reading a crop at each rotation and keeping the one that reads best.
 */
export class OrientationDetector {
  private worker: Promise<TesseractWorker> | null = null;

  constructor(
    private readonly scoreText: TextScorer | null,
    private readonly langPath: string = languageDataDir('osd', '4.0.0'),
  ) {}

  private osd(): Promise<TesseractWorker> {
    // A failed start is kept, not retried (see startTesseractWorker).
    this.worker ??= startTesseractWorker('osd', OEM.TESSERACT_ONLY, {
      ...offlineWorkerOptions(this.langPath),
      legacyCore: true,
      legacyLang: true,
    }).then(async (worker) => {
      // Tesseract's diagnostics ("Too few characters", "Invalid resolution") would go to stdout.
      await worker.setParameters({ debug_file: '/dev/null' });
      return worker;
    });
    return this.worker;
  }

  /** Starts the OSD worker now, so the first page does not pay for it. */
  async warm(): Promise<void> {
    await this.osd();
  }

  /**
   * `reduced`: the page already box-averaged by a whole factor (measurePage's working image);
   * used instead of shrinking again when it is the reduction OSD wants (300 and 400 dpi pages),
   * the same pixels either way.
   */
  async detect(image: GrayImage, dpi: number, inkBox: PixelBox | null, reduced?: GrayImage & { scale: number }): Promise<OrientationEstimate> {
    const factor = Math.max(1, Math.ceil(dpi / OSD_MAX_DPI - 0.1));
    const osdImage = factor === 1 ? image : reduced && Math.round(1 / reduced.scale) === factor ? reduced : shrink(image, factor);
    // No per-page parameters: the job goes to tesseract's thread at once, so OSD runs while the
    // caller reads barcodes on its own thread.
    const worker = await this.osd();
    const { data } = await worker.detect(Buffer.from(toPgm(osdImage)));
    const degrees = data.orientation_degrees;
    const confidence = data.orientation_confidence ?? 0;
    const osdTurn = isQuarterTurn(degrees) ? degrees : null;
    if (osdTurn !== null && confidence >= OSD_TRUSTED_CONFIDENCE) {
      return { rotation: osdTurn, confidence: Math.min(1, confidence / 10), method: 'osd' };
    }
    if (this.scoreText && inkBox) {
      const byReading = await this.detectByReading(image, dpi, inkBox);
      if (byReading) return byReading;
    }
    return osdTurn !== null ? { rotation: osdTurn, confidence: Math.min(1, confidence / 10), method: 'osd' } : { rotation: 0, confidence: 0, method: 'none' };
  }

  private async detectByReading(image: GrayImage, dpi: number, inkBox: PixelBox): Promise<OrientationEstimate | null> {
    const window = cropAround(image, inkBox, Math.round(FALLBACK_WINDOW_INCHES * dpi), Math.round(0.1 * dpi));
    const scores: Array<{ rotation: QuarterTurn; score: number }> = [];
    for (const rotation of [0, 90, 180, 270] as const) {
      const turned = rotateGray(window, rotation);
      scores.push({ rotation, score: await this.scoreText!({ bytes: toPgm(turned), dpi }) });
    }
    scores.sort((a, b) => b.score - a.score);
    const [best, second] = scores;
    if (!best || best.score <= 0) return null;
    return { rotation: best.rotation, confidence: (best.score - (second?.score ?? 0)) / best.score, method: 'ocr-score' };
  }

  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await (await worker.catch(() => null))?.terminate();
  }
}

function isQuarterTurn(value: number | null): value is QuarterTurn {
  return value === 0 || value === 90 || value === 180 || value === 270;
}

/**
 * Binary PGM: leptonica reads it directly, and writing it is a header plus the pixels, where
 * PNG would spend 100-200 ms compressing a page only to have it decompressed again.
 */
export function toPgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header, 0);
  out.set(image.data, header.length);
  return out;
}

function shrink(image: GrayImage, factor: number): GrayImage {
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const out = new Uint8Array(width * height);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * image.width + x * factor;
        for (let dx = 0; dx < factor; dx++) s += image.data[row + dx]!;
      }
      out[y * width + x] = Math.round(s / area);
    }
  }
  return { data: out, width, height };
}

function cropAround(image: GrayImage, box: PixelBox, maxSide: number, pad: number): GrayImage {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const width = Math.min(image.width, box.width + 2 * pad, maxSide);
  const height = Math.min(image.height, box.height + 2 * pad, maxSide);
  const left = Math.max(0, Math.min(image.width - width, Math.round(cx - width / 2)));
  const top = Math.max(0, Math.min(image.height - height, Math.round(cy - height / 2)));
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) out.set(image.data.subarray((top + y) * image.width + left, (top + y) * image.width + left + width), y * width);
  return { data: out, width, height };
}

/** Turns a raster clockwise by a quarter turn (any element size: gray pixels or mask cells). */
export function rotateGray<T extends { data: Uint8Array; width: number; height: number }>(image: T, rotation: QuarterTurn): T {
  if (rotation === 0) return image;
  const { data, width, height } = image;
  const turned = rotation === 90 || rotation === 270;
  const outWidth = turned ? height : width;
  const outHeight = turned ? width : height;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let nx: number;
      let ny: number;
      if (rotation === 90) {
        nx = height - 1 - y;
        ny = x;
      } else if (rotation === 180) {
        nx = width - 1 - x;
        ny = height - 1 - y;
      } else {
        nx = y;
        ny = width - 1 - x;
      }
      out[ny * outWidth + nx] = data[y * width + x]!;
    }
  }
  return { ...image, data: out, width: outWidth, height: outHeight };
}

const SKEW_RANGE_DEGREES = 5;

/**
 * The angle (degrees, positive = content turned clockwise) that makes the text lines of an
 * upright ink mask horizontal: the horizontal projection of ink is most peaked when lines run
 * along rows. A coarse 0.5° search over ±5°, then 0.1° and 0.02° refinements around the best.
 * Returns 0 when the page has too little ink for lines to mean anything.
 */
export function estimateSkew(mask: InkMask): { degrees: number; confidence: number } {
  const { data, width, height } = mask;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]) {
        xs.push(x - width / 2);
        ys.push(y);
      }
    }
  }
  if (xs.length < 200) return { degrees: 0, confidence: 0 };
  // Every pixel is not needed for a profile; a fixed stride keeps dense pages fast.
  const stride = Math.max(1, Math.floor(xs.length / 150_000));
  const span = height + width;
  const bins = new Float64Array(span + 1);
  const score = (degrees: number): number => {
    const t = Math.tan((degrees * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i += stride) {
      const b = Math.round(ys[i]! - xs[i]! * t + width / 2);
      if (b >= 0 && b <= span) bins[b]! += 1;
    }
    let s = 0;
    for (let b = 0; b <= span; b++) s += bins[b]! * bins[b]!;
    return s;
  };
  let best = 0;
  let bestScore = -1;
  const search = (from: number, to: number, step: number) => {
    for (let d = from; d <= to + 1e-9; d += step) {
      const s = score(d);
      if (s > bestScore) {
        bestScore = s;
        best = d;
      }
    }
  };
  search(-SKEW_RANGE_DEGREES, SKEW_RANGE_DEGREES, 0.5);
  const coarse = best;
  search(coarse - 0.5, coarse + 0.5, 0.1);
  const fine = best;
  search(fine - 0.1, fine + 0.1, 0.02);
  const flat = score(best + 2.5 * Math.sign(best || 1));
  return { degrees: Math.round(best * 100) / 100, confidence: bestScore > 0 ? 1 - flat / bestScore : 0 };
}
