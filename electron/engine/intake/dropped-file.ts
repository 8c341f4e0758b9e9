import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import { createSealer } from '../crypto/file-cipher.js';
import { removeFileDurably } from '../storage/durable-file.js';

/** What was found instead of a file (a symbolic link, a pipe, a device...): nothing is read from it. */
export class NotARegularFile extends Error {
  constructor(readonly kind: 'symbolic link' | 'named pipe' | 'device' | 'socket' | 'folder' | 'special file') {
    super(`not a regular file: a ${kind}`);
    this.name = 'NotARegularFile';
  }
}

/** The file changed while it was read (the scanner is still writing): try again later, nothing recorded. */
export class FileChangedWhileRead extends Error {
  override name = 'FileChangedWhileRead';
}

/** A file as received: its hash and size, and the station's sealed copy of exactly those bytes. */
export interface ReceivedFile {
  sha256: string;
  size: number;
  /** The sealed copy (encrypted, named by the file's id so it can move to originals/, quarantine/ or duplicates/ as it is). */
  sealedPath: string;
  /** Which file on disk was read, so only that one is ever removed from the drop folder. */
  identity: { dev: number; ino: number };
}

const kindOf = (info: { isSymbolicLink(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }) =>
  info.isSymbolicLink()
    ? 'symbolic link'
    : info.isFIFO()
      ? 'named pipe'
      : info.isCharacterDevice() || info.isBlockDevice()
        ? 'device'
        : info.isSocket()
          ? 'socket'
          : info.isDirectory()
            ? 'folder'
            : 'special file';

const CHUNK = 1 << 20;

/**
 * Opens a dropped file once and reads it from that descriptor only: hashed and sealed in one
 * pass into the station's own copy, which is what is then decoded and archived. So what is
 * hashed is what is stored, whatever happens to the name in the drop folder meanwhile.
 *
 * - No following of links (O_NOFOLLOW) for files from the drop folder: a name swapped for a link
 *   after the completeness check fails to open instead of reading the link's target. Files named
 *   on the command line are the operator's choice and may be links.
 * - O_NONBLOCK, then fstat: a pipe or a device is refused before anything is read, so a read that
 *   never ends (a FIFO, /dev/zero behind a link) cannot start.
 * - Exactly the size fstat gave is read; a file that grew, shrank or changed meanwhile is still
 *   being written and is given back to be read later.
 */
export async function receiveFile(path: string, options: { followLinks: boolean; sealedDir: string; fileId: string; key: Uint8Array }): Promise<ReceivedFile> {
  let source: FileHandle;
  try {
    const noFollow = options.followLinks ? 0 : (constants.O_NOFOLLOW ?? 0);
    source = await open(path, constants.O_RDONLY | noFollow | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: the name is a link (O_NOFOLLOW). ENXIO: a socket, or a device with nothing behind it.
    if (code === 'ELOOP' || code === 'ENXIO' || code === 'EOPNOTSUPP') throw new NotARegularFile(kindOf(await lstat(path)));
    throw error;
  }
  const sealedPath = join(options.sealedDir, options.fileId);
  try {
    const info = await source.stat();
    if (!info.isFile()) throw new NotARegularFile(kindOf(info));
    // Windows has no O_NOFOLLOW: there, a name that is now a link (a reparse point) is refused after the fact.
    if (!options.followLinks && constants.O_NOFOLLOW === undefined && (await lstat(path)).isSymbolicLink()) throw new NotARegularFile('symbolic link');
    const hash = createHash('sha256');
    const sealer = createSealer(options.key, options.fileId);
    const target = await open(sealedPath, 'wx', 0o600);
    try {
      await target.write(sealer.header);
      const buffer = Buffer.allocUnsafe(CHUNK);
      let read = 0;
      while (read < info.size) {
        const { bytesRead } = await source.read(buffer, 0, Math.min(CHUNK, info.size - read), read);
        if (bytesRead === 0) throw new FileChangedWhileRead('the file became shorter while it was read');
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        await target.write(sealer.update(chunk));
        read += bytesRead;
      }
      await target.write(sealer.finish());
      await target.sync();
    } finally {
      await target.close();
    }
    const after = await source.stat();
    if (after.size !== info.size || after.mtimeMs !== info.mtimeMs) throw new FileChangedWhileRead('the file changed while it was read');
    return { sha256: hash.digest('hex'), size: info.size, sealedPath, identity: { dev: info.dev, ino: info.ino } };
  } catch (error) {
    await removeFileDurably(sealedPath).catch(() => undefined);
    throw error;
  } finally {
    await source.close();
  }
}

/**
 * Removes the dropped file, if the name still names the file that was read: a file put in its
 * place since (the same name, scanned again) is left for the watcher.
 */
export async function removeReceivedFile(path: string, identity: ReceivedFile['identity'] | null): Promise<'removed' | 'replaced'> {
  if (identity) {
    const now = await lstat(path).catch(() => null);
    if (now && (now.dev !== identity.dev || now.ino !== identity.ino)) return 'replaced';
  }
  await removeFileDurably(path);
  return 'removed';
}
