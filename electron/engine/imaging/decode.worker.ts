import { readFile, stat } from 'node:fs/promises';
import type { StoreLocation } from '../storage/content-store.js';
import { serveTasks } from '../workers/task-channel.js';
import { type DecodeOutcome, decodeScanToStore } from './decode-scan.js';
import type { ScanLimits } from './limits.js';

export interface DecodeTask {
  filePath: string;
  store: StoreLocation;
  limits: ScanLimits;
}

async function decode(task: DecodeTask): Promise<DecodeOutcome> {
  try {
    // Before reading: a file over the cap must not be loaded into memory just to be refused.
    const { size } = await stat(task.filePath);
    if (size > task.limits.maxFileBytes) return { ok: false, format: null, reason: 'file-too-large', detail: `${size} bytes` };
    return await decodeScanToStore(await readFile(task.filePath), task.store, task.limits);
  } catch (error) {
    return { ok: false, format: null, reason: 'decode-crashed', detail: (error as Error).message?.slice(0, 300) ?? null };
  }
}

// Runs isolated from the station (a child process, or a worker thread inside Electron): untrusted
// bytes are parsed here, and a file that hangs or explodes takes only this isolate down.
serveTasks(decode);
