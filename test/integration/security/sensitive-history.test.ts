import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/import-patients.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import type { LayoutOperation } from '../../../shared/domain/indexing.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';
import { createFirstAdmin, signedInAccount } from '../../support/station-flow.js';

/**
 * Issue 18, item 3: a page that was in a sensitive document stays protected, whatever page
 * operation takes it out (split, merge, move, delete, undo, a type changed by hand), on every
 * route that returns what is on it: the images, the text and words, what the indexing screen
 * was told (suggestions, evidence, QC sentences), the batch view (barcodes, cover values) and
 * the QC review. Only a stated reason opens it, and only for that session.
 */
const PASSWORD = 'long enough password';
const [patient] = fakeMpi({ seed: 18, count: 1, lookAlikes: false });
let test: TestStation;
let admin: string;
let clerk: string;
let batchId: string;
let pageIds: string[];
/** Edge energy of each page's view image as scanned (read by a session that stated a reason). */
const sharpness = new Map<string, number>();

async function call<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>> {
  const { result } = await test.station.call(method, input, token);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}
const codeOf = async (method: MethodName, input: unknown, token: string) => {
  const { result } = await test.station.call(method, input, token);
  return result.ok ? 'ok' : result.error.code;
};

/** Mean absolute difference between neighbouring pixels: text has sharp edges, a blur has none. */
async function edgeEnergy(jpeg: Buffer): Promise<number> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let y = 0; y < info.height; y++) for (let x = 1; x < info.width; x++) sum += Math.abs(data[y * info.width + x]! - data[y * info.width + x - 1]!);
  return sum / (info.width * info.height);
}
const imageOf = async (pageId: string, variant: 'view' | 'thumb', token: string) => {
  const read = await test.station.readPageImage(pageId, variant, token);
  if (!read || !('bytes' in read)) throw new Error('no image');
  return read.bytes;
};

/** What the patient's record says that the pages carry: none of it may reach a session without a reason. */
const secrets = () => [patient!.mrn, patient!.family, patient!.given];
const leaked = (value: unknown) => secrets().filter((s) => JSON.stringify(value).includes(s));

/** Every route that returns page content, tried as the clerk (no reason stated) on every page that was in the sensitive document. */
async function expectProtected(when: string) {
  for (const pageId of pageIds) {
    expect(await edgeEnergy(await imageOf(pageId, 'view', clerk)), `${when}: view of ${pageId}`).toBeLessThan(sharpness.get(pageId)! / 3);
    const thumb = await imageOf(pageId, 'thumb', clerk);
    expect(thumb.equals(await imageOf(pageId, 'thumb', admin)), `${when}: thumb of ${pageId}`).toBe(false);
    expect(await codeOf('pages.ocr', { pageId }, clerk), `${when}: text of ${pageId}`).toBe('forbidden');
  }
  const batch = await call('batches.get', { batchId }, clerk);
  expect(leaked(batch), `${when}: batches.get`).toEqual([]);
  for (const page of batch.pages) expect(page.recognition.barcodes, `${when}: barcodes`).toEqual([]);
  for (const document of batch.documents) {
    if (!document.pageIds.some((id) => pageIds.includes(id))) continue;
    expect(document.sensitive, `${when}: document ${document.sequence} flagged`).toBe(true);
    const indexing = await call('documents.indexing', { documentId: document.id }, clerk);
    expect(leaked(indexing), `${when}: documents.indexing of ${document.sequence}`).toEqual([]);
    expect(indexing.suggestions).toEqual({ patients: [], docTypes: [], datesOfService: [] });
    expect(await codeOf('documents.acceptSuggestions', { documentId: document.id }, clerk), `${when}: accept`).toBe('forbidden');
  }
}

const apply = (operation: LayoutOperation) => call('layout.apply', { batchId, operation }, clerk);
const documents = async () => (await call('batches.get', { batchId }, admin)).documents;

