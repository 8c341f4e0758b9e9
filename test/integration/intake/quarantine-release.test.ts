import { createHash } from 'node:crypto';
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropNameFor } from '../../../electron/engine/intake/quarantine-release.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import { truncated } from '../../../scripts/samples/index.js';
import { type TestStation, nextEvent, openTestStation } from '../../support/test-station.js';
import { sampleSetForFile } from '../../support/per-file-fixtures.js';

/**
 * A file set aside for a reason that says nothing about the file (here: runs of the station died
 * while reading it, as after power cuts) can be sent back to intake by an administrator.
 */
const PASSWORD = 'a long enough password';
const samples = sampleSetForFile();
let test: TestStation;
let tokens: Record<'admin' | 'clerk', string>;

const attempt = async <M extends MethodName>(method: M, input: MethodInput<M>, token: string) => (await test.station.call(method, input, token)).result;

beforeAll(async () => {
  // Decoder threads, as in the desktop engine: there a station death while reading counts against the file.
  test = await openTestStation({ watch: true, decodeIsolation: 'thread' });
  const admin = await test.station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD }, null);
  const adminToken = admin.session!.kind === 'signed-in' ? admin.session!.token : '';
  await attempt('users.create', { username: 'clerk1', displayName: 'Carl Clerk', role: 'clerk', password: PASSWORD }, adminToken);
  const clerk = await test.station.call('session.signIn', { username: 'clerk1', password: PASSWORD }, null);
  tokens = { admin: adminToken, clerk: clerk.session!.kind === 'signed-in' ? clerk.session!.token : '' };
}, 120_000);
afterAll(async () => {
  await test?.close();
});

async function dropAndWait(name: string, bytes: Buffer, outcome: 'ingested' | 'quarantined') {
  const recorded = nextEvent(test.station, (e) => e.type === 'intake.recorded' && e.outcome === outcome);
  // As a scanner does: written under a temporary name, renamed when complete.
  await writeFile(join(test.dropDir, `${name}.part`), bytes);
  await rename(join(test.dropDir, `${name}.part`), join(test.dropDir, name));
  return recorded;
}

describe('sending a quarantined file back to intake', () => {
  it('reads a file the station died on again, once, for an administrator; the entry stays, marked', async () => {
    const bytes = await readFile(samples.path('letter-g4.tif'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // Three earlier runs of the station started reading this file and never finished.
    const insert = test.station.context.db.prepare('INSERT INTO decode_attempts (id, sha256, station_life, started_at) VALUES (?, ?, ?, ?)');
    for (const life of ['dead-1', 'dead-2', 'dead-3']) insert.run(`attempt-${life}`, sha256, life, new Date().toISOString());

    await dropAndWait('box-12 scan.tif', bytes, 'quarantined');
    const [entry] = test.station.context.intakeLog.listQuarantine(10);
    expect(entry).toMatchObject({ reason: 'decode-interrupted', releasedAt: null, releasedBy: null, fileRemoved: false });

    const refused = await attempt('quarantine.retry', { quarantineId: entry!.id }, tokens.clerk);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const ingested = nextEvent(test.station, (e) => e.type === 'intake.recorded' && e.outcome === 'ingested');
    const retried = await attempt('quarantine.retry', { quarantineId: entry!.id }, tokens.admin);
    if (!retried.ok) throw new Error(retried.error.message);
    const { droppedAs, entry: released } = retried.value as MethodOutput<'quarantine.retry'>;
    expect(droppedAs).toBe('box-12 scan.tif');
    expect(released).toMatchObject({ id: entry!.id, releasedBy: 'admin', releasedAt: expect.any(String) });
    await ingested;
    await test.station.whenIdle();

    const [batch] = test.station.context.batches.list(10);
    expect(test.station.context.batches.get(batch!.id)!.pages.map((p) => p.sourcePageNumber)).toEqual([1, 2, 3]);
    expect(await readdir(test.dropDir)).toEqual([]);
    // Nothing lost, nothing twice: the entry is kept with its sealed copy, and the file is one batch.
    expect(await readdir(join(test.dataDir, 'quarantine'))).toEqual([entry!.id]);
    const audit = test.station.context.audit.export('2000-01-01', '2100-01-01').filter((e) => e.action === 'quarantine-released');
    expect(audit).toEqual([expect.objectContaining({ user: { id: expect.any(String), name: 'admin' }, subject: { type: 'quarantine', id: entry!.id } })]);

    const again = await attempt('quarantine.retry', { quarantineId: entry!.id }, tokens.admin);
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already sent back/) } });
  });

  it('refuses a file set aside for what is in it, and an unknown entry', async () => {
    const bytes = truncated(await readFile(samples.path('letter-g4.tif')), 0.4);
    await dropAndWait('cut.tif', bytes, 'quarantined');
    const entry = test.station.context.intakeLog.listQuarantine(10).find((e) => e.originalName === 'cut.tif')!;
    expect(entry.reason).toBe('truncated');
    expect(await attempt('quarantine.retry', { quarantineId: entry.id }, tokens.admin)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/Scan the pages again/) },
    });
    expect(await readdir(test.dropDir)).toEqual([]);
    expect(await attempt('quarantine.retry', { quarantineId: 'no-such-entry' }, tokens.admin)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('the name a released file is dropped under', () => {
  it('keeps an ordinary name, and makes a hostile one safe', () => {
    expect(dropNameFor('box-12 scan.tif', 'q1')).toBe('box-12 scan.tif');
    expect(dropNameFor('../../etc/cron.d/evil.tif', 'q1')).toBe('evil.tif');
    expect(dropNameFor('..\\..\\Windows\\evil.pdf', 'q1')).toBe('evil.pdf');
    expect(dropNameFor('line\nbreak.tif', 'q1')).toBe('line_break.tif');
    expect(dropNameFor(`${'x'.repeat(300)}.tif`, 'q1')).toBe(`${'x'.repeat(100)}.tif`);
    // Names the watcher would skip as a scanner's temporary file, or no name at all.
    expect(dropNameFor('.hidden.tif', 'q1')).toBe('quarantine-q1.tif');
    expect(dropNameFor('scan.part', 'q1')).toBe('quarantine-q1');
    expect(dropNameFor('', 'q1')).toBe('quarantine-q1');
  });
});
