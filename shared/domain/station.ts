import { z } from 'zod';
import { DateOrder } from './date-order.js';

/**
 * The person scanning at this station now: files that land in the drop folder are credited to
 * them. A claim is explicit (Scan as me, starting a box) and lasts until they hand over or sign
 * out, or someone takes it over.
 */
export const ScannerClaim = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  since: z.string(),
});
export type ScannerClaim = z.infer<typeof ScannerClaim>;

export const StationStatus = z.object({
  stationName: z.string(),
  dataDir: z.string(),
  dropDir: z.string(),
  /** False when the drop folder is missing or unreadable; `watchError` says why. */
  watching: z.boolean(),
  watchError: z.string().nullable(),
  /** Files seen in the drop folder that are not finished yet (still being written) or waiting their turn. */
  filesWaiting: z.number().int().nonnegative(),
  /** Files being read right now. */
  filesInProgress: z.number().int().nonnegative(),
  /** Who holds the scanner; null: nobody, and files that land now are unclaimed. */
  scanner: ScannerClaim.nullable(),
  /** Pages waiting for the fast path (barcodes, blank, orientation) and for full OCR, station-wide. */
  recognitionBacklog: z.object({ fast: z.number().int().nonnegative(), ocr: z.number().int().nonnegative() }),
  version: z.string(),
  /** Back-scanning: the box being scanned now; new batches are filed under it. */
  currentBox: z.object({ project: z.string(), box: z.string() }).nullable(),
  /** How this station reads dates written with numbers (09/02/2026); screens read typed dates the same way. */
  dateOrder: DateOrder,
  /** What an administrator should know about the station now (plain-text delivery copies, a folder moved or open to others). */
  notices: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type StationStatus = z.infer<typeof StationStatus>;
