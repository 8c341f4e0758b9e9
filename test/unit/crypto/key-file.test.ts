import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyFileError, defaultKeyFilePath, loadOrCreateKeyFile } from '../../../electron/engine/crypto/key-file.js';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let dataDir: string;
beforeEach(async () => {
  tmp = await makeTempDir('key-file');
  dataDir = join(tmp.path, 'data');
});
afterEach(async () => tmp.remove());

describe('the station key file', () => {
  it('is created on first run with 256 random bits and mode 0600, then read back unchanged', async () => {
    const path = join(tmp.path, 'config', 'chartdesk', 'station.key');
    const first = await loadOrCreateKeyFile(path, { dataDir });
    expect(first.created).toBe(true);
    expect(first.path).toBe(path);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readFile(path, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);

    const again = await loadOrCreateKeyFile(path, { dataDir });
    expect(again.created).toBe(false);
    expect(again.key.exportBytes().equals(first.key.exportBytes())).toBe(true);

    const other = await loadOrCreateKeyFile(join(tmp.path, 'other.key'), { dataDir });
    expect(other.key.exportBytes().equals(first.key.exportBytes())).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('is refused when group or others can read it', async () => {
    const path = join(tmp.path, 'station.key');
    await loadOrCreateKeyFile(path, { dataDir });
    await chmod(path, 0o640);
    await expect(loadOrCreateKeyFile(path, { dataDir })).rejects.toThrow(KeyFileError);
    await expect(loadOrCreateKeyFile(path, { dataDir })).rejects.toThrow(/other users \(mode 640\).*chmod 600/);
    await chmod(path, 0o604);
    await expect(loadOrCreateKeyFile(path, { dataDir })).rejects.toThrow(/mode 604/);
  });

  it.skipIf(process.platform === 'win32')('is refused when it belongs to another user than the one running the station', async () => {
    const path = join(tmp.path, 'station.key');
    const mine = await loadOrCreateKeyFile(path, { dataDir });
    const owner = (await stat(path)).uid;
    await expect(loadOrCreateKeyFile(path, { dataDir, uid: owner + 1 })).rejects.toThrow(/belongs to another user \(uid \d+\); the station runs as uid \d+/);
    expect((await loadOrCreateKeyFile(path, { dataDir, uid: owner })).key.exportBytes().equals(mine.key.exportBytes())).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('is refused in a folder that others can write, even with the sticky bit', async () => {
    const folder = join(tmp.path, 'shared-keys');
    await mkdir(folder);
    const path = join(folder, 'station.key');
    await loadOrCreateKeyFile(path, { dataDir });
    for (const mode of [0o777, 0o1777, 0o770]) {
      await chmod(folder, mode);
      await expect(loadOrCreateKeyFile(path, { dataDir }), mode.toString(8)).rejects.toThrow(/can be written by other users.*chmod go-w/);
    }
    await chmod(folder, 0o755);
    await expect(loadOrCreateKeyFile(path, { dataDir })).resolves.toMatchObject({ created: false });
  });

  it.skipIf(process.platform === 'win32')('refuses a pipe in the key’s place without waiting on it', async () => {
    const path = join(tmp.path, 'station.key');
    execFileSync('mkfifo', ['-m', '600', path]);
    await expect(loadOrCreateKeyFile(path, { dataDir })).rejects.toThrow(/not a regular file/);
  });

  it('is refused inside the data folder, also through a symlinked parent', async () => {
    await expect(loadOrCreateKeyFile(join(dataDir, 'station.key'), { dataDir })).rejects.toThrow(/inside the data folder/);
    await expect(loadOrCreateKeyFile(join(dataDir, 'keys', 'deep', 'station.key'), { dataDir })).rejects.toThrow(KeyFileError);
    await expect(loadOrCreateKeyFile(dataDir, { dataDir })).rejects.toThrow(/inside the data folder/);
    if (process.platform !== 'win32') {
      await mkdir(dataDir, { recursive: true });
      const { symlink } = await import('node:fs/promises');
      await symlink(dataDir, join(tmp.path, 'alias'));
      await expect(loadOrCreateKeyFile(join(tmp.path, 'alias', 'station.key'), { dataDir })).rejects.toThrow(/inside the data folder/);
    }
  });

  it('refuses a file that is not a key', async () => {
    const path = join(tmp.path, 'station.key');
    await writeFile(path, 'not a key\n', { mode: 0o600 });
    await expect(loadOrCreateKeyFile(path, { dataDir })).rejects.toThrow(/is not a ChartDesk station key/);
  });

  it('defaults to the user config folder, never the data folder', () => {
    expect(defaultKeyFilePath({}, 'linux', '/home/ana')).toBe('/home/ana/.config/chartdesk/station.key');
    expect(defaultKeyFilePath({ XDG_CONFIG_HOME: '/etc/xdg-ana' }, 'linux', '/home/ana')).toBe('/etc/xdg-ana/chartdesk/station.key');
    expect(defaultKeyFilePath({}, 'darwin', '/Users/ana')).toBe('/Users/ana/.config/chartdesk/station.key');
    expect(defaultKeyFilePath({ LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'win32', 'C:\\Users\\ana')).toMatch(/AppData.Local.ChartDesk.station\.key$/);
  });
});

describe('StationKey', () => {
  it('derives different database and file keys, stable for one secret', () => {
    const key = StationKey.generate();
    const same = StationKey.fromBytes(key.exportBytes());
    expect(key.databaseKey()).toHaveLength(32);
    expect(key.databaseKey().equals(key.fileKey())).toBe(false);
    expect(key.databaseKey().equals(key.exportBytes())).toBe(false);
    expect(same.fileKey().equals(key.fileKey())).toBe(true);
    expect(StationKey.generate().fileKey().equals(key.fileKey())).toBe(false);
  });

  it('never prints or serialises its secret', () => {
    const key = StationKey.generate();
    const hex = key.exportBytes().toString('hex');
    for (const shown of [String(key), JSON.stringify({ key }), inspect(key), inspect({ nested: { key } })]) expect(shown).not.toContain(hex.slice(0, 16));
    expect(() => StationKey.fromBytes(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
