/**
 * Owns the engine utilityProcess: spawn, restart after a crash, graceful shutdown. Correlation
 * and timeouts live in EngineClient (pure); this file only wires Electron's process events to it.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { EngineToShell, ShellToEngine } from '../../shared/api/host-protocol.js';
import { EngineClient, restartDelay } from './engine-client.js';
import { logShell } from './log.js';

/** Opening the station runs migrations; longer than this without 'ready' is a hang. */
const startupTimeoutMs = 60_000;
const shutdownTimeoutMs = 5_000;

const isEngineMessage = (value: unknown): value is EngineToShell => typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';

export interface EngineProcessOptions {
  hostPath: string;
  args: string[];
  /** The unwrapped station key; posted to each engine process first, never put in argv or env. */
  stationKey: Uint8Array;
  /** Called after a restarted engine is ready, so the window can refetch what it shows. */
  onRestarted?: () => void;
}

export class EngineProcess {
  readonly client = new EngineClient();
  private child: UtilityProcess | null = null;
  private readonly crashes: number[] = [];
  private stopping = false;
  private fatal = false;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: EngineProcessOptions) {}

  start(): void {
    const restarted = this.crashes.length > 0;
    // NODE_OPTIONS is dropped so a stray --require in the clerk's environment cannot load code
    // into the process that holds the database (the packaged fuse disables it too).
    const { NODE_OPTIONS: _dropped, ...env } = process.env;
    const child = utilityProcess.fork(this.options.hostPath, this.options.args, {
      serviceName: 'ChartDesk Engine',
      stdio: 'inherit',
      env,
    });
    this.child = child;
    child.postMessage({ kind: 'station-key', key: new Uint8Array(this.options.stationKey) } satisfies ShellToEngine);
    this.client.attach((message) => child.postMessage(message));

    const startupTimer = setTimeout(() => {
      if (this.child === child && this.client.status === 'starting') {
        logShell('error', 'engine did not become ready in time; restarting it');
        child.kill();
      }
    }, startupTimeoutMs);

    child.on('message', (message: unknown) => {
      if (this.child !== child || !isEngineMessage(message)) return;
      if (message.kind === 'ready') {
        clearTimeout(startupTimer);
        if (restarted) this.options.onRestarted?.();
      }
      if (message.kind === 'fatal') {
        clearTimeout(startupTimer);
        // A startup failure (unreadable data dir, failed migration) will fail the same way again:
        // stay down with the reason instead of crash-looping.
        this.fatal = true;
        logShell('error', 'engine reported a fatal startup error');
      }
      this.client.handleMessage(message);
    });

    child.on('error', (type, location) => {
      logShell('error', `engine process error ${type} at ${location}`);
    });

    child.on('exit', (code) => {
      clearTimeout(startupTimer);
      if (this.child !== child) return;
      this.child = null;
      if (this.stopping) {
        this.client.markDown('ChartDesk is closing.');
        return;
      }
      if (this.fatal) {
        // The client already holds the fatal reason; keep it.
        if (this.client.status !== 'down') this.client.markDown('The ChartDesk engine could not start.');
        return;
      }
      logShell('warn', `engine exited unexpectedly (code ${code})`);
      this.client.markDown('The ChartDesk engine stopped unexpectedly. It is being restarted; try again in a moment.');
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    const now = Date.now();
    this.crashes.push(now);
    const delay = restartDelay(this.crashes, now);
    if (delay === null) {
      logShell('error', 'engine keeps crashing; not restarting it again');
      this.client.markDown('The ChartDesk engine keeps stopping. Close ChartDesk and contact support.');
      return;
    }
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopping) this.start();
    }, delay);
  }

  /** Asks the engine to close the database cleanly; kills it if it does not exit in time. */
  stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        logShell('warn', 'engine did not shut down in time; killing it');
        child.kill();
        resolve();
      }, shutdownTimeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        child.postMessage({ kind: 'shutdown' });
      } catch {
        child.kill();
      }
    });
  }
}
