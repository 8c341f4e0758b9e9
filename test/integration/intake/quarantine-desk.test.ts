import { createHash } from 'node:crypto';
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { openStation } from '../../../electron/engine/station.js';
import { quarantineExportNamePattern } from '../../../shared/domain/quarantine-desk.js';
import { truncated } from '../../../scripts/samples/index.js';
import { stationKeyFor } from '../../support/station-key.js';
import { type Accounts, attempt, must, signInAccounts } from '../../support/station-flow.js';
import { type TestStation, nextEvent, openTestStation } from '../../support/test-station.js';
import { sampleSetForFile } from '../../support/per-file-fixtures.js';

/**
 * Administrators work the quarantine: they look at a file's pages where they can be decoded
 * (decoded again inside a decoder isolate, from the sealed copy), save the original, mark an
 * entry handled, or delete it with a reason. The badge counts what still needs someone.
 */
const samples = sampleSetForFile();
let test: TestStation;
let users: Accounts;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const call = <M extends Parameters<typeof must>[1]>(method: M, input: Parameters<typeof must<M>>[2], token: string) => must(test.station, method, input, token);
const actions = () => test.station.context.audit.export('2000-01-01', '2100-01-01').map((e) => e.action);

async function quarantine(name: string, bytes: Buffer): Promise<string> {
  const recorded = nextEvent(test.station, (e) => e.type === 'intake.recorded' && e.outcome === 'quarantined');
  await writeFile(join(test.dropDir, `${name}.part`), bytes);
  await rename(join(test.dropDir, `${name}.part`), join(test.dropDir, name));
  await recorded;
  await test.station.whenIdle();
  return test.station.context.intakeLog.listQuarantine(50).find((e) => e.originalName === name)!.id;
}

/** A sound scan set aside after three runs of the station died reading it (as after power cuts). */
async function soundButSetAside(name: string, bytes: Buffer): Promise<string> {
  const insert = test.station.context.db.prepare('INSERT INTO decode_attempts (id, sha256, station_life, started_at) VALUES (?, ?, ?, ?)');
  for (const life of ['dead-1', 'dead-2', 'dead-3']) insert.run(`${name}-${life}`, sha(bytes), life, new Date().toISOString());
  return quarantine(name, bytes);
}

beforeAll(async () => {
  // Decoder threads, as in the desktop engine, where a death while reading counts against the file.
  test = await openTestStation({ watch: true, decodeIsolation: 'thread' });
  users = await signInAccounts(test.station);
}, 120_000);
afterAll(async () => {
  await test?.close();
});

