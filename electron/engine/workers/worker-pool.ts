import { type IsolateEvents, type MemoryCap, type RunningIsolate, type WorkerScript, WorkerTaskError } from './isolate.js';
import { startProcessIsolate } from './process-isolate.js';
import { startThreadIsolate } from './thread-isolate.js';
import type { TaskMessage } from './task-channel.js';

export { type MemoryCap, type WorkerScript, WorkerTaskError, workerScript } from './isolate.js';

/**
 * 'process' when the input is untrusted and the host can fork Node (server, CLI, tests): a heap
 * abort or native crash ends only the child. 'thread' inside Electron, whose utilityProcess cannot
 * fork a plain Node once the RunAsNode fuse is off, and for work on the station's own images.
 */
export type Isolation = 'thread' | 'process';

export interface WorkerPoolOptions<I = unknown> {
  script: WorkerScript;
  size: number;
  /**
   * A task silent for longer (no progress report, no answer) is killed with its worker: a hostile
   * file must not hang the station. Each report starts the time again, so a task that reports
   * its steps (a decoder, each page) may take as many limits as it has steps, and a stalled one is
   * still stopped one limit after its last step. A function sets it per task.
   */
  taskTimeoutMs: number | ((input: I) => number);
  /** A task running longer than this is killed however it reports progress (a person waits for it). */
  wholeTaskTimeoutMs?: number;
  isolation?: Isolation;
  /** A worker over its cap is killed and replaced; its task fails with 'out-of-memory'. */
  memory?: MemoryCap;
}

interface Job<I, O, P> {
  input: I;
  /** Its time limit without a report, set once when it starts. */
  limitMs?: number;
  onProgress: ((progress: P) => void) | undefined;
  resolve: (output: O) => void;
  reject: (error: Error) => void;
}

interface Slot<I, O, P> {
  isolate: RunningIsolate<I>;
  job: Job<I, O, P> | null;
  timer: NodeJS.Timeout | null;
  wholeTimer: NodeJS.Timeout | null;
}

/**
 * A bounded pool of isolated workers, one task per worker at a time. Heavy work (decoding,
 * OCR) waits here, never on the engine's event loop. A worker that times out, runs out of
 * memory or dies is replaced and its task fails with a reason; the others go on.
 */
export class WorkerPool<I, O, P = never> {
  private readonly slots: Slot<I, O, P>[] = [];
  private readonly queue: Job<I, O, P>[] = [];
  private closed = false;
  private keepReady = false;

  constructor(private readonly options: WorkerPoolOptions<I>) {}

  /**
   * Keeps a started worker waiting from now on, also after one is retired, so a task never
   * waits for a worker's start-up (a decoder process under Node: a few hundred ms, seconds
   * on a busy machine).
   */
  keepOneReady(): void {
    this.keepReady = true;
    this.readyOne();
  }

  private readyOne(): void {
    if (this.keepReady && !this.closed && this.slots.length === 0) this.spawn();
  }

  get busy(): number {
    return this.slots.filter((s) => s.job).length;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Runs a task; `onProgress` hears its reports, in order, before the answer resolves. */
  run(input: I, onProgress?: (progress: P) => void): Promise<O> {
    if (this.closed) return Promise.reject(new WorkerTaskError('closed', 'the worker pool is closed'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, onProgress, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new WorkerTaskError('closed', 'the worker pool is closed'));
    await Promise.all(
      this.slots.splice(0).map(async (slot) => {
        stopTimers(slot);
        slot.job?.reject(new WorkerTaskError('closed', 'the worker pool is closed'));
        await slot.isolate.terminate();
      }),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      this.armTimer(slot, job);
      const whole = this.options.wholeTaskTimeoutMs;
      if (whole !== undefined) slot.wholeTimer = setTimeout(() => this.fail(slot!, new WorkerTaskError('timeout', `task exceeded ${whole} ms`)), whole);
      slot.isolate.send(job.input);
    }
  }

  /** (Re)starts the task's time limit: at its start and at each progress report. */
  private armTimer(slot: Slot<I, O, P>, job: Job<I, O, P>): void {
    if (slot.timer) clearTimeout(slot.timer);
    const { taskTimeoutMs } = this.options;
    const limitMs = (job.limitMs ??= typeof taskTimeoutMs === 'function' ? taskTimeoutMs(job.input) : taskTimeoutMs);
    slot.timer = setTimeout(() => this.fail(slot, new WorkerTaskError('timeout', `task exceeded ${limitMs} ms without progress`)), limitMs);
  }

  private spawn(): Slot<I, O, P> {
    // The events arrive on later turns of the event loop, after `slot` below exists.
    const events: IsolateEvents<TaskMessage<O, P>> = {
      message: (message) => (message.type === 'progress' ? this.progress(slot, message.progress) : this.finish(slot, message.answer)),
      failed: (error) => this.fail(slot, error),
    };
    const { script, memory } = this.options;
    const isolate = this.options.isolation === 'process' ? startProcessIsolate<I, TaskMessage<O, P>>(script, memory, events) : startThreadIsolate<I, TaskMessage<O, P>>(script, memory, events);
    const slot: Slot<I, O, P> = { isolate, job: null, timer: null, wholeTimer: null };
    this.slots.push(slot);
    return slot;
  }

  private progress(slot: Slot<I, O, P>, progress: P): void {
    const job = slot.job;
    if (!job) return;
    this.armTimer(slot, job);
    job.onProgress?.(progress);
  }

  private finish(slot: Slot<I, O, P>, output: O): void {
    const job = slot.job;
    stopTimers(slot);
    slot.job = null;
    job?.resolve(output);
    this.pump();
  }

  /** Retires a worker (idle or busy): its task, if any, fails with the reason; the next task gets a fresh one. */
  private fail(slot: Slot<I, O, P>, error: WorkerTaskError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    stopTimers(slot);
    const job = slot.job;
    slot.job = null;
    void slot.isolate.terminate();
    job?.reject(error);
    if (!this.closed) this.pump();
    // Only after a task's worker: one that dies idle (a broken install) must not be restarted in a loop.
    if (job) this.readyOne();
  }
}

function stopTimers(slot: { timer: NodeJS.Timeout | null; wholeTimer: NodeJS.Timeout | null }): void {
  if (slot.timer) clearTimeout(slot.timer);
  if (slot.wholeTimer) clearTimeout(slot.wholeTimer);
  slot.timer = null;
  slot.wholeTimer = null;
}
