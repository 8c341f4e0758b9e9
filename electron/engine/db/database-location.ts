import { statfsSync } from 'node:fs';

/**
 * SQLite's locking and WAL shared memory do not work over network file systems: two stations on
 * one share, or one station and a flaky mount, corrupt the database. So it must be on a local disk.
 * Linux statfs f_type values (linux/magic.h and the CIFS/SMB2 clients):
 */
const networkFilesystemTypes: ReadonlyMap<number, string> = new Map([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x564c, 'NCP'],
  [0x5346414f, 'AFS'],
  [0x6b414653, 'AFS'],
  [0x73757245, 'Coda'],
  [0x00c36400, 'CephFS'],
]);

export class DatabaseLocationError extends Error {
  override name = 'DatabaseLocationError';
}

/** The network file system a statfs type number stands for, or null for a local one. */
export function networkFilesystemOf(statfsType: number): string | null {
  // statfs may report the magic as a negative 32-bit number on some platforms.
  return networkFilesystemTypes.get(statfsType >>> 0) ?? null;
}

/** A Windows UNC path (\\server\share, //server/share, \\?\UNC\server\share), always a network location. */
export function isUncPath(path: string): boolean {
  if (/^[\\/]{2}\?[\\/]UNC[\\/]/i.test(path)) return true;
  // \\?\C:\ and \\.\pipe are local device paths, not shares.
  return /^[\\/]{2}[^\\/?.][^\\/]*[\\/][^\\/]+/.test(path);
}

/** What is wrong with keeping the database in `folder`, or null when it is on a local disk. */
export function networkLocationProblem(folder: string, statfsType: number | null, platform: NodeJS.Platform): string | null {
  if (platform === 'win32' && isUncPath(folder)) return 'a network share (UNC path)';
  const kind = statfsType === null ? null : networkFilesystemOf(statfsType);
  return kind ? `a network file system (${kind})` : null;
}

/** Refuses a database folder on a network file system; checked every time the database opens. */
export function assertLocalDatabaseFolder(folder: string, platform: NodeJS.Platform = process.platform): void {
  // Windows reports no file system type through statfs; the UNC check covers shares named by path.
  const type = platform === 'win32' ? null : statfsSync(folder).type;
  const problem = networkLocationProblem(folder, type, platform);
  if (problem) {
    throw new DatabaseLocationError(`The data folder ${folder} is on ${problem}. SQLite databases are damaged by network file systems; choose a folder on this computer's own disk (--data-dir).`);
  }
}