describe('working the quarantine', () => {
  it('shows the pages of a file that can be decoded, and says why when one cannot', async () => {
    const id = await soundButSetAside('ward-7.tif', await readFile(samples.path('letter-g4.tif')));
    const preview = await call('quarantine.preview', { quarantineId: id }, users.admin);
    expect(preview).toMatchObject({ decodable: true, pages: [{ number: 1 }, { number: 2 }, { number: 3 }] });
    const page = await call('quarantine.previewPage', { quarantineId: id, page: 2, variant: 'view' }, users.admin);
    expect(page.contentType).toBe('image/jpeg');
    expect(Buffer.from(page.base64, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(await attempt(test.station, 'quarantine.previewPage', { quarantineId: id, page: 4 }, users.admin)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // Opening it is recorded; paging through it is not.
    expect(actions().filter((a) => a === 'quarantine-viewed')).toHaveLength(1);
    // The decoded pages are scratch, sealed like every file the station keeps (never plain JPEGs on disk).
    const scratch = (await readdir(join(test.dataDir, 'quarantine-preview'), { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
    expect(scratch.length).toBeGreaterThan(0);
    for (const file of scratch) expect((await readFile(join(file.parentPath, file.name))).subarray(0, 4).toString('latin1')).toBe('CDX1');

    const cut = await quarantine('cut.tif', truncated(await readFile(samples.path('letter-g4.tif')), 0.4));
    expect(await call('quarantine.preview', { quarantineId: cut }, users.admin)).toMatchObject({ decodable: false, reason: 'truncated', message: expect.stringMatching(/cut short/) });
  });

  it('saves the original as it arrived, recorded before it leaves', async () => {
    const bytes = await readFile(samples.path('letter-g4.tif'));
    const id = test.station.context.intakeLog.listQuarantine(50).find((e) => e.originalName === 'ward-7.tif')!.id;
    const original = await call('quarantine.original', { quarantineId: id }, users.admin);
    expect(sha(Buffer.from(original.base64, 'base64'))).toBe(sha(bytes));
    expect(original.fileName).toMatch(quarantineExportNamePattern);
    expect(original.fileName.endsWith('ward-7.tif')).toBe(true);
    const exported = test.station.context.audit.export('2000-01-01', '2100-01-01').filter((e) => e.action === 'quarantine-exported');
    expect(exported).toEqual([expect.objectContaining({ user: { id: expect.any(String), name: 'admin' }, subject: { type: 'quarantine', id }, details: { sha256: sha(bytes), bytes: bytes.length } })]);
  });

  it('counts only what still needs an administrator: handled and deleted entries leave the badge', async () => {
    const list = async () => call('quarantine.list', {}, users.clerk);
    const before = await list();
    expect(before.unhandled).toBe(2);
    const [ward, cut] = ['ward-7.tif', 'cut.tif'].map((name) => before.entries.find((e) => e.originalName === name)!.id) as [string, string];

    const handled = await call('quarantine.markHandled', { quarantineId: ward, note: 'Rescanned on the ward scanner; batch B-000009.' }, users.admin);
    expect(handled).toMatchObject({ needsAttention: false, handledBy: 'Ada Admin', handledNote: 'Rescanned on the ward scanner; batch B-000009.' });
    expect((await list()).unhandled).toBe(1);
    expect(await attempt(test.station, 'quarantine.markHandled', { quarantineId: ward, note: 'twice over' }, users.admin)).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const deleted = await call('quarantine.delete', { quarantineId: cut, reason: 'Test page from the service engineer.' }, users.admin);
    expect(deleted).toMatchObject({ needsAttention: false, deletedBy: 'Ada Admin', deleteReason: 'Test page from the service engineer.', fileRemoved: true });
    expect(await readdir(join(test.dataDir, 'quarantine'))).toEqual([ward]);
    expect((await list()).unhandled).toBe(0);
    // Its file is gone: nothing to show or save; the entry stays on record.
    expect(await attempt(test.station, 'quarantine.original', { quarantineId: cut }, users.admin)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await list()).entries.map((e) => e.id)).toContain(cut);
    expect(actions()).toEqual(expect.arrayContaining(['quarantine-handled', 'quarantine-deleted']));
    expect(test.station.context.audit.verify()).toMatchObject({ ok: true });
  });

  it('finishes a deletion a crash interrupted: the marked file is removed at the next start', async () => {
    const id = await quarantine('empty.tif', Buffer.alloc(0));
    const at = new Date().toISOString();
    // The desk commits the mark first, then deletes the file; here the station "dies" in between.
    test.station.context.transaction(() => test.station.context.intakeLog.markDeleted(id, at, 'admin', 'Empty file from a jammed feeder.'));
    expect(await readdir(join(test.dataDir, 'quarantine'))).toContain(id);
    await test.station.close();
    const again = await openStation({
      dataDir: test.dataDir,
      key: await stationKeyFor(test.dataDir),
      dropDir: test.dropDir,
      watch: false,
      recognition: false,
      log: silentLogger,
      retentionTimer: false,
    });
    try {
      expect(await readdir(join(test.dataDir, 'quarantine'))).not.toContain(id);
      expect(again.context.intakeLog.quarantineEntry(id)).toMatchObject({ deletedBy: 'admin', fileRemoved: true });
    } finally {
      await again.close();
    }
  });
});

describe('a file set aside for its size', () => {
  it('is not opened by the preview either: the preview keeps intake’s limits', async () => {
    const small = await openTestStation({ watch: true, limits: { ...defaultScanLimits, maxPixelsPerPage: 10_000 } });
    try {
      const admin = await signInAccounts(small.station);
      const recorded = nextEvent(small.station, (e) => e.type === 'intake.recorded' && e.outcome === 'quarantined');
      await writeFile(join(small.dropDir, 'big.tif'), await readFile(samples.path('letter-g4.tif')));
      await recorded;
      const [entry] = small.station.context.intakeLog.listQuarantine(1);
      expect(entry!.reason).toBe('image-too-large');
      expect(await must(small.station, 'quarantine.preview', { quarantineId: entry!.id }, admin.admin)).toMatchObject({ decodable: false, reason: 'image-too-large' });
    } finally {
      await small.close();
    }
  });
});
