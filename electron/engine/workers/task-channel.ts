import { parentPort } from 'node:worker_threads';

/**
 * What a pool worker sends for one task: any number of progress reports (a page decoded, a
 * page's barcodes read), then its answer. A report also tells the pool the worker is alive,
 * so a task's time limit runs from its last report, not from its start (see WorkerPool).
 */
export type TaskMessage<O, P = never> = { type: 'progress'; progress: P } | { type: 'answer'; answer: O };

/** Sends a progress report for the task in hand. */
export type ReportProgress<P> = (progress: P) => void;

/**
 * The worker side of a pool: answers each task with one message, after any progress reports,
 * whether this code was started as a worker thread or as a forked child process (see
 * thread-isolate.ts, process-isolate.ts).
 */
export function serveTasks<I, O, P = never>(handle: (input: I, report: ReportProgress<P>) => Promise<O>): void {
  if (parentPort) {
    const port = parentPort;
    const send = (message: TaskMessage<O, P>) => port.postMessage(message);
    port.on('message', async (input: I) => send({ type: 'answer', answer: await handle(input, (progress) => send({ type: 'progress', progress })) }));
    return;
  }
  if (process.send) {
    const send = (message: TaskMessage<O, P>) => process.send?.(message);
    process.on('message', async (input) => send({ type: 'answer', answer: await handle(input as I, (progress) => send({ type: 'progress', progress })) }));
    // The station is gone (crashed or killed): a child left behind would hold memory for nobody.
    process.on('disconnect', () => process.exit(0));
    return;
  }
  throw new Error('this file is a pool worker: start it through WorkerPool');
}
