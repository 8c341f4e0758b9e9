/**
 * Request/response correlation with the engine utility process. Electron-free on purpose:
 * the process handling lives in engine-process.ts and feeds this class plain messages, so
 * timeouts and crash handling are unit-tested without a runtime.
 */
import type { EngineEvent } from '../../shared/api/events.js';
import type { EngineToShell, PurgedPageImage, SessionChange, ShellToEngine } from '../../shared/api/host-protocol.js';
import type { ApiResult } from '../../shared/api/result.js';
import type { PageImageVariant } from '../../shared/domain/batch.js';

export interface EngineCallOutcome {
  result: ApiResult<unknown>;
  session?: SessionChange;
}

export interface EnginePageImage {
  contentType: string;
  bytes: Uint8Array;
}

/** Thrown (rejected) by pageImage when the engine cannot answer; calls resolve to a result instead. */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface EngineClientOptions {
  /** API calls are database work; OCR runs in the background, so a call this slow means a hang. */
  callTimeoutMs?: number;
  pageImageTimeoutMs?: number;
  timers?: Timers;
}

export const unavailable = (message: string): ApiResult<never> => ({
  ok: false,
  error: { code: 'unavailable', message },
});

type Pending =
  | { kind: 'call'; resolve: (outcome: EngineCallOutcome) => void; timer: unknown }
  | { kind: 'page-image'; resolve: (image: EnginePageImage | PurgedPageImage | null) => void; reject: (error: Error) => void; timer: unknown };

type State = { kind: 'starting' } | { kind: 'ready' } | { kind: 'down'; reason: string };

export class EngineClient {
  private readonly callTimeoutMs: number;
  private readonly pageImageTimeoutMs: number;
  private readonly timers: Timers;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  /** Messages held while the engine starts: it cannot answer before it has opened the station. */
  private queue: Array<Extract<ShellToEngine, { id: number }>> = [];
  private post: ((message: ShellToEngine) => void) | null = null;
  private state: State = { kind: 'down', reason: 'The ChartDesk engine has not been started.' };
  private nextId = 1;

  constructor(options: EngineClientOptions = {}) {
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.pageImageTimeoutMs = options.pageImageTimeoutMs ?? 15_000;
    this.timers = options.timers ?? realTimers;
  }

  get status(): State['kind'] {
    return this.state.kind;
  }

  /** A new engine process exists; requests queue until it says 'ready'. */
  attach(post: (message: ShellToEngine) => void): void {
    this.post = post;
    this.state = { kind: 'starting' };
  }

  /** Feed every message from the engine process here. */
  handleMessage(message: EngineToShell): void {
    switch (message.kind) {
      case 'ready':
        this.state = { kind: 'ready' };
        this.flush();
        return;
      case 'fatal':
        this.markDown(`The ChartDesk engine could not start: ${message.message}`);
        return;
      case 'reply': {
        const entry = this.take(message.id);
        if (entry?.kind === 'call') {
          entry.resolve(message.session ? { result: message.result, session: message.session } : { result: message.result });
        }
        return;
      }
      case 'page-image-reply': {
        const entry = this.take(message.id);
        if (entry?.kind === 'page-image') entry.resolve(message.image);
        return;
      }
      case 'event':
        for (const listener of this.listeners) {
          try {
            listener(message.event);
          } catch {
            // One broken listener must not stop the others or the message loop.
          }
        }
        return;
    }
  }

  /**
   * The engine process is gone (crash, exit, fatal). Everything in flight fails now rather
   * than at its timeout, so the clerk sees "unavailable" at once instead of a frozen screen.
   */
  markDown(reason: string): void {
    this.state = { kind: 'down', reason };
    this.post = null;
    this.queue = [];
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      this.timers.clear(entry.timer);
      if (entry.kind === 'call') entry.resolve({ result: unavailable(reason) });
      else entry.reject(new EngineUnavailableError(reason));
    }
  }

  /** Never rejects: the boundary speaks ApiResult. */
  call(method: string, input: unknown, sessionToken: string | null): Promise<EngineCallOutcome> {
    if (this.state.kind === 'down') return Promise.resolve({ result: unavailable(this.state.reason) });
    const id = this.nextId++;
    return new Promise<EngineCallOutcome>((resolve) => {
      const timer = this.timers.set(() => {
        if (this.take(id)) resolve({ result: unavailable('The ChartDesk engine did not answer in time. Try again.') });
      }, this.callTimeoutMs);
      this.pending.set(id, { kind: 'call', resolve, timer });
      this.send({ kind: 'call', id, method, input, sessionToken });
    });
  }

  pageImage(pageId: string, variant: PageImageVariant, sessionToken: string | null): Promise<EnginePageImage | PurgedPageImage | null> {
    if (this.state.kind === 'down') return Promise.reject(new EngineUnavailableError(this.state.reason));
    const id = this.nextId++;
    return new Promise<EnginePageImage | PurgedPageImage | null>((resolve, reject) => {
      const timer = this.timers.set(() => {
        if (this.take(id)) reject(new EngineUnavailableError('The ChartDesk engine did not answer in time.'));
      }, this.pageImageTimeoutMs);
      this.pending.set(id, { kind: 'page-image', resolve, reject, timer });
      this.send({ kind: 'page-image', id, pageId, variant, sessionToken });
    });
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private take(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    this.timers.clear(entry.timer);
    return entry;
  }

  private send(message: Extract<ShellToEngine, { id: number }>): void {
    if (this.state.kind !== 'ready' || !this.post) {
      this.queue.push(message);
      return;
    }
    this.deliver(message);
  }

  private flush(): void {
    const queued = this.queue;
    this.queue = [];
    // Requests that timed out while the engine was starting are not sent at all.
    for (const message of queued) if (this.pending.has(message.id)) this.deliver(message);
  }

  private deliver(message: Extract<ShellToEngine, { id: number }>): void {
    try {
      this.post?.(message);
    } catch (error) {
      // A postMessage that throws (process just died, uncloneable input) fails this request only.
      const entry = this.take(message.id);
      const reason = error instanceof Error ? `Could not reach the ChartDesk engine (${error.name}).` : 'Could not reach the ChartDesk engine.';
      if (entry?.kind === 'call') entry.resolve({ result: unavailable(reason) });
      else if (entry) entry.reject(new EngineUnavailableError(reason));
    }
  }
}

export interface RestartPolicy {
  maxRestarts: number;
  windowMs: number;
  baseDelayMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { maxRestarts: 3, windowMs: 60_000, baseDelayMs: 500 };

/**
 * After an engine crash: how long to wait before restarting, or null to give up. A crash loop
 * (e.g. a corrupt database) would otherwise spin the CPU and flood the log; after that the shell
 * stays up and every call answers `unavailable` with the reason.
 */
export const restartDelay = (recentCrashes: readonly number[], now: number, policy: RestartPolicy = defaultRestartPolicy): number | null => {
  const inWindow = recentCrashes.filter((time) => now - time <= policy.windowMs).length;
  if (inWindow > policy.maxRestarts) return null;
  return policy.baseDelayMs * 2 ** Math.max(0, inWindow - 1);
};
