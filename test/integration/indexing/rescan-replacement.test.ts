import { readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Accounts, attempt, fastPathDone, letterTiff, must, signInAccounts } from '../../support/station-flow.js';
import { type TestStation, nextEvent, openTestStation } from '../../support/test-station.js';

/**
 * "Replace page 2 from the next scan": the next file dropped at the station supplies the pages of
 * a marked document instead of becoming a batch, through the real drop folder and recognition.
 */
let test: TestStation;
let users: Accounts;
let batchId: string;
let documentId: string;
let original: string[];

const call = <M extends Parameters<typeof must>[1]>(method: M, input: Parameters<typeof must<M>>[2], token: string) => must(test.station, method, input, token);

/** Drops a file as a scanner does (temporary name, renamed when complete) and waits for its intake record. */
async function drop(name: string, bytes: Buffer) {
  const recorded = nextEvent(test.station, (e) => e.type === 'intake.recorded');
  await writeFile(join(test.dropDir, `${name}.part`), bytes);
  await rename(join(test.dropDir, `${name}.part`), join(test.dropDir, name));
  await recorded;
  await test.station.whenIdle();
}

const layout = () => test.station.context.indexing.layoutOf(batchId);
const documentPages = () => layout().documents.find((d) => d.id === documentId)!.pageIds;
const deletedPages = () =>
  layout()
    .pages.filter((p) => p.deleted)
    .map((p) => p.pageId);
const auditActions = () => test.station.context.audit.export('2000-01-01', '2100-01-01').map((e) => e.action);

beforeAll(async () => {
  // The page operations need the fast path only: no OCR workers, so they do not compete with it for the cores.
  test = await openTestStation({ watch: true, recognition: true, ocrWorkers: 0, fastWorkers: 1 });
  users = await signInAccounts(test.station);
  await drop('chart-17.tif', await letterTiff(1, 3));
  [batchId] = test.station.context.batches.list(10).map((b) => b.id) as [string];
  await fastPathDone(test.station, batchId);
  const [document] = test.station.context.recognition.documentsOf(batchId);
  documentId = document!.id;
  original = document!.pageIds;
  expect(original).toHaveLength(3);
}, 300_000);
afterAll(async () => test?.close());

