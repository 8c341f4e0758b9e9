import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Page, type Worker as TesseractWorker } from 'tesseract.js';
import type { OcrWord } from './recognition-task.js';

/**
 * Where the traineddata shipped as npm packages live. A local folder (not a URL) makes
 * tesseract.js read the file instead of fetching it from its CDN.
 * `4.0.0_best_int` is the integer-quantised LSTM model: the same accuracy class as "best" at
 * about a third of the size and faster; `4.0.0` also carries the legacy model that OSD needs.
 */
export function languageDataDir(language: 'eng' | 'osd', variant: '4.0.0_best_int' | '4.0.0'): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)), variant);
}

/**
 * Options shared by every tesseract.js worker ChartDesk starts. `cacheMethod: 'none'` stops
 * tesseract.js from writing an unpacked copy of the data into the working directory (beside
 * the app) and from reading a stale one.
 */
export function offlineWorkerOptions(langPath: string) {
  return { langPath, cacheMethod: 'none', gzip: true, logger: () => {} } as const;
}

export class EngineStartError extends Error {
  constructor() {
    super('tesseract worker failed to start (language data could not be loaded)');
    this.name = 'EngineStartError';
  }
}

/**
 * createWorker with a way out: when its language data cannot be loaded, tesseract.js reports
 * the error to `errorHandler` and its own promise never settles, which would hang the page.
 * The stuck tesseract thread cannot be reached to end it, so callers must not retry in a loop
 * (see the sticky failure in OcrEngine/OrientationDetector).
 */
export function startTesseractWorker(language: string, oem: OEM, options: ReturnType<typeof offlineWorkerOptions> & { legacyCore?: boolean; legacyLang?: boolean }): Promise<TesseractWorker> {
  let starting = true;
  return new Promise<TesseractWorker>((resolve, reject) => {
    createWorker(language, oem, {
      ...options,
      // After start-up, job errors arrive as rejected promises too; only start-up needs this.
      errorHandler: () => {
        if (starting) reject(new EngineStartError());
      },
    }).then(resolve, () => reject(new EngineStartError()));
  }).finally(() => {
    starting = false;
  });
}

export interface OcrImage {
  /** An encoded image tesseract's leptonica reads: PNG, JPEG, TIFF or PGM/PNM. */
  bytes: Uint8Array;
  /** Lets tesseract size its text model; wrong or missing dpi costs accuracy on small type. */
  dpi: number;
}

export interface OcrOutcome {
  text: string;
  meanConfidence: number;
  words: OcrWord[];
}

interface TesseractBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * One warm LSTM worker, reused page after page: creating it costs about a second (wasm compile
 * plus unpacking 3 MB of data), recognising a page 5-10 s. Calls are serialised because a
 * tesseract worker does one job at a time.
 */
export class OcrEngine {
  private worker: Promise<TesseractWorker> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly langPath: string = languageDataDir('eng', '4.0.0_best_int')) {}

  /** A failed start is kept, not retried: each attempt would strand another tesseract thread. */
  private ready(): Promise<TesseractWorker> {
    this.worker ??= startTesseractWorker('eng', OEM.LSTM_ONLY, offlineWorkerOptions(this.langPath));
    return this.worker;
  }

  /** Starts the Tesseract worker now, so the first page does not pay for it. */
  async warm(): Promise<void> {
    await this.ready();
  }

  /** Full-page recognition: words with boxes, confidences and line numbers, and the text. */
  recognize(image: OcrImage, segmentation: PSM = PSM.AUTO): Promise<OcrOutcome> {
    return this.serialise(async () => {
      const worker = await this.ready();
      await worker.setParameters({
        // Tesseract's diagnostics ("Estimating resolution as ...") would go to the engine's stdout.
        debug_file: '/dev/null',
        tessedit_pageseg_mode: segmentation,
        user_defined_dpi: String(Math.round(Math.min(1200, Math.max(70, image.dpi)))),
        // Keeps the gaps of columns and tables in the text, as clerks see them on the page.
        preserve_interword_spaces: '1',
      });
      const { data } = await worker.recognize(Buffer.from(image.bytes), {}, { text: true, blocks: true });
      return toOutcome(data);
    });
  }

  /**
   * Mean word confidence weighted by word length, for choosing between candidate rotations of
   * a small crop: upside-down or sideways text gives few, low-confidence words. A single
   * uniform block (PSM 6), because in automatic mode Tesseract reads a sideways line as
   * vertical text and scores it as well as the upright one.
   */
  async textScore(image: OcrImage): Promise<number> {
    const outcome = await this.recognize(image, PSM.SINGLE_BLOCK);
    let weighted = 0;
    for (const word of outcome.words) {
      const letters = word.text.replace(/[^\p{L}\p{N}]/gu, '').length;
      weighted += letters * Math.max(0, word.confidence - 40);
    }
    return weighted;
  }

  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await (await worker.catch(() => null))?.terminate();
  }

  private serialise<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** PNG, JPEG, TIFF or binary PNM: the encodings ChartDesk hands to tesseract. */
export function looksLikeImage(bytes: Uint8Array): boolean {
  const b = bytes;
  if (b.length < 8) return false;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return true;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return true;
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a)) return true;
  return b[0] === 0x50 && b[1] !== undefined && b[1] >= 0x34 && b[1] <= 0x36;
}

function toOutcome(page: Page): OcrOutcome {
  const words: OcrWord[] = [];
  let line = 0;
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const textLine of paragraph.lines) {
        const lineWords = textLine.words.filter((w) => w.text.trim().length > 0);
        if (lineWords.length === 0) continue;
        for (const word of lineWords) words.push({ text: word.text, confidence: word.confidence, box: boxOf(word.bbox), line });
        line++;
      }
    }
  }
  const meanConfidence = words.length > 0 ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
  return { text: page.text, meanConfidence, words };
}

function boxOf(b: TesseractBox): OcrWord['box'] {
  return { x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 };
}
