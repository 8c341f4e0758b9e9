import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const tempNameFor = (finalPath: string) => join(dirname(finalPath), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);

/** fsync the folder so a rename into it survives a power cut (POSIX; a no-op where unsupported). */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Windows cannot open a directory for fsync (NTFS journals the rename itself), nor can some
    // SMB mounts (the server orders the renames itself).
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Writes bytes so that a reader sees either nothing or the whole file: temp name, fsync,
 * rename, fsync of the folder. Callers commit the database row pointing at the file only
 * after this resolves.
 */
export async function writeFileDurably(finalPath: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(finalPath), { recursive: true });
  const temp = tempNameFor(finalPath);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, finalPath);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(finalPath));
}

export async function removeFileDurably(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await syncFolder(dirname(path));
}

/** Renames a file the station wrote (same file system) and makes the rename durable. */
export async function moveFileDurably(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncFolder(dirname(to));
}
