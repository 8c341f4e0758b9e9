import { Worker } from 'node:worker_threads';
import type { IsolateEvents, MemoryCap, RunningIsolate, WorkerScript } from './isolate.js';
import { WorkerTaskError } from './isolate.js';

/**
 * A worker thread. Cheap to start, and its V8 heap is capped by resourceLimits; but the cap is
 * best-effort (nodejs/node#47224: one huge growing array aborts the whole process), so untrusted
 * bytes are decoded in a process-isolate instead where one is available.
 */
export function startThreadIsolate<I, O>(script: WorkerScript, memory: MemoryCap | undefined, events: IsolateEvents<O>): RunningIsolate<I> {
  const worker = new Worker(script.url, {
    ...(script.sourceEntry ? { workerData: { chartdeskWorkerEntry: script.sourceEntry } } : {}),
    ...(memory ? { resourceLimits: { maxOldGenerationSizeMb: memory.heapMb, ...(memory.youngMb ? { maxYoungGenerationSizeMb: memory.youngMb } : {}) } } : {}),
  });
  worker.on('message', (output: O) => events.message(output));
  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') events.failed(new WorkerTaskError('out-of-memory', `the worker's heap passed ${memory?.heapMb} MB`));
    else events.failed(new WorkerTaskError('crashed', error.message));
  });
  worker.on('exit', (code) => events.failed(new WorkerTaskError('crashed', `worker exited with code ${code}`)));
  return {
    send: (input) => worker.postMessage(input),
    terminate: async () => {
      await worker.terminate();
    },
  };
}
