import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TargetConfig } from '../../shared/domain/delivery-targets.js';
import { importPatientsCsv } from '../../electron/engine/indexing/patient-index/index.js';
import type { StationOptions } from '../../electron/engine/station.js';
import { type MpiPatient, fakeMpi, mpiCsv } from '../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ApiResult } from '../../shared/api/result.js';
import { type TestStation, openTestStation } from './test-station.js';
import { createFirstAdmin, signedInAccount } from './station-flow.js';

export const PASSWORD = 'long enough password';

export interface DeliveredStation {
  test: TestStation;
  patients: MpiPatient[];
  /** One per scanned file, in order: the document id and its page ids. */
  documents: { documentId: string; batchId: string; pageIds: string[] }[];
  tokens: { admin: string; clerk: string; reviewer: string; reviewer2: string };
  call<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>>;
  attempt<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<ApiResult<MethodOutput<M>>>;
  /** The clerk indexes a document under a patient and confirms it. */
  fileAndConfirm(documentId: string, patientMrn: string, docTypeCode?: string): Promise<void>;
}

/**
 * A real station (recognition on, one OCR worker) with short documents scanned, recognised,
 * filed by a clerk through the API and delivered to the given targets; review is off while they
 * go out (tests turn it on when they need it). Each document's pages print no patient, so its
 * filing is the clerk's word alone (how a misfile happens).
 */
export async function openDeliveredStation(options: {
  pagesPerDocument: number[];
  targets: (root: string) => Promise<TargetConfig[]>;
  /** Which patient (index into the patients) each document is filed under. */
  filedUnder: number[];
  /** Documents (by index) the clerk leaves open, to file later in the test. */
  leaveOpen?: number[];
  station?: Partial<StationOptions>;
}): Promise<DeliveredStation> {
  const test = await openTestStation({ recognition: true, ocrWorkers: 1, deliveryBackoff: { baseMs: 50, maxMs: 400 }, ...options.station });
  const ctx = test.station.context;
  const patients = fakeMpi({ seed: 71, count: 6, lookAlikes: false });
  await importPatientsCsv(ctx.patients, [mpiCsv(patients)]);
  let seed = 3100;
  for (const [i, count] of options.pagesPerDocument.entries()) {
    const pages = [];
    for (let p = 0; p < count; p++) {
      pages.push((await renderPage({ seed: seed++, dpi: 150, title: 'Progress Note', lines: [`Visit ${i + 1}, page ${p + 1} of ${count}.`, 'Seen in clinic today, doing well.'] })).png);
    }
    const file = join(test.root, `scan-${i}.tif`);
    await writeFile(file, await writeTiff(pages, { compression: 'g4', dpi: 150 }));
    await test.station.ingestFile(file, { removeSource: false });
  }
  await test.station.whenRecognised();
  const at = new Date().toISOString();
  const targets = await options.targets(test.root);
  ctx.transaction(() => {
    for (const t of ctx.outbox.targets()) ctx.outbox.saveTarget(t.id, t.config, false, at);
    for (const target of targets) ctx.outbox.saveTarget(target.id, target, true, at);
    ctx.reviewGate.savePolicy({ ...ctx.reviewGate.policy(), required: false });
  });

  const call = async <M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>> => {
    const { result } = await test.station.call(method, input, token);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value as MethodOutput<M>;
  };
  const attempt = async <M extends MethodName>(method: M, input: MethodInput<M>, token: string) => (await test.station.call(method, input, token)).result as ApiResult<MethodOutput<M>>;
  const adminToken = await createFirstAdmin(test.station, PASSWORD);
  const account = (username: string, displayName: string, role: 'clerk' | 'reviewer') => signedInAccount(test.station, adminToken, { username, displayName, role }, PASSWORD);
  const tokens = {
    admin: adminToken,
    clerk: await account('clerk1', 'Carl Clerk', 'clerk'),
    reviewer: await account('rev1', 'Rita Reviewer', 'reviewer'),
    reviewer2: await account('rev2', 'Rob Second', 'reviewer'),
  };
  const fileAndConfirm = async (documentId: string, patientMrn: string, docTypeCode = '11506-3') => {
    await call('documents.setIndex', { documentId, patientMrn, docTypeCode, dateOfService: '2026-02-03' }, tokens.clerk);
    await call('documents.confirm', { documentId }, tokens.clerk);
  };
  const batches = ctx.batches
    .list(100)
    .map((b) => b.id)
    .reverse();
  const documents = batches.map((batchId) => {
    const [doc] = ctx.recognition.documentsOf(batchId);
    return { documentId: doc!.id, batchId, pageIds: doc!.pageIds };
  });
  const filed = documents.filter((_, i) => !options.leaveOpen?.includes(i));
  for (const doc of filed) await fileAndConfirm(doc.documentId, patients[options.filedUnder[documents.indexOf(doc)] ?? 0]!.mrn);
  await test.station.whenDelivered(filed.map((d) => d.documentId));
  return { test, patients, documents, tokens, call, attempt, fileAndConfirm };
}
