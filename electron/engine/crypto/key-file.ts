import { constants } from 'node:fs';
import { mkdir, open, readFile, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
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

const isWithin = (folder: string, candidate: string, platform: NodeJS.Platform) => {
  const fold = (p: string) => (platform === 'win32' || platform === 'darwin' ? p.toLowerCase() : p);
  const rel = relative(fold(folder), fold(candidate));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** The real path of the deepest part of `path` that exists, so a symlink cannot hide where a file lands. */
async function realpathOfExistingPart(path: string): Promise<string> {
  let tail = '';
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), tail);
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      tail = join(current.slice(parent.length + 1), tail);
      current = parent;
    }
  }
}

/** Refuses a key file inside the data folder: a copy of the folder would then carry its own key. */
export async function assertKeyOutsideDataDir(keyPath: string, dataDir: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const [key, data] = await Promise.all([realpathOfExistingPart(resolve(keyPath)), realpathOfExistingPart(resolve(dataDir))]);
  if (isWithin(data, key, platform) || isWithin(resolve(dataDir), resolve(keyPath), platform)) {
    throw new KeyFileError(
      `The station key file ${keyPath} is inside the data folder ${dataDir}. Keep it elsewhere (set CHARTDESK_KEY_FILE), so that a copy of the data never carries its key.`,
    );
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
 * Reads the station key from its file, or generates one (random, 256 bits) and writes the file
 * with mode 0600 on first run. Refuses a file other users could read or change, a file inside
 * the data folder, and anything that is not a key.
 */
export async function loadOrCreateKeyFile(keyPath: string, options: { dataDir: string; platform?: NodeJS.Platform }): Promise<LoadedStationKey> {
  const platform = options.platform ?? process.platform;
  const path = resolve(keyPath);
  await assertKeyOutsideDataDir(path, options.dataDir, platform);

  let created = false;
  let info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new KeyFileError(`The station key file ${path} cannot be read (${error.code ?? error.message}).`);
  });
  if (!info) {
    created = await writeNewKeyFile(path, StationKey.generate()).catch((error: NodeJS.ErrnoException) => {
      throw new KeyFileError(`The station key file ${path} cannot be created (${error.code ?? error.message}).`);
    });
    info = await stat(path);
  }
  if (!info.isFile()) throw new KeyFileError(`The station key file ${path} is not a regular file.`);
  // Windows has no mode bits: there the user profile's ACL protects the config folder.
  if (platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new KeyFileError(
      `The station key file ${path} can be read or changed by other users (mode ${(info.mode & 0o777).toString(8)}). Restrict it with: chmod 600 '${path}'`,
    );
  }
  const text = (await readFile(path, 'utf8')).trim().toLowerCase();
  if (!HEX_KEY.test(text)) throw new KeyFileError(`The file ${path} is not a ChartDesk station key (expected ${STATION_KEY_BYTES * 2} hexadecimal digits).`);
  return { key: StationKey.fromBytes(Buffer.from(text, 'hex')), path, created };
}
