import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, separatorSheetSpec, writeTiff } from '../../../scripts/samples/index.js';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/import-patients.js';
import type { BatchFilter } from '../../../shared/domain/document-state.js';
import { type Accounts, fastPathDone, must, signInAccounts } from '../../support/station-flow.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/**
 * The word each document carries (to do, blocked, ready, waiting for review...) comes from one
 * rule in the engine, the same in the batch's document list and on the indexing panel, and the
 * batch list counts and filters on it. Only the fast path runs (no OCR workers): the checks that
 * matter here need no text.
 */
let test: TestStation;
let users: Accounts;
const patients = fakeMpi({ seed: 61, count: 3, lookAlikes: false });
/** A consent form needs no date of service. */
const CONSENT = '59284-0';

const call = <M extends Parameters<typeof must>[1]>(method: M, input: Parameters<typeof must<M>>[2], token: string) => must(test.station, method, input, token);

/** Pages as a scanner writes them: the same seed gives the same page, pixel for pixel. */
const letterPage = async (seed: number) => (await renderPage({ seed, dpi: 200, title: 'Progress Note' })).png;

async function ingest(name: string, pages: Buffer[], dpi = 200): Promise<{ batchId: string; documentIds: string[] }> {
  const file = join(test.root, name);
  await writeFile(file, await writeTiff(pages, { compression: 'g4', dpi }));
  const result = await test.station.ingestFile(file, { removeSource: false });
  if (result.outcome !== 'ingested') throw new Error(`not ingested: ${result.outcome}`);
  await fastPathDone(test.station, result.batchId);
  return { batchId: result.batchId, documentIds: test.station.context.recognition.documentsOf(result.batchId).map((d) => d.id) };
}

const documentStates = async (batchId: string) => (await call('batches.get', { batchId }, users.clerk)).documents.map((d) => d.state);
const panelState = async (documentId: string) => (await call('documents.indexing', { documentId }, users.clerk)).state;
const listed = async (filter: BatchFilter) => (await call('batches.list', { limit: 100, filter }, users.clerk)).batches.map((b) => b.id);
const summaryOf = async (batchId: string) => (await call('batches.list', { limit: 100, filter: 'all' }, users.clerk)).batches.find((b) => b.id === batchId)!;

beforeAll(async () => {
  test = await openTestStation({ recognition: true, ocrWorkers: 0, fastWorkers: 1 });
  await importPatientsCsv(test.station.context.patients, [mpiCsv(patients)]);
  users = await signInAccounts(test.station);
}, 120_000);
afterAll(async () => test?.close());

