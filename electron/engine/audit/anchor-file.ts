import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { SettingsRepository } from '../db/repositories/settings.js';
import type { Logger } from '../log/logger.js';
import { writeFileDurably } from '../storage/durable-file.js';
import { type AuditAnchor, anchorOf } from './audit-anchor.js';
import type { AuditLog } from './audit-log.js';

/** An exported anchor: the anchor itself plus when it was written. `chartdesk audit verify --anchor` reads it back. */
export function anchorFileBytes(anchor: AuditAnchor, writtenAt: Date): Buffer {
  return Buffer.from(`${JSON.stringify({ ...anchor, writtenAt: writtenAt.toISOString() }, null, 2)}\n`, 'utf8');
}

/** The station's local calendar day, as the file name carries it. */
function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** One file per chain and day: stations sharing a folder never overwrite each other. */
export const dailyAnchorFileName = (anchor: AuditAnchor, now: Date) => `chartdesk-audit-anchor-${anchor.chain}-${localDay(now)}.json`;

export const ANCHOR_FOLDER_SETTING = 'audit.anchorFolder';

export interface DailyAnchorStatus {
  folder: string | null;
  lastWritten: { at: string; file: string; seq: number } | null;
  lastError: string | null;
}

export interface DailyAnchorOptions {
  audit: AuditLog;
  settings: SettingsRepository;
  stationName: string;
  now: () => Date;
  log: Logger;
}

/**
 * Writes the chain's head once a day to a folder an administrator chose, off the station (a
 * share, another machine): the anchor for quiet days without deliveries. Off until a folder is
 * set: a folder on the station's own disk would be rewritten by whoever rewrites the database.
 */
export class DailyAnchorWriter {
  private last: DailyAnchorStatus['lastWritten'] = null;
  private lastError: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly o: DailyAnchorOptions) {}

  folder(): string | null {
    return this.o.settings.get<string>(ANCHOR_FOLDER_SETTING) ?? null;
  }

  /** Saves the folder (null: off). Returns a sentence when the path cannot be used. */
  setFolder(folder: string | null): string | null {
    if (folder !== null && !isAbsolute(folder)) return 'Give the full path of the folder, e.g. /mnt/records/anchors or \\\\server\\share\\anchors.';
    if (folder === null) this.o.settings.delete(ANCHOR_FOLDER_SETTING);
    else this.o.settings.set(ANCHOR_FOLDER_SETTING, folder);
    this.lastError = null;
    return null;
  }

  status(): DailyAnchorStatus {
    return { folder: this.folder(), lastWritten: this.last, lastError: this.lastError };
  }

  /** Writes today's anchor unless it is already there. One write at a time. */
  writeIfDue(): Promise<void> {
    this.running = this.running.then(() => this.write(false));
    return this.running;
  }

  /** Writes (or rewrites) today's anchor now, with the head as it is now. */
  writeNow(): Promise<void> {
    this.running = this.running.then(() => this.write(true));
    return this.running;
  }

  /** Checks every hour whether the day's anchor is due (at once, too). */
  start(): void {
    if (this.timer) return;
    void this.writeIfDue();
    this.timer = setInterval(() => void this.writeIfDue(), 60 * 60 * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async write(force: boolean): Promise<void> {
    const folder = this.folder();
    if (!folder) return;
    const now = this.o.now();
    const anchor = anchorOf(this.o.audit, this.o.stationName);
    const file = join(folder, dailyAnchorFileName(anchor, now));
    try {
      // Never created: a missing folder is a share that is not mounted, which someone should hear about.
      if (!(await stat(folder)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      if (
        !force &&
        (await stat(file).then(
          () => true,
          () => false,
        ))
      )
        return;
      await writeFileDurably(file, anchorFileBytes(anchor, now));
      this.last = { at: now.toISOString(), file, seq: anchor.seq };
      this.lastError = null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      this.lastError = `The anchor could not be written to ${folder} (${code}). Check that the folder exists and this station may write to it.`;
      this.o.log.warn('audit.anchor-not-written', { code });
    }
  }
}
