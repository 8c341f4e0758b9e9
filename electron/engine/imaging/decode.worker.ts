import { readFile, stat } from 'node:fs/promises';
import type { StoreLocation } from '../storage/content-store.js';
import { type ReportProgress, serveTasks } from '../workers/task-channel.js';
import { SEALED_OVERHEAD_BYTES } from '../crypto/file-cipher.js';
import { readSealedFile } from '../storage/sealed-file.js';
import { type DecodeOutcome, type DecodeProgress, decodeScanToStore } from './decode-scan.js';
import type { ScanLimits } from './limits.js';

export interface DecodeTask {
  filePath: string;
  /** The file is the station's sealed copy (encrypted with the store's key): decrypted here, in memory. */
  sealed?: boolean;
  store: StoreLocation;
  limits: ScanLimits;
}

async function decode(task: DecodeTask, report: ReportProgress<DecodeProgress>): Promise<DecodeOutcome> {
  try {
    // Before reading: a file over the cap must not be loaded into memory just to be refused
    // (a sealed copy carries its 32 bytes of header and tag besides the scan).
    const { size } = await stat(task.filePath);
    const plainSize = task.sealed ? size - SEALED_OVERHEAD_BYTES : size;
    if (plainSize > task.limits.maxFileBytes) return { ok: false, format: null, reason: 'file-too-large', detail: `${plainSize} bytes` };
    const bytes = task.sealed ? await readSealedFile(task.filePath, task.store.key) : await readFile(task.filePath);
    return await decodeScanToStore(bytes, task.store, task.limits, report);
  } catch (error) {
    return { ok: false, format: null, reason: 'decode-crashed', detail: (error as Error).message?.slice(0, 300) ?? null };
  }
}

// Runs isolated from the station (a child process, or a worker thread inside Electron): untrusted
// bytes are parsed here, and a file that hangs or explodes takes only this isolate down.
serveTasks(decode);
