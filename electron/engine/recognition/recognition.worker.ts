import { parentPort } from 'node:worker_threads';
import { ContentStore } from '../storage/content-store.js';
import { checkBlankPageText } from './blank-text-check.js';
import { OcrEngine, looksLikeImage } from './ocr-engine.js';
import { OrientationDetector } from './orientation.js';
import { analysePage } from './page-analysis.js';
import type { RecognitionResult, RecognitionTask } from './recognition-task.js';
import { failureReason } from './recognition-failure.js';

// Runs in a worker thread. The tesseract workers (LSTM for text, legacy for orientation) are
// created on first use and kept: starting one costs about a second, a page far less.
let ocr: OcrEngine | null = null;
let orientation: OrientationDetector | null = null;

const ocrEngine = () => (ocr ??= new OcrEngine());
const orientationDetector = () => (orientation ??= new OrientationDetector((image) => ocrEngine().textScore(image)));

async function run(task: RecognitionTask): Promise<RecognitionResult> {
  if (task.kind === 'warm') {
    // The fast path's orientation fallback reads crops with the OCR engine, so it warms both.
    await Promise.all(task.stage === 'fast' ? [orientationDetector().warm(), ocrEngine().warm()] : [ocrEngine().warm()]);
    return { ok: true, kind: 'warm' };
  }
  if (task.kind === 'fast') return analysePage(task, orientationDetector());
  const started = performance.now();
  // Decrypted into memory only: the OCR engine gets a buffer, never a plain-text temp file.
  const bytes = await ContentStore.at(task.store).read(task.imageSha256);
  // Leptonica prints its own complaints about non-images to stderr; refuse them first.
  if (!looksLikeImage(bytes)) return { ok: false, kind: 'ocr', reason: 'image-unreadable' };
  const outcome = task.blankCheck ? await checkBlankPageText(bytes, task.dpi, ocrEngine()) : await ocrEngine().recognize({ bytes, dpi: task.dpi });
  return { ok: true, kind: 'ocr', ...outcome, millis: Math.round(performance.now() - started) };
}

parentPort!.on('message', async (task: RecognitionTask) => {
  let result: RecognitionResult;
  try {
    result = await run(task);
  } catch (error) {
    result = { ok: false, kind: task?.kind === 'ocr' ? 'ocr' : 'fast', reason: failureReason(error) };
  }
  parentPort!.postMessage(result);
});
