import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import type { ApiResult } from '../../../shared/api/result.js';
import { greyPageTiff } from '../../support/hostile-files.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/**
 * Part 1 of issue 13 without a browser: two clerks signed in at once, scans landing before and
 * after a take-over, and the per-operator report counting what the batches recorded. A batch is
 * credited to whoever held the scanner when its file landed, never to the last sign-in.
 */
const PASSWORD = 'long enough password';
let t: TestStation;
let adminToken: string;

beforeAll(async () => {
  t = await openTestStation();
  const admin = await t.station.call('session.createAdmin', { username: 'admin', displayName: 'Dana Records', password: PASSWORD }, null);
  adminToken = admin.session!.kind === 'signed-in' ? admin.session!.token : '';
  for (const [username, displayName] of [
    ['carol', 'Carol Clerk'],
    ['bob', 'Bob Baker'],
  ] as const) {
    await call('users.create', { username, displayName, role: 'clerk', password: PASSWORD }, adminToken);
  }
});
afterAll(async () => t?.close());

async function call<M extends MethodName>(method: M, input: MethodInput<M>, token: string | null): Promise<ApiResult<MethodOutput<M>>> {
  return (await t.station.call(method, input, token)).result as ApiResult<MethodOutput<M>>;
}
async function signIn(username: string): Promise<string> {
  const signedIn = await t.station.call('session.signIn', { username, password: PASSWORD }, null);
  if (signedIn.session?.kind !== 'signed-in') throw new Error('not signed in');
  return signedIn.session.token;
}

let scans = 0;
/** A file lands in the station, as from the scanner; returns its batch. */
async function scan() {
  scans++;
  const file = join(t.root, `scan-${scans}.tif`);
  await writeFile(file, await greyPageTiff(400 + scans, 500, 100));
  const result = await t.station.ingestFile(file, { removeSource: false });
  if (result.outcome !== 'ingested') throw new Error(result.outcome);
  return t.station.context.batches.summary(result.batchId)!;
}

const auditSince = (seq: number) => t.station.context.audit.export('2000-01-01', '2100-12-31').filter((e) => e.seq > seq);
const lastSeq = () => t.station.context.audit.export('2000-01-01', '2100-12-31').at(-1)?.seq ?? 0;

