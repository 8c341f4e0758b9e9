import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { type DecodeOutcome, decodeScanToStore } from './decode-scan.js';
import type { ScanLimits } from './limits.js';

export interface DecodeTask {
  filePath: string;
  storeRoot: string;
  limits: ScanLimits;
}

// Runs in a worker thread: untrusted bytes are parsed here, away from the engine's event loop,
// and a file that hangs or explodes takes only this thread down.
parentPort!.on('message', async (task: DecodeTask) => {
  let outcome: DecodeOutcome;
  try {
    outcome = await decodeScanToStore(await readFile(task.filePath), task.storeRoot, task.limits);
  } catch (error) {
    outcome = { ok: false, format: null, reason: 'decode-crashed', detail: (error as Error).message?.slice(0, 300) ?? null };
  }
  parentPort!.postMessage(outcome);
});
