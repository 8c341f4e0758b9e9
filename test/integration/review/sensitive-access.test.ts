import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/import-patients.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';
import { createFirstAdmin, signedInAccount } from '../../support/station-flow.js';

/**
 * A document of a type the catalogue marks sensitive: its pages are served blurred and its text
 * refused until a session states a reason, which is audited; another session still sees it blurred.
 */
const PASSWORD = 'long enough password';
let test: TestStation;
let admin: string;
let reviewer: string;
let documentId: string;
let pageId: string;

async function call<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>> {
  const { result } = await test.station.call(method, input, token);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

/** Mean absolute difference between neighbouring pixels: text has sharp edges, a blur has none. */
async function edgeEnergy(jpeg: Buffer): Promise<number> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let y = 0; y < info.height; y++) for (let x = 1; x < info.width; x++) sum += Math.abs(data[y * info.width + x]! - data[y * info.width + x - 1]!);
  return sum / (info.width * info.height);
}

beforeAll(async () => {
  test = await openTestStation({ recognition: true, ocrWorkers: 1 });
  const [patient] = fakeMpi({ seed: 5, count: 1, lookAlikes: false });
  await importPatientsCsv(test.station.context.patients, [mpiCsv([patient!])]);
  const page = await renderPage({ seed: 77, dpi: 200, title: 'Psychiatry Assessment', patient: patient! });
  const file = join(test.root, 'assessment.tif');
  await writeFile(file, await writeTiff([page.png], { compression: 'g4', dpi: 200 }));
  await test.station.ingestFile(file, { removeSource: false });
  await test.station.whenRecognised();
  const [batch] = test.station.context.batches.list(10);
  const [doc] = test.station.context.recognition.documentsOf(batch!.id);
  documentId = doc!.id;
  pageId = doc!.pageIds[0]!;

  admin = await createFirstAdmin(test.station, PASSWORD);
  reviewer = await signedInAccount(test.station, admin, { username: 'rev1', displayName: 'Rita Reviewer', role: 'reviewer' }, PASSWORD);
  await call('docTypes.save', { type: { code: 'LOCAL-MH', system: 'urn:local', display: 'Mental health note', sensitive: true, requiresDateOfService: false, keywords: [] } }, admin);
}, 300_000);

afterAll(async () => test?.close());

const image = async (token: string) => {
  const read = await test.station.readPageImage(pageId, 'view', token);
  if (!read || !('bytes' in read)) throw new Error('no image');
  return read.bytes;
};

describe('sensitive documents', () => {
  it('are blurred and their text withheld until a reason is stated; the reason is audited and holds for that session only', async () => {
    const before = await image(admin);
    expect((await call('batches.get', { batchId: test.station.context.recognition.batchOfDocument(documentId)! }, admin)).documents[0]!.sensitive).toBe(false);

    await call('documents.setIndex', { documentId, docTypeCode: 'LOCAL-MH' }, admin);
    const batch = await call('batches.get', { batchId: test.station.context.recognition.batchOfDocument(documentId)! }, admin);
    expect(batch.documents[0]!.sensitive).toBe(true);
    const blurred = await image(admin);
    expect(await edgeEnergy(blurred)).toBeLessThan((await edgeEnergy(before)) / 3);
    const text = await test.station.call('pages.ocr', { pageId }, admin);
    expect(text.result.ok || text.result.error.code).toBe('forbidden');

    const vague = await test.station.call('documents.revealSensitive', { documentId, reason: 'x' }, admin);
    expect(vague.result.ok || vague.result.error.code).toBe('invalid-input');
    await call('documents.revealSensitive', { documentId, reason: 'Continuity of care: follow-up appointment' }, admin);
    expect(Buffer.compare(await image(admin), before)).toBe(0);
    expect((await call('pages.ocr', { pageId }, admin)).status).toBe('done');

    // Another session has stated nothing: still blurred.
    expect(await edgeEnergy(await image(reviewer))).toBeLessThan((await edgeEnergy(before)) / 3);

    const revealed = test.station.context.audit.export('2000-01-01', '2100-12-31').filter((e) => e.action === 'sensitive-revealed');
    expect(revealed).toHaveLength(1);
    expect(revealed[0]!.user?.name).toBe('admin');
    expect(JSON.stringify(revealed[0]!.details)).toContain('Continuity of care');
  }, 60_000);
});
