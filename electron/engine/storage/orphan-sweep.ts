import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Removes files no row points at: copies written by an ingest that died before its commit,
 * and abandoned temp files. Runs at start-up, before any intake, so nothing in flight is
 * mistaken for an orphan. Returns how many files went.
 */
export async function sweepOrphans(folder: string, isReferenced: (path: string) => boolean, depth = 1): Promise<number> {
  let removed = 0;
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && depth > 1) {
      removed += await sweepOrphans(path, isReferenced, depth - 1);
    } else if (entry.isFile() && !isReferenced(path)) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
