import sharp from 'sharp';
import { ContentStore } from '../storage/content-store.js';
import { type ReportProgress, serveTasks } from '../workers/task-channel.js';
import { loadBarcodeReader } from './barcode-reader.js';
import { checkBlankPageText } from './blank-text-check.js';
import { OcrEngine, looksLikeImage } from './ocr-engine.js';
import { OrientationDetector } from './orientation.js';
import { analysePage } from './page-analysis.js';
import type { FastFacts, RecognitionResult, RecognitionTask } from './recognition-task.js';
import { failureReason } from './recognition-failure.js';

// Runs in a worker thread. The tesseract workers (LSTM for text, legacy for orientation) are
// created on first use and kept: starting one costs about a second, a page far less.
let ocr: OcrEngine | null = null;
let orientation: OrientationDetector | null = null;

const ocrEngine = () => (ocr ??= new OcrEngine());
const orientationDetector = () => (orientation ??= new OrientationDetector((image) => ocrEngine().textScore(image)));

/** libvips starts its threads and codecs on first use: once here, not on the first scan. */
const warmImaging = () =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } })
    .grayscale()
    .png()
    .toBuffer();

async function run(task: RecognitionTask, report: ReportProgress<FastFacts>): Promise<RecognitionResult> {
  if (task.kind === 'warm') {
    // The fast path's orientation fallback reads crops with the OCR engine, so it warms both,
    // and zxing's wasm, which the barcode pass (the patient suggestion) waits for.
    await Promise.all(task.stage === 'fast' ? [orientationDetector().warm(), ocrEngine().warm(), loadBarcodeReader(), warmImaging()] : [ocrEngine().warm()]);
    return { ok: true, kind: 'warm' };
  }
  if (task.kind === 'fast') return analysePage(task, orientationDetector(), report);
  const started = performance.now();
  // Decrypted into memory only: the OCR engine gets a buffer, never a plain-text temp file.
  const bytes = await ContentStore.at(task.store).read(task.imageSha256);
  // Leptonica prints its own complaints about non-images to stderr; refuse them first.
  if (!looksLikeImage(bytes)) return { ok: false, kind: 'ocr', reason: 'image-unreadable' };
  const outcome = task.blankCheck ? await checkBlankPageText(bytes, task.dpi, ocrEngine()) : await ocrEngine().recognize({ bytes, dpi: task.dpi });
  return { ok: true, kind: 'ocr', ...outcome, millis: Math.round(performance.now() - started) };
}

serveTasks<RecognitionTask, RecognitionResult, FastFacts>(async (task, report) => {
  try {
    return await run(task, report);
  } catch (error) {
    return { ok: false, kind: task?.kind === 'ocr' ? 'ocr' : 'fast', reason: failureReason(error) };
  }
});
