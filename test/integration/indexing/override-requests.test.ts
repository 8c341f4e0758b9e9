import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Accounts, attempt, fastPathDone, letterTiff, must, signInAccounts } from '../../support/station-flow.js';
import { type TestStation, nextEvent, openTestStation } from '../../support/test-station.js';

/**
 * A clerk cannot override a blocking finding; they ask a reviewer, with a note. The request
 * waits in the reviewer's queue; the answer, granted or declined with a reason, goes back to the
 * clerk who asked (counted until they have seen it). Scans at 100 dpi: below 150 dpi the
 * resolution check blocks.
 */
let test: TestStation;
let users: Accounts;

async function scan(name: string, pages: number, seed: number): Promise<{ batchId: string; documentIds: string[] }> {
  const recorded = nextEvent(test.station, (e) => e.type === 'intake.recorded');
  await writeFile(join(test.dropDir, `${name}.part`), await letterTiff(seed, pages));
  await rename(join(test.dropDir, `${name}.part`), join(test.dropDir, name));
  await recorded;
  await test.station.whenIdle();
  const batchId = test.station.context.batches.list(1)[0]!.id;
  await fastPathDone(test.station, batchId);
  return { batchId, documentIds: test.station.context.recognition.documentsOf(batchId).map((d) => d.id) };
}

const call = <M extends Parameters<typeof must>[1]>(method: M, input: Parameters<typeof must<M>>[2], token: string) => must(test.station, method, input, token);
const actions = () => test.station.context.audit.export('2000-01-01', '2100-01-01').map((e) => e.action);

beforeAll(async () => {
  // The page operations need the fast path only: no OCR workers, so they do not compete with it for the cores.
  test = await openTestStation({ watch: true, recognition: true, ocrWorkers: 0, fastWorkers: 1 });
  users = await signInAccounts(test.station);
}, 120_000);
afterAll(async () => test?.close());

