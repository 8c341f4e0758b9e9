import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log/logger.js';
import { type CompletenessRule, type FileTrack, defaultCompletenessRule, isComplete, isTransientName, observe } from './completeness.js';

export interface DropFolderStatus {
  watching: boolean;
  watchError: string | null;
  filesWaiting: number;
  filesInProgress: number;
}

export interface DropFolderWatcherOptions {
  folder: string;
  rule?: CompletenessRule;
  pollIntervalMs?: number;
  /** Called once per finished file; the watcher will not offer it again until this settles. */
  onFileReady: (path: string) => Promise<void>;
  onStatusChange?: () => void;
  log: Logger;
  now?: () => number;
}

/** Whether another program still holds the file (Windows scanner drivers open it exclusively). */
async function isLockedByWriter(path: string): Promise<boolean> {
  try {
    // Never through a link, never waiting on a pipe: the name may have been swapped since lstat.
    const handle = await open(path, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    await handle.close();
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EBUSY' || code === 'EPERM' || code === 'EACCES';
  }
}

/**
 * Polls the drop folder. Polling, not fs.watch: scanners write to network shares where change
 * notifications are unreliable, and the completeness rule needs timed re-checks anyway.
 */
export class DropFolderWatcher {
  private readonly tracks = new Map<string, FileTrack>();
  private readonly claimed = new Set<string>();
  private readonly retryAfter = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private scanning = false;
  private error: string | null = null;
  private lastStatus = '';

  constructor(private readonly options: DropFolderWatcherOptions) {}

  get folder(): string {
    return this.options.folder;
  }

  async start(): Promise<void> {
    await mkdir(this.options.folder, { recursive: true }).catch(() => undefined);
    await this.scan();
    this.timer = setInterval(() => void this.scan(), this.options.pollIntervalMs ?? 500);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  status(): DropFolderStatus {
    return {
      watching: this.timer !== null && this.error === null,
      watchError: this.error,
      filesWaiting: [...this.tracks.keys()].filter((p) => !this.claimed.has(p)).length,
      filesInProgress: this.claimed.size,
    };
  }

  /** One pass over the folder; public so tests can drive it without waiting on the timer. */
  async scan(): Promise<void> {
    if (this.scanning) return;
    this.scanning = true;
    const now = (this.options.now ?? Date.now)();
    try {
      const entries = await readdir(this.options.folder, { withFileTypes: true });
      this.error = null;
      const present = new Set<string>();
      for (const entry of entries) {
        // Subfolders are not scans. Links, pipes and devices are offered too: intake sets them
        // aside with a reason the clerk sees, instead of their being skipped silently for ever.
        if (entry.isDirectory() || isTransientName(entry.name)) continue;
        const path = join(this.options.folder, entry.name);
        present.add(path);
        if (this.claimed.has(path)) continue;
        let info;
        try {
          // lstat: the entry itself, never what a link points to.
          info = await lstat(path);
        } catch {
          continue; // Removed between readdir and lstat.
        }
        const track = observe(this.tracks.get(path), { size: info.size, mtimeMs: info.mtimeMs }, now);
        this.tracks.set(path, track);
        if ((this.retryAfter.get(path) ?? 0) > now) continue;
        if (!isComplete(track, now, this.options.rule ?? defaultCompletenessRule)) continue;
        // Only a regular file is opened to see whether a writer holds it (opening a device can act on it).
        if (info.isFile() && (await isLockedByWriter(path))) continue;
        this.claim(path);
      }
      for (const path of this.tracks.keys()) if (!present.has(path) && !this.claimed.has(path)) this.tracks.delete(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.error =
        code === 'ENOENT'
          ? 'The drop folder does not exist. Check the scanner share or choose another folder in Settings.'
          : 'The drop folder cannot be read. Check that the share is connected and this station may read it.';
      this.options.log.warn('drop-folder.unreadable', { code: code ?? 'unknown' });
    } finally {
      this.scanning = false;
      this.announceIfChanged();
    }
  }

  private claim(path: string): void {
    this.claimed.add(path);
    this.announceIfChanged();
    this.options
      .onFileReady(path)
      .catch((error: unknown) => {
        // The intake failed for a reason outside the file (disk full, database busy): try again later.
        this.retryAfter.set(path, (this.options.now ?? Date.now)() + 10_000);
        this.options.log.error('drop-folder.intake-failed', { code: (error as NodeJS.ErrnoException).code ?? 'error' });
      })
      .finally(() => {
        this.claimed.delete(path);
        this.tracks.delete(path);
        this.announceIfChanged();
      });
  }

  private announceIfChanged(): void {
    const key = JSON.stringify(this.status());
    if (key !== this.lastStatus) {
      this.lastStatus = key;
      this.options.onStatusChange?.();
    }
  }
}
