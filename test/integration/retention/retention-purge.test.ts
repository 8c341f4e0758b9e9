import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/engine/audit/audit-log.js';
import { cliActorOf } from '../../../electron/cli/cli-actor.js';
import { SettingsRepository } from '../../../electron/engine/db/repositories/settings.js';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/import-patients.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { stationPaths } from '../../../electron/engine/config/station-paths.js';
import { purgeExpired } from '../../../electron/engine/retention/purge.js';
import { retentionSettingsOf } from '../../../electron/engine/retention/retention-settings.js';
import { type RunningStation, openStation } from '../../../electron/engine/station.js';
import { startStationServer } from '../../../electron/server/http-server.js';
import { ContentStore } from '../../../electron/engine/storage/content-store.js';
import { fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import { runCli } from '../../support/cli.js';
import { openTestDatabase, stationKeyFor } from '../../support/station-key.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/**
 * Retention on a station with an injected clock. The story starts 20 days in the past, so the
 * `chartdesk purge` process, which runs on the real clock, sees the same ages the station does.
 *
 *   A  approved, delivered at T0          one page whose image E shares
 *   F  approved, delivered at T0          its own page
 *   E  approved, delivered at T0+5d       A's page image and one more
 *   B  confirmed, still awaiting review
 *   C  approved, delivered to the folder at T0 but not to a second target
 *   D  never confirmed
 *   plus a quarantined file and a kept duplicate copy, received at T0.
 */
const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'long enough password';
let shift = -20 * DAY;
const now = () => new Date(Date.now() + shift);

let test: TestStation;
let paths: ReturnType<typeof stationPaths>;
let store: ContentStore;
let tokens: Record<'admin' | 'clerk' | 'reviewer', string>;
const patients = fakeMpi({ seed: 77, count: 6, lookAlikes: false });
const docs: Record<'A' | 'F' | 'E' | 'B' | 'C' | 'D', { batchId: string; documentId: string; patient: number }> = {} as never;

async function call<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>> {
  const { result } = await test.station.call(method, input, token);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

/** Sessions end when the clock jumps days ahead; everyone signs in again. */
async function signInAll() {
  const signIn = async (username: string) => {
    const result = await test.station.call('session.signIn', { username, password: PASSWORD }, null);
    return result.session!.kind === 'signed-in' ? result.session!.token : '';
  };
  tokens = { admin: await signIn('admin'), clerk: await signIn('clerk1'), reviewer: await signIn('rev1') };
}

async function confirm(name: keyof typeof docs) {
  const doc = docs[name];
  await call('documents.setIndex', { documentId: doc.documentId, patientMrn: patients[doc.patient]!.mrn, docTypeCode: '59284-0' }, tokens.clerk);
  return call('documents.confirm', { documentId: doc.documentId }, tokens.clerk);
}
const approve = (name: keyof typeof docs) => call('review.decide', { decision: 'approve', documentId: docs[name].documentId }, tokens.reviewer);

/** Every stored image of a batch's pages, as the rows name them. */
function imagesOf(batchId: string): string[] {
  const rows = test.station.context.db
    .prepare(
      `SELECT p.master_sha256 AS m, p.view_sha256 AS v, p.thumb_sha256 AS t, r.upright_sha256 AS u
       FROM pages p LEFT JOIN page_recognition r ON r.page_id = p.id WHERE p.batch_id = ? ORDER BY p.sequence`,
    )
    .all(batchId) as { m: string; v: string; t: string; u: string | null }[];
  return [...new Set(rows.flatMap((r) => [r.m, r.v, r.t, r.u].filter((s): s is string => s !== null)))];
}
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const allExist = async (files: string[]) => (await Promise.all(files.map(exists))).every(Boolean);
const noneExist = async (files: string[]) => !(await Promise.all(files.map(exists))).some(Boolean);
const imageFiles = (batchId: string) => imagesOf(batchId).map((sha) => store.pathOf(sha));
const pdfOf = (name: keyof typeof docs) => join(paths.output, `${docs[name].documentId}.pdf`);
const archiveOf = (name: keyof typeof docs) => (test.station.context.db.prepare('SELECT archive_path AS p FROM source_files WHERE batch_id = ?').get(docs[name].batchId) as { p: string }).p;
const storedCopies = () => test.station.context.db.prepare(`SELECT stored_path AS p FROM intake_log WHERE outcome IN ('quarantined', 'duplicate')`).all() as { p: string }[];
const purgeEntries = () => test.station.context.audit.export('2000-01-01', '2100-12-31').filter((e) => e.action === 'purge');
/** Everything retention may change in the database: compared before and after a dry run. */
const retentionState = () =>
  test.station.context.db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM pages WHERE purged_at IS NOT NULL) AS pages,
              (SELECT COUNT(*) FROM document_index WHERE purged_at IS NOT NULL) AS documents,
              (SELECT COUNT(*) FROM source_files WHERE purged_at IS NOT NULL) AS originals,
              (SELECT COUNT(*) FROM quarantine WHERE purged_at IS NOT NULL) AS quarantined,
              (SELECT COUNT(*) FROM intake_log WHERE stored_purged_at IS NOT NULL) AS stored,
              (SELECT COUNT(*) FROM audit_log) AS audit`,
    )
    .get();

beforeAll(async () => {
  test = await openTestStation({ recognition: true, ocrWorkers: 1, now, deliveryBackoff: { baseMs: 50, maxMs: 200 } });
  paths = stationPaths(test.dataDir);
  store = new ContentStore(paths.store, (await stationKeyFor(test.dataDir)).fileKey());
  const ctx = test.station.context;
  await importPatientsCsv(ctx.patients, [mpiCsv(patients)]);

  const page = async (seed: number, patient: number) => (await renderPage({ seed, dpi: 200, title: 'Consent Form', patient: patients[patient]! })).png;
  const shared = await page(1000, 0);
  const files: Record<keyof typeof docs, { pages: Buffer[]; patient: number }> = {
    A: { pages: [shared], patient: 0 },
    F: { pages: [await page(1001, 1)], patient: 1 },
    E: { pages: [shared, await page(1002, 0)], patient: 0 },
    B: { pages: [await page(1003, 2)], patient: 2 },
    C: { pages: [await page(1004, 3)], patient: 3 },
    D: { pages: [await page(1005, 4)], patient: 4 },
  };
  for (const [name, file] of Object.entries(files) as [keyof typeof docs, { pages: Buffer[]; patient: number }][]) {
    const path = join(test.root, `${name}.tif`);
    await writeFile(path, await writeTiff(file.pages, { compression: 'g4', dpi: 200 }));
    const result = await test.station.ingestFile(path, { removeSource: false });
    if (result.outcome !== 'ingested') throw new Error(`${name} was not ingested`);
    docs[name] = { batchId: result.batchId, documentId: '', patient: file.patient };
  }
  // A file the station cannot read, and the same scan dropped twice (its copy is kept aside).
  await mkdir(test.dropDir, { recursive: true });
  await writeFile(join(test.dropDir, 'empty.pdf'), '');
  await test.station.ingestFile(join(test.dropDir, 'empty.pdf'), { removeSource: true });
  await copyFile(join(test.root, 'F.tif'), join(test.dropDir, 'F-again.tif'));
  await test.station.ingestFile(join(test.dropDir, 'F-again.tif'), { removeSource: true });
  await test.station.whenRecognised();
  for (const doc of Object.values(docs)) doc.documentId = ctx.recognition.documentsOf(doc.batchId)[0]!.id;

  const outgoing = join(test.root, 'outgoing');
  await mkdir(outgoing);
  ctx.transaction(() => {
    const at = now().toISOString();
    ctx.outbox.saveTarget('local-folder', { kind: 'folder', id: 'local-folder', path: outgoing }, true, at);
    // A second repository that never answers (its share is missing); not used for new documents.
    ctx.outbox.saveTarget('archive-share', { kind: 'folder', id: 'archive-share', path: join(test.root, 'no-such-share') }, false, at);
  });
  const admin = await test.station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD }, null);
  const adminToken = admin.session!.kind === 'signed-in' ? admin.session!.token : '';
  await call('users.create', { username: 'clerk1', displayName: 'Carl Clerk', role: 'clerk', password: PASSWORD }, adminToken);
  await call('users.create', { username: 'rev1', displayName: 'Rita Reviewer', role: 'reviewer', password: PASSWORD }, adminToken);
  await signInAll();

  // T0: A, F and C delivered; B waits for review; D is never confirmed.
  for (const name of ['A', 'F', 'C', 'B'] as const) await confirm(name);
  for (const name of ['A', 'F', 'C'] as const) await approve(name);
  await test.station.whenDelivered([docs.A.documentId, docs.F.documentId, docs.C.documentId]);
  ctx.transaction(() => ctx.outbox.enqueue(docs.C.documentId, 'archive-share', patients[3]!.mrn, now().toISOString()));

  // T0+5d: E delivered.
  shift += 5 * DAY;
  await signInAll();
  await confirm('E');
  await approve('E');
  await test.station.whenDelivered([docs.E.documentId]);
}, 300_000);

afterAll(async () => test?.close());

describe('retention', () => {
  it('purges delivered and reviewed documents after N days, keeping rows, hashes and shared images', async () => {
    const ctx = test.station.context;
    // The setup is what the test claims: A's page and E's first page are the same stored image.
    const pageRows = (batchId: string) => ctx.batches.get(batchId)!.pages;
    expect(pageRows(docs.A.batchId)[0]!.imageSha256).toBe(pageRows(docs.E.batchId)[0]!.imageSha256);
    const deliveriesOfC = ctx.outbox.forDocument(docs.C.documentId).map((i) => i.state);
    expect(deliveriesOfC).toHaveLength(2);
    expect(deliveriesOfC.filter((s) => s === 'delivered')).toHaveLength(1);
    const before = Object.fromEntries(Object.keys(docs).map((n) => [n, pageRows(docs[n as keyof typeof docs].batchId)]));
    const kept = ['E', 'B', 'C', 'D'] as const;
    const keptFiles = kept.flatMap((n) => [...imageFiles(docs[n].batchId), archiveOf(n)]);
    expect(await allExist([...imageFiles(docs.A.batchId), ...imageFiles(docs.F.batchId), pdfOf('A'), pdfOf('F'), pdfOf('E'), archiveOf('A'), archiveOf('F'), ...keptFiles])).toBe(true);

    // T0+8d, 7 days' retention: A and F are due, E was delivered 3 days ago.
    shift += 3 * DAY;
    await signInAll();
    const report = await test.station.purge();
    expect(report).toMatchObject({ dryRun: false, deliveredDays: 7, pages: 2, pdfs: 2, originals: 2, quarantined: 0, duplicates: 0, notDeleted: 0 });
    expect(new Set(report.documentIds)).toEqual(new Set([docs.A.documentId, docs.F.documentId]));

    // F's images, both PDFs and both originals are gone; A's image stays while E still shows it.
    expect(await noneExist([...imageFiles(docs.F.batchId), pdfOf('A'), pdfOf('F'), archiveOf('A'), archiveOf('F')])).toBe(true);
    expect(await allExist(imageFiles(docs.A.batchId))).toBe(true);
    expect(report.images).toBe(imagesOf(docs.F.batchId).length);
    expect(await allExist([...keptFiles, pdfOf('E')])).toBe(true);

    // Rows and hashes stay; the pages say they are purged.
    for (const name of ['A', 'F'] as const) {
      const after = pageRows(docs[name].batchId);
      expect(after.map((p) => ({ ...p, purged: false }))).toEqual(before[name]!.map((p) => ({ ...p, purged: false })));
      expect(after.every((p) => p.purged)).toBe(true);
      expect(ctx.batches.get(docs[name].batchId)!.sourceFiles.map((f) => f.sha256)).toHaveLength(1);
      expect(ctx.indexing.indexOf(docs[name].documentId)).toMatchObject({ status: 'confirmed', patientMrn: patients[docs[name].patient]!.mrn });
    }
    for (const name of kept) expect(pageRows(docs[name].batchId).some((p) => p.purged)).toBe(false);

    // The viewer gets a clear answer, and the batch says how long images are kept.
    const image = await test.station.readPageImage(before.F![0]!.id, 'view', tokens.clerk);
    expect(image).toEqual({ purged: true, retentionDays: 7 });
    expect(await test.station.readPageImage(before.E![1]!.id, 'thumb', tokens.clerk)).toMatchObject({ contentType: 'image/jpeg' });
    // The headless station's route says the same with 410 Gone (the image existed and was removed on purpose).
    const rendererDir = join(test.root, 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>ChartDesk</title>');
    const server = await startStationServer({ station: test.station, rendererDir, host: '127.0.0.1', port: 0, log: silentLogger });
    try {
      const signIn = await fetch(new URL('/api/session.signIn', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-chartdesk-csrf': '1' },
        body: JSON.stringify({ username: 'clerk1', password: PASSWORD }),
      });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const gone = await fetch(new URL(`/files/pages/${before.F![0]!.id}/view`, server.url), { headers: { cookie } });
      expect(gone.status).toBe(410);
      expect(await gone.json()).toEqual({ purged: true, retentionDays: 7 });
      expect((await fetch(new URL(`/files/pages/${before.E![1]!.id}/view`, server.url), { headers: { cookie } })).status).toBe(200);
    } finally {
      await server.close();
    }
    const detail = await call('batches.get', { batchId: docs.F.batchId }, tokens.clerk);
    expect(detail.purgeAfterDays).toBe(7);
    expect(detail.pages.map((p) => p.purged)).toEqual([true]);

    // One audit entry, with counts and ids, no patient data; the chain holds.
    const entries = purgeEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toMatchObject({ documents: report.documentIds, pages: 2, pdfs: 2, originals: 2, deliveredDays: 7 });
    // The station's own run names nobody; a command's run names its OS account (below).
    expect(entries[0]!.user).toBeNull();
    const text = JSON.stringify(entries);
    for (const p of patients) {
      expect(text).not.toContain(p.mrn);
      expect(text).not.toContain(p.family);
    }
    expect(ctx.audit.verify().ok).toBe(true);

    // Nothing more is due at the same time: a second run removes nothing and records nothing.
    expect((await test.station.purge()).documentIds).toEqual([]);
    expect(purgeEntries()).toHaveLength(1);
  }, 120_000);

  it('changes nothing on `chartdesk purge --dry-run`, and says what it would remove', async () => {
    // Back to the real clock (T0+20d); quarantined files are now kept 10 days.
    shift = 0;
    await signInAll();
    const saved = await call('settings.saveRetention', { retention: { deliveredDays: 7, quarantineDays: 10 } }, tokens.admin);
    expect(saved.retention).toEqual({ deliveredDays: 7, quarantineDays: 10 });
    expect((await call('settings.get', {}, tokens.admin)).retention).toEqual({ deliveredDays: 7, quarantineDays: 10 });
    const refused = await test.station.call('settings.saveRetention', { retention: { deliveredDays: 0, quarantineDays: 10 } }, tokens.admin);
    expect(refused.result.ok || refused.result.error.code).toBe('invalid-input');
    expect((await test.station.call('settings.saveRetention', { retention: { deliveredDays: 9, quarantineDays: 9 } }, tokens.clerk)).result.ok).toBe(false);

    const stateBefore = retentionState();
    const files = [pdfOf('E'), archiveOf('E'), ...imageFiles(docs.E.batchId), ...storedCopies().map((r) => r.p)];
    expect(storedCopies()).toHaveLength(2);
    expect(await allExist(files)).toBe(true);

    const run = await runCli(['--data-dir', test.dataDir, 'purge', '--dry-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { dryRun: boolean; documentIds: string[]; quarantined: number; duplicates: number; images: number };
    expect(report).toMatchObject({ dryRun: true, documentIds: [docs.E.documentId], quarantined: 1, duplicates: 1 });
    // E's own page and, now that E goes too, the image it shared with A.
    expect(report.images).toBe(imagesOf(docs.E.batchId).length);
    expect(retentionState()).toEqual(stateBefore);
    expect(await allExist(files)).toBe(true);

    const text = await runCli(['--data-dir', test.dataDir, 'purge', '--dry-run']);
    expect(text.stdout).toContain('Would remove the local copies of 1 document (2 pages)');
    expect(text.stdout).toContain('Dry run: nothing was changed.');
  }, 120_000);

  it('finishes a purge cut short between marking and deleting at the next start, and keeps what is not due', async () => {
    const ctx = test.station.context;
    const due = [pdfOf('E'), archiveOf('E'), ...imageFiles(docs.E.batchId), ...imageFiles(docs.A.batchId), ...storedCopies().map((r) => r.p)];
    const notDue = ['B', 'C', 'D'].flatMap((n) => [...imageFiles(docs[n as keyof typeof docs].batchId), archiveOf(n as keyof typeof docs)]);
    const crash = new Error('power cut');
    // Its own connection, as `chartdesk purge` would have; the crash hook stands for the process dying.
    const key = await stationKeyFor(test.dataDir);
    const db = openTestDatabase(test.dataDir, key, { readonly: false });
    try {
      await expect(
        purgeExpired(
          {
            db,
            store,
            paths,
            settings: new SettingsRepository(db),
            audit: new AuditLog(db, key.auditChainKey(), now),
            now,
            log: silentLogger,
            crashPoint: () => {
              throw crash;
            },
          },
          { via: 'chartdesk purge', by: cliActorOf('jsmith', 'scan-03') },
        ),
      ).rejects.toBe(crash);
    } finally {
      db.close();
    }
    // The marks and the audit entry committed; the files are still there.
    expect(ctx.indexing.indexOf(docs.E.documentId)).toBeTruthy();
    expect(retentionState()).toMatchObject({ documents: 3, quarantined: 1, stored: 5 });
    expect(purgeEntries()).toHaveLength(2);
    expect(purgeEntries()[1]!.user).toEqual({ id: 'cli:jsmith@scan-03', name: 'cli:jsmith@scan-03' });
    expect(await allExist(due)).toBe(true);

    await test.station.close();
    // A site that manages stations by file sets one of the two; the other keeps its saved value.
    await writeFile(join(test.dataDir, 'chartdesk.json'), JSON.stringify({ retention: { deliveredDays: 14 } }));
    let reopened: RunningStation | null = null;
    try {
      reopened = await openStation({
        dataDir: test.dataDir,
        key: await stationKeyFor(test.dataDir),
        watch: false,
        recognition: false,
        delivery: false,
        retentionTimer: false,
        log: silentLogger,
        now,
      });
      expect(await noneExist(due)).toBe(true);
      expect(await allExist(notDue)).toBe(true);
      expect((await readdir(paths.quarantine)).length + (await readdir(paths.duplicates)).length).toBe(0);
      // The index record and every hash are still there.
      expect(reopened.context.batches.get(docs.E.batchId)!.pages.map((p) => [p.purged, p.imageSha256.length])).toEqual([
        [true, 64],
        [true, 64],
      ]);
      expect(reopened.context.intakeLog.listQuarantine(10)).toHaveLength(1);
      expect(retentionSettingsOf(reopened.context.settings)).toEqual({ deliveredDays: 14, quarantineDays: 10 });
      expect(reopened.context.audit.verify().ok).toBe(true);
    } finally {
      await reopened?.close();
    }
  }, 120_000);
});
