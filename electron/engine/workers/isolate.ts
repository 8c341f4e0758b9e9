/** Why a pool task failed without an answer. */
export class WorkerTaskError extends Error {
  constructor(
    readonly code: 'timeout' | 'out-of-memory' | 'crashed' | 'closed',
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

export interface MemoryCap {
  /** V8's old generation, where a parser's objects live. */
  heapMb: number;
  /** V8's young generation (threads only; V8's default is fine for a process). */
  youngMb?: number;
  /**
   * The whole process's resident memory, native buffers included (sharp, canvas, ArrayBuffers),
   * which the heap cap does not see. Process isolation only, and only where /proc exists (Linux).
   */
  residentMb?: number;
}

/** What an isolate reports to its pool; `failed` may be called more than once and must be idempotent there. */
export interface IsolateEvents<O> {
  message(output: O): void;
  failed(error: WorkerTaskError): void;
}

export interface RunningIsolate<I> {
  send(input: I): void;
  terminate(): Promise<void>;
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
