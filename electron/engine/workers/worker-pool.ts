import { Worker, type ResourceLimits } from 'node:worker_threads';

export class WorkerTaskError extends Error {
  constructor(
    readonly code: 'timeout' | 'crashed' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'WorkerTaskError';
  }
}

export interface WorkerScript {
  url: URL;
  /** Set when the entry must be started through the source loader (see source-worker-loader.mjs). */
  sourceEntry?: string;
}

export interface WorkerPoolOptions {
  script: WorkerScript;
  size: number;
  /** A task running longer is killed with its worker: a hostile file must not hang the station. */
  taskTimeoutMs: number;
  resourceLimits?: ResourceLimits;
}

interface Job<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: Error) => void;
}

interface Slot<I, O> {
  worker: Worker;
  job: Job<I, O> | null;
  timer: NodeJS.Timeout | null;
}

/**
 * A bounded pool of worker threads, one task per worker at a time. Heavy work (decoding,
 * OCR) waits here, never on the engine's event loop. A worker that times out or dies is
 * replaced and its task fails with a reason; the others go on.
 */
export class WorkerPool<I, O> {
  private readonly slots: Slot<I, O>[] = [];
  private readonly queue: Job<I, O>[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

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
        await slot.worker.terminate();
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
      slot.timer = setTimeout(() => this.fail(slot!, new WorkerTaskError('timeout', `task exceeded ${this.options.taskTimeoutMs} ms`)), this.options.taskTimeoutMs);
      slot.worker.postMessage(job.input);
    }
  }

  private spawn(): Slot<I, O> {
    const { url, sourceEntry } = this.options.script;
    const worker = new Worker(url, {
      ...(sourceEntry ? { workerData: { chartdeskWorkerEntry: sourceEntry } } : {}),
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    const slot: Slot<I, O> = { worker, job: null, timer: null };
    worker.on('message', (output: O) => {
      const job = slot.job;
      if (slot.timer) clearTimeout(slot.timer);
      slot.job = null;
      slot.timer = null;
      job?.resolve(output);
      this.pump();
    });
    worker.on('error', (error) => this.fail(slot, new WorkerTaskError('crashed', error.message)));
    worker.on('exit', (code) => {
      if (slot.job) this.fail(slot, new WorkerTaskError('crashed', `worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  private fail(slot: Slot<I, O>, error: WorkerTaskError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    void slot.worker.terminate();
    job?.reject(error);
    if (!this.closed) this.pump();
  }
}

/**
 * Where a worker's entry file is. Under the TypeScript sources (tests, `tsx`) the worker is a
 * .ts file started through tsx's loader; in the built app it is the compiled .js beside the caller.
 */
export function workerScript(callerUrl: string, relativeBaseName: string): WorkerScript {
  if (!callerUrl.endsWith('.ts')) return { url: new URL(`${relativeBaseName}.js`, callerUrl) };
  return {
    url: new URL('./source-worker-loader.mjs', import.meta.url),
    sourceEntry: new URL(`${relativeBaseName}.ts`, callerUrl).href,
  };
}