describe('a page replaced from the next scan', () => {
  it('takes the next dropped file into the marked document, keeps the replaced page, and can be undone', async () => {
    const mark = await call('rescan.mark', { documentId, kind: 'replace', pageId: original[1]! }, users.clerk);
    expect(mark).toMatchObject({ state: 'armed', documentNumber: 1, pageNumber: 2, markedBy: 'Carl Clerk', batchId });
    expect((await call('rescan.armed', {}, users.reviewer)).mark?.id).toBe(mark.id);

    // One mark at a time: the next scan must never be in doubt.
    const second = await attempt(test.station, 'rescan.mark', { documentId, kind: 'insert-after', pageId: original[2]! }, users.reviewer);
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('replace page 2 of document 1') } });

    await drop('rescan-of-page-2.tif', await letterTiff(2, 1));

    // Still one batch: the file's page took page 2's place, and page 2 waits, deleted, with its image.
    expect(test.station.context.batches.list(10)).toHaveLength(1);
    const batch = test.station.context.batches.get(batchId)!;
    expect(batch.sourceFiles.map((f) => f.originalName)).toEqual(['chart-17.tif', 'rescan-of-page-2.tif']);
    const added = batch.pages.filter((p) => p.sourceFileId === batch.sourceFiles[1]!.id).map((p) => p.id);
    expect(added).toHaveLength(1);
    expect(documentPages()).toEqual([original[0], added[0], original[2]]);
    expect(deletedPages()).toEqual([original[1]]);
    const kept = await test.station.readPageImage(original[1]!, 'view', users.clerk);
    expect(kept && 'bytes' in kept && kept.bytes.length > 0).toBe(true);

    // Recorded at intake as what it was, its original archived, the drop folder empty.
    const [record] = test.station.context.intakeLog.list(1);
    expect(record).toMatchObject({ originalName: 'rescan-of-page-2.tif', outcome: 'ingested', batchId, rescanOf: { documentId, kind: 'replace' } });
    expect((await readdir(join(test.dataDir, 'originals'))).sort()).toEqual(batch.sourceFiles.map((f) => f.id).sort());
    expect(await readdir(test.dropDir)).toEqual([]);
    expect((await call('rescan.armed', {}, users.clerk)).mark).toBeNull();
    const applied = test.station.context.audit.export('2000-01-01', '2100-01-01').find((e) => e.action === 'rescan-applied');
    expect(applied).toMatchObject({ user: { name: 'Carl Clerk' }, subject: { type: 'document', id: documentId }, details: { kind: 'replace', pageId: original[1], newPageIds: added } });

    // Undone before confirmation: page 2 comes back, the rescanned page goes to the deleted pages.
    await fastPathDone(test.station, batchId);
    await call('layout.undo', { batchId }, users.clerk);
    expect(documentPages()).toEqual(original);
    expect(deletedPages()).toEqual(added);
    expect(auditActions()).toContain('layout-undone');
  });

  it('inserts the pages of the next scan after the marked page, in the order scanned', async () => {
    await call('rescan.mark', { documentId, kind: 'insert-after', pageId: original[0]! }, users.reviewer);
    await drop('two-missing-pages.tif', await letterTiff(3, 2));
    const batch = test.station.context.batches.get(batchId)!;
    const file = batch.sourceFiles.find((f) => f.originalName === 'two-missing-pages.tif')!;
    const added = batch.pages
      .filter((p) => p.sourceFileId === file.id)
      .sort((a, b) => a.sourcePageNumber - b.sourcePageNumber)
      .map((p) => p.id);
    expect(documentPages()).toEqual([original[0], ...added, original[1], original[2]]);
    await fastPathDone(test.station, batchId);
  });

  it('lets a mark be cancelled: the next scan is a batch of its own', async () => {
    const before = documentPages();
    const mark = await call('rescan.mark', { documentId, kind: 'replace', pageId: original[2]! }, users.clerk);
    const cancelled = await call('rescan.cancel', { markId: mark.id }, users.clerk);
    expect(cancelled).toMatchObject({ state: 'cancelled', endedBy: 'Carl Clerk' });
    await drop('next-patient.tif', await letterTiff(4, 1));
    expect(test.station.context.batches.list(10)).toHaveLength(2);
    expect(documentPages()).toEqual(before);
    expect(auditActions()).toContain('rescan-cancelled');
  });

  it('never drops a page: a mark whose page left every document lapses, and the scan becomes its own batch', async () => {
    const before = documentPages();
    await call('rescan.mark', { documentId, kind: 'replace', pageId: before[before.length - 1]! }, users.clerk);
    await call('layout.apply', { batchId, operation: { op: 'delete-page', pageId: before[before.length - 1]! } }, users.clerk);
    await drop('late-rescan.tif', await letterTiff(5, 1));
    const batches = test.station.context.batches.list(10);
    expect(batches).toHaveLength(3);
    expect(test.station.context.batches.get(batches[0]!.id)!.sourceFiles.map((f) => f.originalName)).toEqual(['late-rescan.tif']);
    expect(auditActions()).toContain('rescan-lapsed');
    expect((await call('rescan.armed', {}, users.clerk)).mark).toBeNull();
  });

  it('is undone only before confirmation: undo never changes a confirmed document', async () => {
    const before = documentPages();
    await call('rescan.mark', { documentId, kind: 'replace', pageId: before[0]! }, users.clerk);
    await drop('first-page-again.tif', await letterTiff(6, 1));
    const replaced = documentPages();
    expect(replaced.slice(1)).toEqual(before.slice(1));
    expect(replaced[0]).not.toBe(before[0]);
    await fastPathDone(test.station, batchId);
    const confirm = (status: 'confirmed' | 'open') => test.station.context.transaction(() => test.station.context.indexing.setStatus(documentId, status, 'Carl Clerk', new Date().toISOString()));
    confirm('confirmed');
    expect(await attempt(test.station, 'layout.undo', { batchId }, users.clerk)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/Reopen it first/) } });
    expect(documentPages()).toEqual(replaced);
    confirm('open');
    await call('layout.undo', { batchId }, users.clerk);
    expect(documentPages()).toEqual(before);
  });

  it('refuses a mark on a confirmed document, and on a page of another document', async () => {
    const other = await attempt(test.station, 'rescan.mark', { documentId, kind: 'replace', pageId: 'a-page-elsewhere' }, users.clerk);
    expect(other).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    test.station.context.transaction(() => test.station.context.indexing.setStatus(documentId, 'confirmed', 'Carl Clerk', new Date().toISOString()));
    const confirmed = await attempt(test.station, 'rescan.mark', { documentId, kind: 'replace', pageId: original[0]! }, users.clerk);
    expect(confirmed).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/confirmed/) } });
    test.station.context.transaction(() => test.station.context.indexing.setStatus(documentId, 'open', 'Carl Clerk', new Date().toISOString()));
  });
});
