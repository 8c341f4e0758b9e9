import { type IsolateEvents, type MemoryCap, type RunningIsolate, type WorkerScript, WorkerTaskError } from './isolate.js';
import { startProcessIsolate } from './process-isolate.js';
import { startThreadIsolate } from './thread-isolate.js';

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
  /** A task running longer is killed with its worker: a hostile file must not hang the station. A function sets it per task. */
  taskTimeoutMs: number | ((input: I) => number);
  isolation?: Isolation;
  /** A worker over its cap is killed and replaced; its task fails with 'out-of-memory'. */
  memory?: MemoryCap;
}

interface Job<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: Error) => void;
}

interface Slot<I, O> {
  isolate: RunningIsolate<I>;
  job: Job<I, O> | null;
  timer: NodeJS.Timeout | null;
}

/**
 * A bounded pool of isolated workers, one task per worker at a time. Heavy work (decoding,
 * OCR) waits here, never on the engine's event loop. A worker that times out, runs out of
 * memory or dies is replaced and its task fails with a reason; the others go on.
 */
export class WorkerPool<I, O> {
  private readonly slots: Slot<I, O>[] = [];
  private readonly queue: Job<I, O>[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions<I>) {}

  get busy(): number {
    return this.slots.filter((s) => s.job).length;
  }

  get waiting(): number {
    return this.queue.length;
  }

  run(input: I): Promise<O> {
    if (this.closed) return Promise.reject(new WorkerTaskError('closed', 'the worker pool is closed'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new WorkerTaskError('closed', 'the worker pool is closed'));
    await Promise.all(
      this.slots.splice(0).map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer);
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
      const { taskTimeoutMs } = this.options;
      const limitMs = typeof taskTimeoutMs === 'function' ? taskTimeoutMs(job.input) : taskTimeoutMs;
      slot.timer = setTimeout(() => this.fail(slot!, new WorkerTaskError('timeout', `task exceeded ${limitMs} ms`)), limitMs);
      slot.isolate.send(job.input);
    }
  }

  private spawn(): Slot<I, O> {
    // The events arrive on later turns of the event loop, after `slot` below exists.
    const events: IsolateEvents<O> = {
      message: (output) => this.finish(slot, output),
      failed: (error) => this.fail(slot, error),
    };
    const { script, memory } = this.options;
    const isolate = this.options.isolation === 'process' ? startProcessIsolate<I, O>(script, memory, events) : startThreadIsolate<I, O>(script, memory, events);
    const slot: Slot<I, O> = { isolate, job: null, timer: null };
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot<I, O>, output: O): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    job?.resolve(output);
    this.pump();
  }

  /** Retires a worker (idle or busy): its task, if any, fails with the reason; the next task gets a fresh one. */
  private fail(slot: Slot<I, O>, error: WorkerTaskError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    void slot.isolate.terminate();
    job?.reject(error);
    if (!this.closed) this.pump();
  }
}