beforeAll(async () => {
  test = await openTestStation({ recognition: true, ocrWorkers: 1, delivery: false });
  await importPatientsCsv(test.station.context.patients, [mpiCsv([patient!])]);
  const pages = await Promise.all([
    renderPage({ seed: 181, dpi: 150, title: 'Psychiatry Assessment', patient: patient!, label: true }),
    renderPage({ seed: 182, dpi: 150, title: 'Psychiatry Assessment', patient: patient! }),
    renderPage({ seed: 183, dpi: 150, title: 'Psychiatry Assessment', patient: patient!, label: true }),
  ]);
  const file = join(test.root, 'assessment.tif');
  await writeFile(
    file,
    await writeTiff(
      pages.map((p) => p.png),
      { compression: 'g4', dpi: 150 },
    ),
  );
  await test.station.ingestFile(file, { removeSource: false });
  await test.station.whenRecognised();
  batchId = test.station.context.batches.list(10)[0]!.id;
  admin = await createFirstAdmin(test.station, PASSWORD);
  clerk = await signedInAccount(test.station, admin, { username: 'clerk1', displayName: 'Carl Clerk', role: 'clerk' }, PASSWORD);
  await call('docTypes.save', { type: { code: 'LOCAL-MH', system: 'urn:local', display: 'Mental health note', sensitive: true, requiresDateOfService: false, keywords: [] } }, admin);

  const [document] = await documents();
  pageIds = document!.pageIds;
  expect(pageIds).toHaveLength(3);
  // What the clerk may see of the document before it is filed as sensitive: the patient is on it.
  expect(leaked(await call('documents.indexing', { documentId: document!.id }, clerk))).not.toEqual([]);
  await call('documents.setIndex', { documentId: document!.id, docTypeCode: 'LOCAL-MH' }, admin);
  // The administrator states a reason: their view is the page as scanned, the reference for "blurred".
  await call('documents.revealSensitive', { documentId: document!.id, reason: 'Checking the test pages' }, admin);
  for (const pageId of pageIds) sharpness.set(pageId, await edgeEnergy(await imageOf(pageId, 'view', admin)));
}, 300_000);

afterAll(async () => test?.close());

describe('a page of a sensitive document, through every page operation', () => {
  it('stays protected on every route before and after split, merge, move, delete and undo, and after a type changed by hand', async () => {
    await expectProtected('as filed');

    await apply({ op: 'split', pageId: pageIds[1]! });
    expect((await documents()).map((d) => d.pageIds.length)).toEqual([1, 2]);
    await expectProtected('after split');

    await apply({ op: 'merge-with-next', documentId: (await documents())[0]!.id });
    expect((await documents()).map((d) => d.pageIds.length)).toEqual([3]);
    await expectProtected('after merge');

    await apply({ op: 'split', pageId: pageIds[1]! });
    const [first] = await documents();
    await apply({ op: 'move-page', pageId: pageIds[2]!, documentId: first!.id, position: 1 });
    expect((await documents()).map((d) => d.pageIds)).toEqual([[pageIds[2], pageIds[0]], [pageIds[1]]]);
    await expectProtected('after move');

    await apply({ op: 'delete-page', pageId: pageIds[1]! });
    expect((await documents()).flatMap((d) => d.pageIds)).not.toContain(pageIds[1]);
    await expectProtected('after delete');

    await call('layout.undo', { batchId }, clerk);
    expect((await documents()).flatMap((d) => d.pageIds)).toContain(pageIds[1]);
    await expectProtected('after undo');

    for (const document of await documents()) await call('documents.setIndex', { documentId: document.id, docTypeCode: '59284-0' }, clerk);
    await expectProtected('after the type was changed to one that is not sensitive');
  }, 120_000);

  it('opens to a session that states a reason, for the pages of that document only, and audits it', async () => {
    const [withTwo, withOne] = await documents();
    await call('documents.revealSensitive', { documentId: withTwo!.id, reason: 'Clerk checking the split' }, clerk);
    for (const pageId of withTwo!.pageIds) {
      expect(await edgeEnergy(await imageOf(pageId, 'view', clerk))).toBeGreaterThan(sharpness.get(pageId)! / 2);
      expect(await codeOf('pages.ocr', { pageId }, clerk)).toBe('ok');
    }
    expect(leaked(await call('documents.indexing', { documentId: withTwo!.id }, clerk))).not.toEqual([]);
    expect(await codeOf('pages.ocr', { pageId: withOne!.pageIds[0]! }, clerk)).toBe('forbidden');
    const reasons = test.station.context.audit.export('2000-01-01', '2100-12-31').filter((e) => e.action === 'sensitive-revealed' && e.user?.name === 'clerk1');
    expect(reasons.map((e) => e.subject?.id)).toEqual([withTwo!.id]);
  }, 60_000);
});
