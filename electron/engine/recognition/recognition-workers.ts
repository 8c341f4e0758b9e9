import { availableParallelism } from 'node:os';

/**
 * How many recognition workers a station starts, from the cores the OS offers. Each OCR worker
 * is one tesseract.js thread (its wasm build has no threads of its own) holding about 150 MB;
 * the fast path (barcodes, page metrics, OSD) takes about as much CPU a page as OCR but comes
 * first, so one fast worker per four cores keeps OCR fed without starving it. On 2 cores this
 * gives today's 1 + 2: the third thread overlaps the fast path's waits on OSD and the disk,
 * and the OS shares the cores when all three are busy. Capped so a 64-core server does not
 * start 64 tesseracts (memory, not CPU, is then the limit).
 */
export function defaultRecognitionWorkers(cores: number = availableParallelism()): { fast: number; ocr: number } {
  const usable = Math.max(1, Math.floor(cores));
  return { fast: Math.min(4, Math.ceil(usable / 4)), ocr: Math.min(8, usable) };
}