describe('the operator of a scan', () => {
  it('is the person holding the scanner: unclaimed before anyone claims, kept across sign-ins, moved only by a confirmed take-over', async () => {
    const carol = await signIn('carol');
    const bob = await signIn('bob');
    const users = await call('users.list', {}, adminToken);
    if (!users.ok) throw new Error('users.list');
    const idOf = (username: string) => users.value.users.find((u) => u.username === username)!.id;

    // Nobody has claimed the scanner: two people signed in, and the file is nobody's.
    const status = await call('station.status', {}, carol);
    expect(status.ok && status.value.scanner).toBeNull();
    const before = lastSeq();
    const unclaimed = await scan();
    expect(unclaimed.operator).toBeNull();
    expect(auditSince(before).map((e) => [e.action, e.user, e.subject])).toEqual([['file-received', null, { type: 'batch', id: unclaimed.id }]]);

    // Carol scans as herself.
    const claimed = await call('scanner.claim', {}, carol);
    expect(claimed.ok && claimed.value.scanner).toMatchObject({ userId: idOf('carol'), displayName: 'Carol Clerk' });
    expect((await scan()).operator).toEqual({ id: idOf('carol'), name: 'Carol Clerk' });

    // Bob signing in again at another desk changes nothing.
    await signIn('bob');
    expect((await scan()).operator).toEqual({ id: idOf('carol'), name: 'Carol Clerk' });

    // Bob may not take the scanner without confirming it, nor hand over Carol's claim.
    const refused = await call('scanner.claim', {}, bob);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!refused.ok && refused.error.message).toMatch(/Carol Clerk is scanning at this station/);
    expect(await call('scanner.release', {}, bob)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await scan()).operator?.name).toBe('Carol Clerk');

    // A confirmed take-over moves the scanner to Bob and is audited with whom it was taken from.
    const beforeTakeOver = lastSeq();
    const taken = await call('scanner.claim', { takeOver: true }, bob);
    expect(taken.ok && taken.value.scanner?.displayName).toBe('Bob Baker');
    const bobs = await scan();
    expect(bobs.operator).toEqual({ id: idOf('bob'), name: 'Bob Baker' });
    expect(auditSince(beforeTakeOver).map((e) => [e.action, e.user?.name, e.details])).toEqual([
      ['scanner-taken-over', 'bob', { from: { id: idOf('carol'), name: 'carol' }, via: 'scan-as-me' }],
      ['file-received', 'bob', expect.objectContaining({ pages: 1, format: 'tiff' })],
    ]);

    // Signing out hands the scanner back: the next file is unclaimed, not Bob's.
    const beforeSignOut = lastSeq();
    await call('session.signOut', {}, bob);
    expect(auditSince(beforeSignOut).map((e) => [e.action, e.user?.name, e.details])).toEqual([
      ['sign-out', 'bob', {}],
      ['scanner-released', 'bob', { reason: 'signed-out' }],
    ]);
    expect((await scan()).operator).toBeNull();

    // Starting a box claims the scanner; handing over releases it.
    const box = await call('station.setCurrentBox', { box: { project: 'BACKSCAN', box: 'BOX-7' } }, carol);
    expect(box.ok && box.value.scanner?.displayName).toBe('Carol Clerk');
    expect((await scan()).operator?.name).toBe('Carol Clerk');
    const released = await call('scanner.release', {}, carol);
    expect(released.ok && released.value.scanner).toBeNull();
    expect((await scan()).operator).toBeNull();

    // The per-operator report counts the batches by what they recorded.
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    const report = await call('reports.summary', { from: day, to: day }, adminToken);
    if (!report.ok) throw new Error(report.error.message);
    const scanned = Object.fromEntries(report.value.work.byOperator.map((o) => [o.operator, o.scannedBatches]));
    expect(scanned).toEqual({ 'Carol Clerk': 4, 'Bob Baker': 1, Unclaimed: 3 });

    // And the CSV the supervisor downloads says the same.
    const csv = await call('reports.csv', { table: 'work-by-operator', from: day, to: day }, adminToken);
    if (!csv.ok) throw new Error(csv.error.message);
    expect(csv.value.content).toMatch(/\r\nUnclaimed,3,3,/);
  });

  it('starting a box while someone else scans needs the same confirmation, and is audited as a take-over', async () => {
    const carol = await signIn('carol');
    const bob = await signIn('bob');
    await call('scanner.claim', { takeOver: true }, carol);
    const refused = await call('station.setCurrentBox', { box: { project: 'BACKSCAN', box: 'BOX-8' } }, bob);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Refused as a whole: the box did not change either.
    const status = await call('station.status', {}, bob);
    expect(status.ok && status.value.currentBox).toEqual({ project: 'BACKSCAN', box: 'BOX-7' });

    const before = lastSeq();
    const started = await call('station.setCurrentBox', { box: { project: 'BACKSCAN', box: 'BOX-8' }, takeOver: true }, bob);
    expect(started.ok && [started.value.scanner?.displayName, started.value.currentBox?.box]).toEqual(['Bob Baker', 'BOX-8']);
    expect(auditSince(before).map((e) => [e.action, e.user?.name, e.details.via ?? null])).toEqual([
      ['scanner-taken-over', 'bob', 'box'],
      ['settings-changed', 'bob', null],
    ]);
  });

  it('records duplicates and quarantined files for the scanner holder, with ids and no file names', async () => {
    const bob = await signIn('bob');
    await call('scanner.claim', { takeOver: true }, bob);
    const before = lastSeq();
    const original = join(t.root, 'scan-1.tif');
    const duplicate = await t.station.ingestFile(original, { removeSource: false, originalName: 'MORRIS Peter 1984-03-07.tif' });
    expect(duplicate.outcome).toBe('duplicate');
    const broken = join(t.root, 'ODONNELL Mary discharge.pdf');
    await writeFile(broken, '%PDF-1.7\nthis is not a PDF at all\n');
    const quarantined = await t.station.ingestFile(broken, { removeSource: false });
    if (quarantined.outcome !== 'quarantined') throw new Error(quarantined.outcome);

    const entries = auditSince(before);
    expect(entries.map((e) => [e.action, e.user?.name, e.subject?.type])).toEqual([
      ['file-duplicate', 'bob', 'intake-record'],
      ['file-quarantined', 'bob', 'quarantine'],
    ]);
    expect(entries[0]!.subject!.id).toBe(duplicate.recordId);
    expect(entries[1]!.subject!.id).toBe(quarantined.quarantineId);
    // No file names (they carry patient names) in what the trail keeps.
    expect(JSON.stringify(entries)).not.toMatch(/MORRIS|ODONNELL|scan-1/);
    expect(t.station.context.audit.verify()).toMatchObject({ ok: true });
  });
});
