import { type FSWatcher, constants, watch } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log/logger.js';
import { type CompletenessRule, type FileTrack, defaultCompletenessRule, isComplete, isTransientName, observe } from './completeness.js';
import { isLocalFilesystem } from './local-filesystem.js';
import { openForWriting } from './open-writers.js';
import { scanFileEnd } from './scan-file-end.js';

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
  /**
   * Take a file as soon as its structure says it ends and no process holds it open for writing
   * (see scan-file-end.ts, open-writers.ts), and look at the folder when the OS reports a
   * change instead of waiting for the next poll. 'auto' (the default): on a local disk under
   * Linux, where both can be trusted; on a network share only polling and the still-time rule
   * apply. False: the still-time rule alone.
   */
  structuralCompletion?: boolean | 'auto';
}

/** How soon a finished file still held open by its writer is looked at again. */
const WRITER_RECHECK_MS = 100;

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
 * Polls the drop folder: scanners write to network shares where change notifications are
 * unreliable, and the still-time rule needs timed re-checks anyway. On a local disk under
 * Linux it also listens for changes and takes a file as soon as it is structurally whole and
 * no process is writing it (structuralCompletion), so a clerk is not kept waiting the still time.
 */
export class DropFolderWatcher {
  private readonly tracks = new Map<string, FileTrack>();
  private readonly claimed = new Set<string>();
  private readonly retryAfter = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private error: string | null = null;
  private lastStatus = '';
  private structural = false;
  private events: FSWatcher | null = null;
  private wakeUp: NodeJS.Timeout | null = null;
  /** The size and mtime at which a file's structure was last found unfinished: not read again until it changes. */
  private readonly unfinishedAt = new Map<string, string>();

  constructor(private readonly options: DropFolderWatcherOptions) {}

  get folder(): string {
    return this.options.folder;
  }

  async start(): Promise<void> {
    await mkdir(this.options.folder, { recursive: true }).catch(() => undefined);
    const wanted = this.options.structuralCompletion ?? 'auto';
    this.structural = wanted === 'auto' ? await isLocalFilesystem(this.options.folder) : wanted;
    if (this.structural) this.watchEvents();
    await this.scan();
    this.timer = setInterval(() => void this.scan(), this.options.pollIntervalMs ?? 500);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.events?.close();
    this.events = null;
    if (this.wakeUp) clearTimeout(this.wakeUp);
    this.wakeUp = null;
  }

  /** A change reported by the OS starts a scan at once; polling stays as the safety net. */
  private watchEvents(): void {
    try {
      this.events = watch(this.options.folder, { persistent: false }, () => void this.scan());
      this.events.on('error', () => {
        this.events?.close();
        this.events = null;
      });
    } catch {
      this.events = null; // No change events here (inotify limits): polling alone.
    }
  }

  status(): DropFolderStatus {
    return {
      watching: this.timer !== null && this.error === null,
      watchError: this.error,
      filesWaiting: [...this.tracks.keys()].filter((p) => !this.claimed.has(p)).length,
      filesInProgress: this.claimed.size,
    };
  }

  /**
   * One pass over the folder; public so tests can drive it without waiting on the timer. Called
   * while a pass runs, it resolves after one more pass that starts when that one ends: a change
   * seen mid-pass is looked at then, not at the next poll.
   */
  scan(): Promise<void> {
    if (!this.running) {
      this.running = this.scanOnce().finally(() => (this.running = null));
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.scan();
    });
    return this.queued;
  }

  private async scanOnce(): Promise<void> {
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
        const finished = info.isFile() && (await this.endsAndNoWriter(path, track));
        if (!finished && !isComplete(track, now, this.options.rule ?? defaultCompletenessRule)) continue;
        // Only a regular file is opened to see whether a writer holds it (opening a device can act on it).
        if (info.isFile() && (await isLockedByWriter(path))) continue;
        this.claim(path);
      }
      for (const path of this.tracks.keys()) if (!present.has(path) && !this.claimed.has(path)) this.tracks.delete(path);
      for (const path of this.unfinishedAt.keys()) if (!this.tracks.has(path)) this.unfinishedAt.delete(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.error =
        code === 'ENOENT'
          ? 'The drop folder does not exist. Check the scanner share or choose another folder in Settings.'
          : 'The drop folder cannot be read. Check that the share is connected and this station may read it.';
      this.options.log.warn('drop-folder.unreadable', { code: code ?? 'unknown' });
    } finally {
      this.announceIfChanged();
    }
  }

  /**
   * The structural rule: the file says it ends and nobody holds it open for writing. Its end is
   * read once per size and mtime, so a file growing for a minute costs one look per change, not
   * per poll. Closing a file raises no change event: while a finished file is still held open,
   * the folder is looked at again soon, not at the next poll.
   */
  private async endsAndNoWriter(path: string, track: FileTrack): Promise<boolean> {
    if (!this.structural || track.size === 0) return false;
    const version = `${track.size}:${track.mtimeMs}`;
    if (this.unfinishedAt.get(path) === version) return false;
    if ((await scanFileEnd(path)) !== 'finished') {
      this.unfinishedAt.set(path, version);
      return false;
    }
    const writing = await openForWriting(path);
    if (writing === true) this.lookAgainSoon();
    return writing === false;
  }

  private lookAgainSoon(): void {
    if (this.wakeUp || !this.timer) return;
    this.wakeUp = setTimeout(() => {
      this.wakeUp = null;
      void this.scan();
    }, WRITER_RECHECK_MS);
    this.wakeUp.unref();
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
