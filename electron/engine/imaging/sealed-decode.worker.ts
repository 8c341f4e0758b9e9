import { stat } from 'node:fs/promises';
import type { StoreLocation } from '../storage/content-store.js';
import { readSealedFile } from '../storage/sealed-file.js';
import { type ReportProgress, serveTasks } from '../workers/task-channel.js';
import { type DecodeOutcome, type DecodeProgress, decodeScanToStore } from './decode-scan.js';
import type { ScanLimits } from './limits.js';

/** Decodes a file the station keeps sealed (a quarantined file), so it is never written out in plain text. */
export interface SealedDecodeTask {
  sealedPath: string;
  /** The station's file key: opens the sealed file and seals the page images written to `store`. */
  key: Uint8Array;
  store: StoreLocation;
  limits: ScanLimits;
}

/** Sealing adds a header and a tag; a file over the cap by more than that is refused unread. */
const SEAL_OVERHEAD_BYTES = 1024;

async function decode(task: SealedDecodeTask, report: ReportProgress<DecodeProgress>): Promise<DecodeOutcome> {
  try {
    const { size } = await stat(task.sealedPath);
    if (size > task.limits.maxFileBytes + SEAL_OVERHEAD_BYTES) return { ok: false, format: null, reason: 'file-too-large', detail: `${size} bytes` };
    return await decodeScanToStore(await readSealedFile(task.sealedPath, task.key), task.store, task.limits, report);
  } catch (error) {
    return { ok: false, format: null, reason: 'decode-crashed', detail: (error as Error).message?.slice(0, 300) ?? null };
  }
}

// The same isolation as intake's decoder: the bytes are as untrusted as when they were set aside.
serveTasks(decode);
