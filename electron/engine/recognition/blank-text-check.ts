import sharp, { type Sharp } from 'sharp';
import { classifyComponent, connectedComponents } from './ink-components.js';
import { downscaleToWorking, percentile } from './page-metrics.js';
import type { OcrImage, OcrOutcome } from './ocr-engine.js';
import type { OcrWord } from './recognition-task.js';

/** Something that reads a page (the OCR engine). */
export interface PageReader {
  recognize(image: OcrImage): Promise<OcrOutcome>;
}

export interface BlankCheckOutcome extends OcrOutcome {
  /** OCR found text on the page: it is not blank after all. */
  textFound: boolean;
}

/** The outer 8 mm hold the scanner's dark edges and shadows (see page-metrics.ts); they are not read. */
const EDGE_BAND_MM = 8;

/**
 * Faint marks worth reading are at least 30 grey levels darker than the paper (faded print
 * measured 35-50 below it); sensor noise is a few levels. Marks are taken at 15 below the paper,
 * halfway, so the anti-aliased edges of faint strokes come along and noise does not.
 */
const FAINT_DEPTH = 15;

/**
 * The check OCR makes on a page judged blank from its image: is there text the image measures
 * missed because it is too faint for their ink threshold (print faded to pale grey, light
 * pencil)? At about 150 dpi (measurePage's working resolution, where single-pixel specks fade),
 * without the edge band, everything 15 grey levels darker than the paper is a mark; dust, punch
 * holes and sheet-edge shadows are dropped (ink-components.ts). A page with no marks left is
 * not read at all, which is what most blank backs cost. The marks, black on white, are read in
 * a window where they begin, first as they are and then mirrored: print on the back of thin
 * paper showing through is faint text too, and reads better mirrored; then the page stays
 * blank. Only a page with real words in that window is read whole, for its text.
 */
export async function checkBlankPageText(image: Uint8Array, dpi: number, reader: PageReader): Promise<BlankCheckOutcome> {
  const nothing: BlankCheckOutcome = { text: '', meanConfidence: 0, words: [], textFound: false };
  const decoded = await sharp(image).flatten({ background: '#ffffff' }).grayscale().raw().toBuffer({ resolveWithObject: true });
  const work = downscaleToWorking({ data: new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length), width: decoded.info.width, height: decoded.info.height }, dpi);
  const workDpi = dpi * work.scale;
  const pxPerMm = workDpi / 25.4;
  const band = Math.round(EDGE_BAND_MM * pxPerMm);
  if (work.width <= 4 * band || work.height <= 4 * band) return nothing;

  const histogram = new Uint32Array(256);
  for (const v of work.data) histogram[v]!++;
  const threshold = percentile(histogram, work.data.length, 0.6) - FAINT_DEPTH;
  const marks = new Uint8Array(work.data.length);
  for (let y = band; y < work.height - band; y++) for (let x = band; x < work.width - band; x++) marks[y * work.width + x] = work.data[y * work.width + x]! < threshold ? 1 : 0;
  const frame = { width: work.width, height: work.height, pxPerMm };
  const page = Buffer.alloc(work.data.length, 255);
  let first: { x: number; y: number } | null = null;
  for (const c of connectedComponents(marks, work.width, work.height)) {
    if (classifyComponent(c, frame) !== 'mark') continue;
    for (const p of c.pixels) page[p] = 0;
    // Components come in scan order: the first is the top of the marks.
    first ??= { x: c.minX, y: c.minY };
  }
  if (!first) return nothing;

  const bilevel = sharp(page, { raw: { width: work.width, height: work.height, channels: 1 } }).toColourspace('b-w');
  const png = (pipeline: Sharp) => pipeline.png({ compressionLevel: 1 }).toBuffer();
  // A few lines of words: 4 x 1.5 inches from where the marks begin (a little to the left of it).
  const left = Math.max(0, Math.min(first.x - Math.round(2 * workDpi), work.width - Math.round(4 * workDpi)));
  const window = { left, top: Math.max(0, first.y - Math.round(0.1 * workDpi)), width: 0, height: 0 };
  window.width = Math.min(work.width - window.left, Math.round(4 * workDpi));
  window.height = Math.min(work.height - window.top, Math.round(1.5 * workDpi));
  const crop = await png(bilevel.clone().extract(window));
  const sample = await reader.recognize({ bytes: crop, dpi: workDpi });
  if (!textFoundOnBlank(sample.words)) return nothing;
  const mirrored = await reader.recognize({ bytes: await png(sharp(crop).flop()), dpi: workDpi });
  if (readingScore(mirrored.words) >= readingScore(sample.words)) return nothing;
  const read = await reader.recognize({ bytes: await png(bilevel), dpi: workDpi });
  // Boxes back on the page as stored.
  const inverse = 1 / work.scale;
  const words = read.words.map((w) => ({
    ...w,
    box: { x: Math.round(w.box.x * inverse), y: Math.round(w.box.y * inverse), width: Math.round(w.box.width * inverse), height: Math.round(w.box.height * inverse) },
  }));
  return { ...read, words, textFound: true };
}

/**
 * Words that make a reading text: at least two words of two or more letters or digits read with
 * confidence 70 or more, or one such word of five or more. Tesseract reading dust, the rim of a
 * punch hole or a stray line returns single marks and short low-confidence fragments; faded
 * print it can read comes back as ordinary words at 85-96. Mirrored print can also give
 * confident fragments ("boold" at 90): the mirror test above catches those.
 */
const MIN_WORD_CONFIDENCE = 70;

export function textFoundOnBlank(words: readonly Pick<OcrWord, 'text' | 'confidence'>[]): boolean {
  const real = words
    .filter((w) => w.confidence >= MIN_WORD_CONFIDENCE)
    .map((w) => w.text.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((t) => t.length >= 2);
  return real.length >= 2 || real.some((t) => t.length >= 5);
}

/** Letters read, weighted by how sure Tesseract was beyond a guess (as OcrEngine.textScore). */
function readingScore(words: readonly OcrWord[]): number {
  return words.reduce((sum, w) => sum + w.text.replace(/[^\p{L}\p{N}]/gu, '').length * Math.max(0, w.confidence - 40), 0);
}