describe('asking a reviewer to override a blocking finding', () => {
  it('goes to the reviewer with the note; the decline and then the grant come back to the clerk with their reasons', async () => {
    const { documentIds } = await scan('faint-scan.tif', 1, 21);
    const documentId = documentIds[0]!;
    const finding = (await call('documents.indexing', { documentId }, users.clerk)).qc.find((f) => f.code === 'poor-image-resolution');
    expect(finding).toMatchObject({ severity: 'blocking', override: null });

    // Patient and type are chosen, never overridden; a check that does not block needs no request.
    expect(await attempt(test.station, 'overrideRequests.request', { documentId, code: 'missing-patient', note: 'cannot find them' }, users.clerk)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await attempt(test.station, 'overrideRequests.request', { documentId, code: 'poor-image-blur', note: 'looks fine to me' }, users.clerk)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    const request = await call('overrideRequests.request', { documentId, code: 'poor-image-resolution', note: 'Only copy we hold; the ward faxed it.' }, users.clerk);
    expect(request).toMatchObject({ state: 'pending', requestedBy: 'Carl Clerk', documentNumber: 1, findingMessage: finding!.message });
    expect(await attempt(test.station, 'overrideRequests.request', { documentId, code: 'poor-image-resolution', note: 'asking twice' }, users.clerk)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/already been asked/) },
    });

    const queue = await call('overrideRequests.queue', {}, users.reviewer);
    expect(queue.requests).toEqual([expect.objectContaining({ id: request.id, documentId, note: 'Only copy we hold; the ward faxed it.', batchLabel: expect.stringMatching(/^B-\d{6}$/) })]);

    const declined = await call('overrideRequests.decide', { requestId: request.id, decision: 'decline', reason: 'Ask the ward for the original and rescan it.' }, users.reviewer);
    expect(declined).toMatchObject({ state: 'declined', decidedBy: 'Rita Reviewer', decisionReason: 'Ask the ward for the original and rescan it.', seen: false });
    expect((await call('overrideRequests.queue', {}, users.reviewer)).requests).toEqual([]);
    expect((await call('documents.indexing', { documentId }, users.clerk)).canConfirm).toBe(false);
    expect(await attempt(test.station, 'overrideRequests.decide', { requestId: request.id, decision: 'grant', reason: 'changed my mind' }, users.reviewer)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/already declined/) },
    });

    // The answer reaches the clerk who asked: counted until seen, and on the document.
    const mine = await call('overrideRequests.mine', {}, users.clerk);
    expect(mine.unseen).toBe(1);
    expect(mine.requests[0]).toMatchObject({ id: request.id, state: 'declined' });
    expect((await call('overrideRequests.forDocument', { documentId }, users.clerk)).requests.map((r) => r.state)).toEqual(['declined']);
    expect(await call('overrideRequests.markSeen', { requestIds: [request.id] }, users.clerk)).toEqual({ unseen: 0 });
    // Answers go to the one who asked, nobody else.
    expect((await call('overrideRequests.mine', {}, users.admin)).requests).toEqual([]);

    const again = await call('overrideRequests.request', { documentId, code: 'poor-image-resolution', note: 'The ward has no better copy: confirmed by phone.' }, users.clerk);
    const granted = await call('overrideRequests.decide', { requestId: again.id, decision: 'grant', reason: 'Only copy in existence; legible at 100%.' }, users.reviewer);
    expect(granted).toMatchObject({ state: 'granted', decidedBy: 'Rita Reviewer' });
    const after = await call('documents.indexing', { documentId }, users.clerk);
    expect(after.qc.find((f) => f.code === 'poor-image-resolution')!.override).toMatchObject({ by: 'Rita Reviewer', reason: 'Only copy in existence; legible at 100%.' });
    expect((await call('overrideRequests.mine', {}, users.clerk)).unseen).toBe(1);
    expect(actions()).toEqual(expect.arrayContaining(['override-requested', 'override-request-answered', 'qc-overridden']));
    const answered = test.station.context.audit.export('2000-01-01', '2100-01-01').filter((e) => e.action === 'override-request-answered');
    expect(answered.map((e) => [e.user?.name, e.details['decision']])).toEqual([
      ['rita', 'declined'],
      ['rita', 'granted'],
    ]);
  });

  it('is granted by an override given on the document itself, and drops out of the queue once no longer needed', async () => {
    const { batchId, documentIds } = await scan('two-pages.tif', 2, 22);
    const pageIds = test.station.context.recognition.documentsOf(batchId)[0]!.pageIds;
    expect(documentIds).toHaveLength(1);
    await call('layout.apply', { batchId, operation: { op: 'split', pageId: pageIds[1]! } }, users.clerk);
    const [first, second] = test.station.context.recognition.documentsOf(batchId).map((d) => d.id) as [string, string];

    // The second document merges into the first: its request is no longer needed.
    const orphan = await call('overrideRequests.request', { documentId: second, code: 'poor-image-resolution', note: 'Same faint fax as the first page.' }, users.clerk);
    await call('layout.apply', { batchId, operation: { op: 'merge-with-next', documentId: first } }, users.clerk);
    expect((await call('overrideRequests.queue', {}, users.reviewer)).requests.map((r) => r.id)).not.toContain(orphan.id);
    expect(await attempt(test.station, 'overrideRequests.decide', { requestId: orphan.id, decision: 'grant', reason: 'looks fine' }, users.reviewer)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/no longer needed/) },
    });

    const request = await call('overrideRequests.request', { documentId: first, code: 'poor-image-resolution', note: 'Faint fax, only copy.' }, users.clerk);
    await call('qc.override', { documentId: first, code: 'poor-image-resolution', reason: 'Legible; only copy held.' }, users.reviewer);
    const [answer] = (await call('overrideRequests.forDocument', { documentId: first }, users.clerk)).requests;
    expect(answer).toMatchObject({ id: request.id, state: 'granted', decidedBy: 'Rita Reviewer', decisionReason: 'Legible; only copy held.' });
  });
});
