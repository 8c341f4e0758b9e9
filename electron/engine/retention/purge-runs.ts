import type { Logger } from '../log/logger.js';
import type { SharedExclusiveLock } from '../storage/shared-exclusive-lock.js';
import { type PurgeDeps, type PurgeReport, purgeExpired } from './purge.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The station's retention purges: asked for (CLI, API) or hourly. Each holds the store lock alone,
 * so no ingest runs while it decides which stored images nobody references any more, and purges
 * run one after another in the order asked.
 */
export class PurgeRuns {
  private last: Promise<PurgeReport | null> = Promise.resolve(null);
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly d: PurgeDeps & { storeLock: SharedExclusiveLock },
    private readonly log: Logger,
  ) {}

  run(options: { dryRun?: boolean; via: string }): Promise<PurgeReport> {
    const run = this.d.storeLock.exclusive(() => purgeExpired(this.d, options));
    this.last = run;
    return run;
  }

  /** Purges now and every hour until stopped; a failure is logged and the next hour tries again. */
  startHourly(): void {
    const scheduled = () => {
      this.run({ via: 'timer' }).catch(() => this.log.error('retention.failed', { code: 'purge' }));
    };
    scheduled();
    this.timer = setInterval(scheduled, HOUR_MS);
    this.timer.unref();
  }

  stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Resolves once the last purge asked for has finished, whatever its outcome. */
  async settled(): Promise<void> {
    await this.last.catch(() => null);
  }
}
