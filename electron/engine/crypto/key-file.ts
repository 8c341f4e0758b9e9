import { constants } from 'node:fs';
import { mkdir, open, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { liesWithin } from '../config/folder-paths.js';
import { STATION_KEY_BYTES, StationKey } from './station-key.js';

/** A key file that cannot be used; the message says what to do, and never contains key material. */
export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

export interface LoadedStationKey {
  key: StationKey;
  /** Where the key came from (to tell the operator, never the key itself). */
  path: string;
  /** True when this run generated the key: the operator must back the file up now. */
  created: boolean;
}

/**
 * Where the headless station and the CLI keep the key unless CHARTDESK_KEY_FILE says otherwise:
 * the user's config folder, apart from the default data folders so that copying or backing up
 * the data never carries its key along.
 */
export function defaultKeyFilePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'ChartDesk', 'station.key');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'chartdesk', 'station.key');
}

/** Refuses a key file inside the data folder: a copy of the folder would then carry its own key. */
export async function assertKeyOutsideDataDir(keyPath: string, dataDir: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (await liesWithin(dataDir, keyPath, platform)) {
    throw new KeyFileError(`The station key file ${keyPath} is inside the data folder ${dataDir}. Keep it elsewhere (set CHARTDESK_KEY_FILE), so that a copy of the data never carries its key.`);
  }
}

const HEX_KEY = new RegExp(`^[0-9a-f]{${STATION_KEY_BYTES * 2}}$`);

async function writeNewKeyFile(path: string, key: StationKey): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let handle;
  try {
    // 'wx': if another process creates the key at the same moment, theirs wins and we read it.
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(key.exportBytes().toString('hex') + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  const folder = await open(dirname(path), constants.O_RDONLY).catch(() => null);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
  return true;
}

/**
 * The folder holding the key must not let anyone else replace the file: not writable by group
 * or others (even with the sticky bit, another user could have put a key of theirs there
 * first), and owned by this user or by root.
 */
async function assertFolderPrivate(keyPath: string, uid: number): Promise<void> {
  const folder = dirname(await realpath(keyPath));
  const info = await stat(folder);
  if ((info.mode & 0o022) !== 0) {
    throw new KeyFileError(
      `The folder ${folder} holding the station key can be written by other users (mode ${(info.mode & 0o7777).toString(8)}), who could replace the key. Keep the key in a folder only you can change (set CHARTDESK_KEY_FILE), or restrict it with: chmod go-w '${folder}'`,
    );
  }
  if (info.uid !== uid && info.uid !== 0) {
    throw new KeyFileError(`The folder ${folder} holding the station key belongs to another user (uid ${info.uid}); the station runs as uid ${uid}. Keep the key in a folder of your own.`);
  }
}

/**
 * Reads the station key from its file, or generates one (random, 256 bits) and writes the file
 * with mode 0600 on first run. Refuses a file other users could read or change, a file owned by
 * another user or in a folder others can write, a file inside the data folder, and anything
 * that is not a key. The checks and the read use one open file, so the file checked is the
 * file read.
 */
export async function loadOrCreateKeyFile(
  keyPath: string,
  options: { dataDir: string; platform?: NodeJS.Platform; /** The user the station runs as (tests give another). */ uid?: number },
): Promise<LoadedStationKey> {
  const platform = options.platform ?? process.platform;
  const path = resolve(keyPath);
  await assertKeyOutsideDataDir(path, options.dataDir, platform);

  let created = false;
  const exists = await stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw new KeyFileError(`The station key file ${path} cannot be read (${error.code ?? error.message}).`);
    },
  );
  if (!exists) {
    created = await writeNewKeyFile(path, StationKey.generate()).catch((error: NodeJS.ErrnoException) => {
      throw new KeyFileError(`The station key file ${path} cannot be created (${error.code ?? error.message}).`);
    });
  }
  // O_NONBLOCK: a FIFO put in the key's place must not hang the start; it is refused below.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((error: NodeJS.ErrnoException) => {
    throw new KeyFileError(`The station key file ${path} cannot be read (${error.code ?? error.message}).`);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new KeyFileError(`The station key file ${path} is not a regular file.`);
    // Windows has no mode bits or uids: there the user profile's ACL protects the config folder.
    if (platform !== 'win32') {
      if ((info.mode & 0o077) !== 0) {
        throw new KeyFileError(`The station key file ${path} can be read or changed by other users (mode ${(info.mode & 0o777).toString(8)}). Restrict it with: chmod 600 '${path}'`);
      }
      const uid = options.uid ?? process.getuid?.() ?? info.uid;
      if (info.uid !== uid) {
        throw new KeyFileError(`The station key file ${path} belongs to another user (uid ${info.uid}); the station runs as uid ${uid}. Only a key file of the user running the station is used.`);
      }
      await assertFolderPrivate(path, uid);
    }
    const text = (await handle.readFile('utf8')).trim().toLowerCase();
    if (!HEX_KEY.test(text)) throw new KeyFileError(`The file ${path} is not a ChartDesk station key (expected ${STATION_KEY_BYTES * 2} hexadecimal digits).`);
    return { key: StationKey.fromBytes(Buffer.from(text, 'hex')), path, created };
  } finally {
    await handle.close();
  }
}
