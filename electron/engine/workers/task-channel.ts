import { parentPort } from 'node:worker_threads';

/**
 * The worker side of a pool: answers each task with one message, whether this code was started
 * as a worker thread or as a forked child process (see thread-isolate.ts, process-isolate.ts).
 */
export function serveTasks<I, O>(handle: (input: I) => Promise<O>): void {
  if (parentPort) {
    const port = parentPort;
    port.on('message', async (input: I) => port.postMessage(await handle(input)));
    return;
  }
  if (process.send) {
    process.on('message', async (input) => process.send?.(await handle(input as I)));
    // The station is gone (crashed or killed): a child left behind would hold memory for nobody.
    process.on('disconnect', () => process.exit(0));
    return;
  }
  throw new Error('this file is a pool worker: start it through WorkerPool');
}
