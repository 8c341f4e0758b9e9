import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/import-patients.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/**
 * Issue 18, item 10: four-eyes QC review. An administrator (who may both confirm and review)
 * cannot approve a document they confirmed, alone or in a batch approval, unless the station's
 * review setting allows it; the setting appears in the department report.
 */
const PASSWORD = 'long enough password';
let test: TestStation;
let admin: string;
let otherAdmin: string;
let documentIds: string[];
let batchIds: string[];
const patients = fakeMpi({ seed: 61, count: 3, lookAlikes: false });

async function call<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>> {
  const { result } = await test.station.call(method, input, token);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}
const attempt = async <M extends MethodName>(method: M, input: MethodInput<M>, token: string) => (await test.station.call(method, input, token)).result;

beforeAll(async () => {
  test = await openTestStation({ recognition: true, ocrWorkers: 1, delivery: false });
  const ctx = test.station.context;
  await importPatientsCsv(ctx.patients, [mpiCsv(patients)]);
  for (const [i, patient] of patients.entries()) {
    const page = await renderPage({ seed: 610 + i, dpi: 150, title: 'Consent Form', patient });
    const file = join(test.root, `consent-${i}.tif`);
    await writeFile(file, await writeTiff([page.png], { compression: 'g4', dpi: 150 }));
    await test.station.ingestFile(file, { removeSource: false });
  }
  await test.station.whenRecognised();
  batchIds = ctx.batches
    .list(10)
    .map((b) => b.id)
    .reverse();
  documentIds = batchIds.map((id) => ctx.recognition.documentsOf(id)[0]!.id);
  const created = await test.station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD }, null);
  admin = created.session!.kind === 'signed-in' ? created.session!.token : '';
  await call('users.create', { username: 'admin2', displayName: 'Bea Admin', role: 'admin', password: PASSWORD }, admin);
  const signedIn = await test.station.call('session.signIn', { username: 'admin2', password: PASSWORD }, null);
  otherAdmin = signedIn.session!.kind === 'signed-in' ? signedIn.session!.token : '';
  for (const [i, documentId] of documentIds.entries()) {
    await call('documents.setIndex', { documentId, patientMrn: patients[i]!.mrn, docTypeCode: '59284-0' }, admin);
    expect((await call('documents.confirm', { documentId }, admin)).review?.state).toBe('awaiting');
  }
}, 300_000);

afterAll(async () => test?.close());

describe('four-eyes review', () => {
  it('refuses an administrator the approval of a document they confirmed; another administrator may approve it', async () => {
    const own = await attempt('review.decide', { decision: 'approve', documentId: documentIds[0]! }, admin);
    expect(own.ok || own.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/confirmed this document yourself/) });
    expect(test.station.context.review.get(documentIds[0]!)!.state).toBe('awaiting');
    expect((await call('review.decide', { decision: 'approve', documentId: documentIds[0]! }, otherAdmin)).review.state).toBe('approved');
  });

  it('leaves the caller’s own documents out of a batch approval', async () => {
    expect(await call('review.approveBatch', { batchId: batchIds[1]! }, admin)).toEqual({ approved: 0 });
    expect(test.station.context.review.get(documentIds[1]!)!.state).toBe('awaiting');
  });

  it('lets the setting allow it, and the report says which way the setting is', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const range = { from: today, to: today };
    expect((await call('reports.summary', range, admin)).rejections.selfApprovalAllowed).toBe(false);
    const policy = (await call('settings.get', {}, admin)).review;
    expect(policy.allowSelfApproval).toBe(false);
    await call('settings.saveReview', { policy: { ...policy, allowSelfApproval: true } }, admin);
    expect((await call('reports.summary', range, admin)).rejections.selfApprovalAllowed).toBe(true);
    expect((await call('review.decide', { decision: 'approve', documentId: documentIds[2]! }, admin)).review.state).toBe('approved');
  });
});
