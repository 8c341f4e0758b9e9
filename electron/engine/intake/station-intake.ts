import type { EngineEvents } from '../events.js';
import type { Logger } from '../log/logger.js';
import type { SharedExclusiveLock } from '../storage/shared-exclusive-lock.js';
import type { CompletenessRule } from './completeness.js';
import { type DropFolderStatus, DropFolderWatcher, type DropFolderWatcherOptions } from './drop-folder-watcher.js';
import type { FileIntake, IntakeOptions, IntakeResult } from './file-intake.js';

export interface StationIntakeDeps {
  intake: Pick<FileIntake, 'ingest'>;
  /** Held on its shared side by every ingest (a purge takes the exclusive side). */
  storeLock: SharedExclusiveLock;
  events: Pick<EngineEvents, 'emit'>;
  /** Back-scanning: a new batch belongs to the box on the scanner now. */
  assignCurrentBox(batchId: string): void;
  /** New pages are waiting for recognition. */
  kickRecognition(): void;
  rule?: CompletenessRule;
  pollIntervalMs?: number;
  /** Whether a file is taken as soon as its structure is whole and no process writes it (see DropFolderWatcher). */
  structuralCompletion?: DropFolderWatcherOptions['structuralCompletion'];
  log: Logger;
}

/**
 * The station's way in: files dropped in the drop folder and files handed over directly (the CLI),
 * each announced to the screens and to recognition once ingested; and whether any is still
 * waiting or being read, for those who wait for the station to be idle.
 */
export class StationIntake {
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private watcher: DropFolderWatcher | null = null;

  constructor(private readonly d: StationIntakeDeps) {}

  ingest(path: string, options: IntakeOptions): Promise<IntakeResult> {
    return this.d.storeLock.shared(async () => {
      this.inFlight++;
      try {
        const result = await this.d.intake.ingest(path, options);
        this.announce(result);
        return result;
      } finally {
        this.inFlight--;
        this.settleIdle();
      }
    });
  }

  /** Watches this folder from now on (instead of the one watched so far, if any). */
  async watch(folder: string): Promise<void> {
    this.watcher?.stop();
    this.watcher = new DropFolderWatcher({
      folder,
      rule: this.d.rule,
      pollIntervalMs: this.d.pollIntervalMs,
      structuralCompletion: this.d.structuralCompletion,
      log: this.d.log,
      onFileReady: async (path) => {
        await this.ingest(path, { removeSource: true });
      },
      onStatusChange: () => {
        this.d.events.emit({ type: 'station.changed' });
        this.settleIdle();
      },
    });
    await this.watcher.start();
  }

  get watching(): boolean {
    return this.watcher !== null;
  }

  /** The drop folder's state; null when the station does not watch one. */
  dropFolderStatus(): DropFolderStatus | null {
    return this.watcher?.status() ?? null;
  }

  /** Files being read now, whichever way they came in. */
  get filesInFlight(): number {
    return this.inFlight;
  }

  /** Resolves once no file is waiting or being read. */
  whenIdle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.settleIdle();
    });
  }

  stop(): void {
    this.watcher?.stop();
  }

  private announce(result: IntakeResult): void {
    const { events } = this.d;
    if (result.outcome === 'ingested') {
      this.d.assignCurrentBox(result.batchId);
      events.emit({ type: 'batch.created', batchId: result.batchId });
      this.d.kickRecognition();
    }
    if (result.outcome === 'rescanned') {
      events.emit({ type: 'batch.changed', batchId: result.batchId });
      this.d.kickRecognition();
    }
    if (result.outcome !== 'resumed') {
      events.emit({ type: 'intake.recorded', recordId: result.recordId, outcome: result.outcome === 'rescanned' ? 'ingested' : result.outcome });
    }
  }

  private settleIdle(): void {
    const s = this.watcher?.status();
    if (this.inFlight === 0 && (!s || (s.filesWaiting === 0 && s.filesInProgress === 0))) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((w) => w());
    }
  }
}
