import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../../electron/engine/log/logger.js';
import { type StationOptions, openStation } from '../../../electron/engine/station.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * Issue 18, items 5 and 10 (drop folder): the data folder is the station's alone, the default
 * import folder is outside it and said to be plain text, and the drop folder can be neither.
 */
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let dataDir: string;
let events: { level: string; event: string }[];

beforeEach(async () => {
  tmp = await makeTempDir('station-folders');
  dataDir = join(tmp.path, 'data');
  events = [];
});
afterEach(async () => tmp.remove());

const open = async (options: Partial<StationOptions> = {}) =>
  openStation({
    dataDir,
    key: await stationKeyFor(dataDir),
    watch: false,
    recognition: false,
    delivery: false,
    retentionTimer: false,
    log: createLogger({ write: (line) => events.push(JSON.parse(line) as { level: string; event: string }) }),
    ...options,
  });
const folderTarget = (station: Awaited<ReturnType<typeof open>>) => station.context.outbox.targets().find((t) => t.id === 'local-folder')!.config as { path: string };

describe.skipIf(process.platform === 'win32')('the data folder and the default import folder (item 5)', () => {
  it('keeps the data folder 0700, narrowing one found open to others, and logs it', async () => {
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    const station = await open();
    await station.close();
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    for (const sub of ['store', 'originals', 'quarantine', 'duplicates', 'output']) expect((await stat(join(dataDir, sub))).mode & 0o077, sub).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ level: 'warn', event: 'station.data-folder-narrowed' }));
  });

  it('puts the default import folder beside the data folder, never in it, and says the copies there are plain text', async () => {
    const station = await open();
    try {
      const target = folderTarget(station);
      expect(target.path).toBe(`${dataDir}-outgoing`);
      expect((await stat(target.path)).mode & 0o777).toBe(0o700);
      const notices = station.status().notices;
      expect(notices).toContainEqual({ code: 'plain-text-delivery', message: expect.stringContaining(`${dataDir}-outgoing are written there as plain, unencrypted files`) });
      expect(events).toContainEqual(expect.objectContaining({ level: 'warn', event: 'delivery.plain-text-copies' }));
    } finally {
      await station.close();
    }
  });

  it('moves a default import folder found inside the data folder, leaving what was delivered there in place', async () => {
    const old = join(dataDir, 'outgoing');
    const first = await open({ defaultOutgoingDir: old });
    expect(folderTarget(first).path).toBe(old);
    await first.close();
    await writeFile(join(old, 'delivered-before.pdf'), 'a delivered document');

    const second = await open();
    try {
      expect(folderTarget(second).path).toBe(`${dataDir}-outgoing`);
      expect(await readFile(join(old, 'delivered-before.pdf'), 'utf8')).toBe('a delivered document');
      expect(second.status().notices).toContainEqual({ code: 'default-folder-moved', message: expect.stringContaining(`Documents delivered before stay in ${old}`) });
      const moved = second.context.audit.export('2000-01-01', '2100-12-31').filter((e) => e.action === 'settings-changed' && e.details['target'] === 'local-folder');
      expect(moved).toEqual([expect.objectContaining({ user: null, details: expect.objectContaining({ from: old, to: `${dataDir}-outgoing` }) })]);
    } finally {
      await second.close();
    }
    // Said once: the next start finds the folder where it belongs.
    const third = await open();
    expect(third.status().notices.map((n) => n.code)).toEqual(['plain-text-delivery']);
    await third.close();
  });
});

describe('choosing the drop folder (item 10)', () => {
  it('refuses the data folder, the import folder and anything inside them, and audits the path it sets', async () => {
    const station = await open({ log: silentLogger });
    try {
      const created = await station.call('session.createAdmin', { username: 'admin', displayName: 'Ada', password: 'records station 2026' }, null);
      const token = created.session?.kind === 'signed-in' ? created.session.token : null;
      const outgoing = folderTarget(station).path;
      for (const path of [dataDir, join(dataDir, 'originals'), join(dataDir, 'new', 'scans'), outgoing, join(outgoing, 'scans'), `${dataDir}/./store/../originals`]) {
        const refused = (await station.call('station.setDropDir', { path }, token)).result;
        expect(refused.ok || refused.error.code, path).toBe('invalid-input');
      }
      // Nothing was made inside the data folder by a refused choice.
      await expect(stat(join(dataDir, 'new'))).rejects.toThrow();
      const chosen = join(tmp.path, 'scanner-drop');
      expect((await station.call('station.setDropDir', { path: chosen }, token)).result).toMatchObject({ ok: true, value: { dropDir: chosen } });
      const audited = station.context.audit.export('2000-01-01', '2100-12-31').filter((e) => e.details['setting'] === 'drop-folder');
      expect(audited.map((e) => e.details['path'])).toEqual([chosen]);

      // Nor can an import folder be put in the data folder by hand.
      const inside = (await station.call('settings.saveTarget', { target: { kind: 'folder', id: 'local-folder', path: join(dataDir, 'exports') }, enabled: true }, token)).result;
      expect(inside.ok || inside.error.fields?.['path']).toMatch(/cannot be the data folder or inside it/);
    } finally {
      await station.close();
    }
  });
});
