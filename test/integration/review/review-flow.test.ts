import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/import-patients.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';
import { createFirstAdmin, signedInAccount } from '../../support/station-flow.js';

/**
 * QC review through the API, as the clerk and the reviewer use it: nothing reaches the
 * repository before review passes, a rejection goes back to the clerk with its reason, a fixed
 * document comes back to review, sampling and the after-rejection watch, review turned off,
 * and back-scanning boxes verified only when every document in them passed.
 */
const DOCUMENTS = 5;
const PASSWORD = 'long enough password';
let test: TestStation;
let outgoing: string;
let tokens: Record<'admin' | 'clerk' | 'reviewer', string>;
let documentIds: string[];
let batchIds: string[];
const patients = fakeMpi({ seed: 41, count: DOCUMENTS, lookAlikes: false });

async function call<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>> {
  const { result } = await test.station.call(method, input, token);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}
const attempt = async <M extends MethodName>(method: M, input: MethodInput<M>, token: string) => (await test.station.call(method, input, token)).result;

/** Indexes a document as a clerk would (patient, type) and confirms it. */
async function indexAndConfirm(i: number) {
  await call('documents.setIndex', { documentId: documentIds[i]!, patientMrn: patients[i]!.mrn, docTypeCode: '59284-0' }, tokens.clerk);
  return call('documents.confirm', { documentId: documentIds[i]! }, tokens.clerk);
}

const deliveredFiles = async () => (await readdir(outgoing).catch(() => [] as string[])).filter((f) => f.endsWith('.pdf'));

beforeAll(async () => {
  test = await openTestStation({ recognition: true, ocrWorkers: 1, deliveryBackoff: { baseMs: 50, maxMs: 200 } });
  const ctx = test.station.context;
  await importPatientsCsv(ctx.patients, [mpiCsv(patients)]);
  for (let i = 0; i < DOCUMENTS; i++) {
    const page = await renderPage({ seed: 900 + i, dpi: 200, title: 'Consent Form', patient: patients[i]! });
    const file = join(test.root, `consent-${i}.tif`);
    await writeFile(file, await writeTiff([page.png], { compression: 'g4', dpi: 200 }));
    await test.station.ingestFile(file, { removeSource: false });
  }
  await test.station.whenRecognised();
  // The import folder is a share that exists; the station never creates it.
  outgoing = join(test.root, 'outgoing');
  await mkdir(outgoing);
  ctx.transaction(() => ctx.outbox.saveTarget('local-folder', { kind: 'folder', id: 'local-folder', path: outgoing }, true, new Date().toISOString()));
  batchIds = ctx.batches
    .list(100)
    .map((b) => b.id)
    .reverse();
  documentIds = batchIds.map((id) => ctx.recognition.documentsOf(id)[0]!.id);

  const admin = await createFirstAdmin(test.station, PASSWORD);
  const signIn = (username: string, displayName: string, role: 'clerk' | 'reviewer') => signedInAccount(test.station, admin, { username, displayName, role }, PASSWORD);
  tokens = { admin, clerk: await signIn('clerk1', 'Carl Clerk', 'clerk'), reviewer: await signIn('rev1', 'Rita Reviewer', 'reviewer') };
}, 300_000);

afterAll(async () => test?.close());