describe('where a document stands', () => {
  it('is "to do" while it only lacks values, "blocked" only when a check blocks it, "ready", then waiting for review; the batch list counts and filters on it', async () => {
    const letter = await ingest('letter.tif', [await letterPage(11)]);
    const fax = await ingest('faint-fax.tif', [await letterPage(12)], 100);
    const [letterDoc] = letter.documentIds;
    const [faxDoc] = fax.documentIds;

    // No patient, no type: work to do, not a block (the counts used to call it blocked).
    expect(await documentStates(letter.batchId)).toEqual(['to-do']);
    expect(await panelState(letterDoc!)).toBe('to-do');
    // 100 dpi: the resolution check blocks it, whatever else is missing.
    expect(await documentStates(fax.batchId)).toEqual(['blocked']);
    expect(await panelState(faxDoc!)).toBe('blocked');
    expect((await summaryOf(letter.batchId)).indexing).toEqual({ total: 1, open: 1, toDo: 1, blocked: 0, ready: 0, confirmed: 0, sentBack: 0 });
    expect((await summaryOf(fax.batchId)).indexing).toMatchObject({ total: 1, open: 1, toDo: 0, blocked: 1 });
    expect(await listed('blocked')).toEqual([fax.batchId]);
    expect(await listed('to-index')).toEqual([fax.batchId, letter.batchId]);

    // With the patient but not the type: still to do. A progress note without its date: still to do.
    await call('documents.setIndex', { documentId: letterDoc!, patientMrn: patients[0]!.mrn }, users.clerk);
    expect(await panelState(letterDoc!)).toBe('to-do');
    await call('documents.setIndex', { documentId: letterDoc!, docTypeCode: '11506-3' }, users.clerk);
    expect(await documentStates(letter.batchId)).toEqual(['to-do']);
    await call('documents.setIndex', { documentId: letterDoc!, dateOfService: '2026-03-04' }, users.clerk);
    expect(await documentStates(letter.batchId)).toEqual(['ready']);
    expect(await panelState(letterDoc!)).toBe('ready');

    // Confirmed: it waits for a reviewer (the station reviews every document by default), and
    // the Delivery screen is told so; the batch has nothing left to index.
    const confirmed = await call('documents.confirm', { documentId: letterDoc! }, users.clerk);
    expect(confirmed.state).toBe('waiting-for-review');
    expect(await documentStates(letter.batchId)).toEqual(['waiting-for-review']);
    expect((await call('delivery.overview', { limit: 50 }, users.clerk)).awaitingReview).toBe(1);
    expect(await listed('to-index')).toEqual([fax.batchId]);
    expect(await listed('all')).toEqual([fax.batchId, letter.batchId]);

    // Sent back by QC: open again, and under "sent back by QC" until confirmed again.
    await call('review.decide', { decision: 'reject', documentId: letterDoc!, reasonCode: 'wrong-document-type', reasonText: 'A discharge letter.' }, users.reviewer);
    expect(await documentStates(letter.batchId)).toEqual(['ready']);
    expect((await summaryOf(letter.batchId)).indexing).toMatchObject({ open: 1, ready: 1, sentBack: 1 });
    expect(await listed('sent-back')).toEqual([letter.batchId]);
    expect((await call('delivery.overview', { limit: 50 }, users.clerk)).awaitingReview).toBe(0);
    await call('documents.confirm', { documentId: letterDoc! }, users.clerk);
    expect(await listed('sent-back')).toEqual([]);
  });

  it('calls pages "already indexed in another document" only once that other document is confirmed', async () => {
    const first = await ingest('first-scan.tif', [await letterPage(21)]);
    // The same sheet scanned again with the next one: page 1 has the same image.
    const second = await ingest('rescanned-with-more.tif', [await letterPage(21), await letterPage(22)]);
    const duplicateOf = async (documentId: string) => (await call('documents.indexing', { documentId }, users.clerk)).qc.filter((f) => f.code === 'suspected-duplicate').map((f) => f.pageIds.length);

    // Neither is indexed yet: nothing is indexed twice.
    expect(await duplicateOf(second.documentIds[0]!)).toEqual([]);
    expect(await duplicateOf(first.documentIds[0]!)).toEqual([]);

    await call('documents.setIndex', { documentId: first.documentIds[0]!, patientMrn: patients[1]!.mrn, docTypeCode: CONSENT }, users.clerk);
    await call('documents.confirm', { documentId: first.documentIds[0]! }, users.clerk);
    expect(await duplicateOf(second.documentIds[0]!)).toEqual([1]);
    // The confirmed one is not a duplicate of the open one.
    expect(await duplicateOf(first.documentIds[0]!)).toEqual([]);
  });

  it('keeps the review list in the batch’s document order whatever was decided', async () => {
    const separator = (await renderPage({ seed: 31, dpi: 200, ...separatorSheetSpec() })).png;
    const batch = await ingest('two-letters.tif', [await letterPage(32), separator, await letterPage(33)]);
    expect(batch.documentIds).toHaveLength(2);
    for (const documentId of batch.documentIds) {
      await call('documents.setIndex', { documentId, patientMrn: patients[2]!.mrn, docTypeCode: CONSENT }, users.clerk);
      await call('documents.confirm', { documentId }, users.clerk);
    }
    const order = async () => (await call('review.batch', { batchId: batch.batchId }, users.reviewer)).documents.map((d) => d.documentId);
    expect(await order()).toEqual(batch.documentIds);
    // The first approved, then the second sent back: the list does not move under the reviewer.
    await call('review.decide', { decision: 'approve', documentId: batch.documentIds[0]! }, users.reviewer);
    expect(await order()).toEqual(batch.documentIds);
    await call('review.decide', { decision: 'reject', documentId: batch.documentIds[1]!, reasonCode: 'poor-image' }, users.reviewer);
    expect(await order()).toEqual(batch.documentIds);
  });

  it('answers the first-run form in words a person understands', async () => {
    const fresh = await openTestStation();
    try {
      const result = (await fresh.station.call('session.createAdmin', { username: '', displayName: '   ', password: 'short' }, null)).result;
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.fields).toEqual({
        username: 'A username needs at least 2 characters.',
        displayName: 'Enter the name shown for this person.',
        password: 'A password needs at least 10 characters.',
      });
      expect(Object.values(result.error.fields ?? {}).join(' ')).not.toMatch(/expected|too small/i);
    } finally {
      await fresh.close();
    }
  });
});
