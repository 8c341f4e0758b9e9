/**
 * When is a file in the drop folder finished? Scanners write in place, often growing a file
 * for many seconds, and network copies pause mid-file. A file is complete once its size and
 * modification time have not changed for `stableForMs` AND no other program holds it open
 * exclusively (the watcher checks the lock). An empty file is given longer: scanners create
 * the file first and write into it after. On a local disk under Linux a file is also complete
 * as soon as its own structure ends and no process has it open for writing (scan-file-end.ts,
 * open-writers.ts); this still-time rule remains for network shares and formats that do not say.
 */
export interface CompletenessRule {
  stableForMs: number;
  emptyStableForMs: number;
}

export const defaultCompletenessRule: CompletenessRule = { stableForMs: 2000, emptyStableForMs: 10_000 };

export interface FileObservation {
  size: number;
  mtimeMs: number;
}

export interface FileTrack extends FileObservation {
  /** When the size or mtime was last seen to change (or first seen). */
  stableSince: number;
}

export function observe(previous: FileTrack | undefined, current: FileObservation, now: number): FileTrack {
  if (previous && previous.size === current.size && previous.mtimeMs === current.mtimeMs) return previous;
  return { ...current, stableSince: now };
}

export function isComplete(track: FileTrack, now: number, rule: CompletenessRule = defaultCompletenessRule): boolean {
  const needed = track.size === 0 ? rule.emptyStableForMs : rule.stableForMs;
  return now - track.stableSince >= needed;
}

/** Names scanners and copy tools use while a file is still being written, and hidden files. */
export function isTransientName(name: string): boolean {
  return /^[.~]/.test(name) || /\.(tmp|temp|part|partial|crdownload|filepart|lock|lck|download)$/i.test(name) || /^thumbs\.db$|^desktop\.ini$/i.test(name);
}