describe('QC review', () => {
  it('holds a confirmed document until a reviewer approves it; a rejection goes back to the clerk with the reason', async () => {
    await call('batches.setBox', { batchId: batchIds[0]!, project: 'BACKSCAN-2026', box: 'BOX-0001' }, tokens.clerk);
    const confirmed = await indexAndConfirm(0);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.review?.state).toBe('awaiting');
    // Nothing is queued for the repository while review is pending.
    expect(test.station.context.outbox.forDocument(documentIds[0]!)).toEqual([]);

    const queue = await call('review.queue', {}, tokens.reviewer);
    expect(queue.entries.map((e) => [e.batchId, e.awaiting, e.project, e.box])).toEqual([[batchIds[0], 1, 'BACKSCAN-2026', 'BOX-0001']]);
    expect(queue.entries[0]!.operators).toEqual(['Carl Clerk']);
    // Filters: by operator, project and box, and a date after the confirmation.
    expect((await call('review.queue', { operator: 'carl' }, tokens.reviewer)).entries).toHaveLength(1);
    expect((await call('review.queue', { operator: 'someone else' }, tokens.reviewer)).entries).toHaveLength(0);
    expect((await call('review.queue', { box: 'BOX-0002' }, tokens.reviewer)).entries).toHaveLength(0);
    expect((await call('review.queue', { from: '2999-01-01' }, tokens.reviewer)).entries).toHaveLength(0);

    // The box cannot be verified while its document waits for review.
    const early = await attempt('boxes.verify', { project: 'BACKSCAN-2026', box: 'BOX-0001' }, tokens.reviewer);
    expect(early.ok || early.error.code).toBe('conflict');

    // A clerk cannot review, a reviewer cannot index.
    expect((await attempt('review.decide', { decision: 'approve', documentId: documentIds[0]! }, tokens.clerk)).ok).toBe(false);

    const batch = await call('review.batch', { batchId: batchIds[0]! }, tokens.reviewer);
    expect(batch.documents.map((d) => [d.documentId, d.patient?.mrn, d.docType?.code, d.confirmedBy])).toEqual([[documentIds[0], patients[0]!.mrn, '59284-0', 'Carl Clerk']]);

    // "Other" needs words.
    const vague = await attempt('review.decide', { decision: 'reject', documentId: documentIds[0]!, reasonCode: 'other' }, tokens.reviewer);
    expect(vague.ok || vague.error.code).toBe('invalid-input');
    const rejected = await call('review.decide', { decision: 'reject', documentId: documentIds[0]!, reasonCode: 'wrong-document-type', reasonText: 'This is a discharge letter.' }, tokens.reviewer);
    expect(rejected.review).toMatchObject({ state: 'rejected', reasonCode: 'wrong-document-type', decidedBy: 'Rita Reviewer' });

    // Back in the clerk's queue, reason shown, still not delivered.
    const back = await call('documents.indexing', { documentId: documentIds[0]! }, tokens.clerk);
    expect(back.status).toBe('open');
    expect(back.review).toMatchObject({ state: 'rejected', reasonCode: 'wrong-document-type', reasonText: 'This is a discharge letter.' });
    expect((await call('batches.list', {}, tokens.clerk)).batches.find((b) => b.id === batchIds[0])!.returnedByReview).toBe(1);
    expect(test.station.context.outbox.forDocument(documentIds[0]!)).toEqual([]);
    // A second decision on the same round is refused.
    const twice = await attempt('review.decide', { decision: 'approve', documentId: documentIds[0]! }, tokens.reviewer);
    expect(twice.ok || twice.error.code).toBe('conflict');

    // The clerk fixes it; it returns to review (second round), and only approval delivers it.
    await call('documents.setIndex', { documentId: documentIds[0]!, docTypeCode: '18842-5' }, tokens.clerk);
    await call('documents.setIndex', { documentId: documentIds[0]!, dateOfService: '2026-03-04' }, tokens.clerk);
    const again = await call('documents.confirm', { documentId: documentIds[0]! }, tokens.clerk);
    expect(again.review).toMatchObject({ state: 'awaiting', round: 2 });
    expect(test.station.context.outbox.forDocument(documentIds[0]!)).toEqual([]);
    expect(await deliveredFiles()).toEqual([]);

    const approved = await call('review.decide', { decision: 'approve', documentId: documentIds[0]! }, tokens.reviewer);
    expect(approved.review.state).toBe('approved');
    await test.station.whenDelivered([documentIds[0]!]);
    expect(test.station.context.outbox.forDocument(documentIds[0]!).map((i) => i.state)).toEqual(['delivered']);
    expect(await deliveredFiles()).toHaveLength(1);
    expect((await call('review.queue', {}, tokens.reviewer)).entries).toEqual([]);

    // Now the box can be verified; the station shows it verified.
    const verified = await call('boxes.verify', { project: 'BACKSCAN-2026', box: 'BOX-0001' }, tokens.reviewer);
    expect(verified).toMatchObject({ verified: true, verifiedBy: 'Rita Reviewer', documents: 1, outstanding: 0 });
    expect((await call('boxes.list', {}, tokens.clerk)).boxes).toEqual([expect.objectContaining({ project: 'BACKSCAN-2026', box: 'BOX-0001', verified: true })]);
    // A batch of a verified box stays in it.
    const moved = await attempt('batches.setBox', { batchId: batchIds[0]!, project: 'BACKSCAN-2026', box: 'BOX-0002' }, tokens.clerk);
    expect(moved.ok || moved.error.code).toBe('conflict');

    // Who did what is on the record, and the chain holds.
    const actions = test.station.context.audit.export('2000-01-01', '2100-12-31').map((e) => `${e.action}:${e.user?.name ?? ''}`);
    expect(actions).toEqual(expect.arrayContaining(['review-rejected:rev1', 'review-approved:rev1', 'box-verified:rev1', 'box-assigned:clerk1']));
    expect(test.station.context.audit.verify().ok).toBe(true);
  }, 120_000);

  it('samples per operator, reviews everything after a rejection, and lets documents through when review is off', async () => {
    const ctx = test.station.context;
    const clerk = { id: (await call('session.status', {}, tokens.clerk)).user!.id, name: 'Carl Clerk' };
    await call('settings.saveReview', { policy: { required: true, samplePercent: 1, afterRejectionDocuments: 1 } }, tokens.admin);
    expect((await call('settings.get', {}, tokens.admin)).review).toEqual({ required: true, samplePercent: 1, afterRejectionDocuments: 1, allowSelfApproval: false });

    // The clerk was rejected in the first test: their next documents are all reviewed, whatever the rate.
    expect(ctx.review.watchRemaining(clerk)).toBeGreaterThan(0);
    const watched = await indexAndConfirm(1);
    expect(watched.review?.state).toBe('awaiting');
    expect(ctx.outbox.forDocument(documentIds[1]!)).toEqual([]);
    // The reviewer looked through the batch and approves what is left in one go.
    expect(await call('review.approveBatch', { batchId: batchIds[1]! }, tokens.reviewer)).toEqual({ approved: 1 });
    expect(ctx.outbox.forDocument(documentIds[1]!)).toHaveLength(1);
    expect(await call('review.approveBatch', { batchId: batchIds[1]! }, tokens.reviewer)).toEqual({ approved: 0 });

    // Without the watch, 1% sampling decides by the document id (recomputable by anyone).
    ctx.review.setWatch(clerk, 0);
    const { inSample } = await import('../../../electron/engine/review/sampling.js');
    const sampled = inSample(documentIds[2]!, 1);
    const second = await indexAndConfirm(2);
    expect(second.review?.state).toBe(sampled ? 'awaiting' : 'not-sampled');
    expect(ctx.outbox.forDocument(documentIds[2]!)).toHaveLength(sampled ? 0 : 1);

    // Review off: what waited is released to the outbox, and new confirmations go straight out.
    ctx.review.setWatch(clerk, 1);
    expect((await indexAndConfirm(3)).review?.state).toBe('awaiting');
    await call('settings.saveReview', { policy: { required: false, samplePercent: 100, afterRejectionDocuments: 20 } }, tokens.admin);
    expect((await call('documents.indexing', { documentId: documentIds[3]! }, tokens.clerk)).review?.state).toBe('not-required');
    expect(ctx.outbox.forDocument(documentIds[3]!)).toHaveLength(1);
    const straight = await indexAndConfirm(4);
    expect(straight.review?.state).toBe('not-required');
    expect(ctx.outbox.forDocument(documentIds[4]!)).toHaveLength(1);
    await test.station.whenDelivered(documentIds.slice(1));
    expect(await deliveredFiles()).toHaveLength(sampled ? DOCUMENTS - 1 : DOCUMENTS);
  }, 120_000);
});

describe('review sampling rule', () => {
  it('picks about the given share of documents, the same way every time', async () => {
    const { inSample } = await import('../../../electron/engine/review/sampling.js');
    const ids = Array.from({ length: 4000 }, (_, i) => `doc-${i}`);
    for (const percent of [5, 25, 50]) {
      const share = ids.filter((id) => inSample(id, percent)).length / ids.length;
      expect(Math.abs(share - percent / 100), `${percent}%`).toBeLessThan(0.03);
    }
    expect(ids.every((id) => inSample(id, 100))).toBe(true);
    expect(ids.map((id) => inSample(id, 30))).toEqual(ids.map((id) => inSample(id, 30)));
  });
});
