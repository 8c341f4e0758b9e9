import { readdir, readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeliveredStation, openDeliveredStation } from '../../support/delivered-documents.js';

/**
 * Correcting a delivered document's pages, at an import folder: pages filed under the wrong
 * patient split off into a new document the clerk files like any other, a page removed (and put
 * back), and a correction cancelled before it was sent, which puts the original back as it was.
 */
let s: DeliveredStation;
let folder: string;

beforeAll(async () => {
  s = await openDeliveredStation({
    pagesPerDocument: [4, 2],
    filedUnder: [0, 1],
    targets: async (root) => {
      folder = join(root, 'import');
      await mkdir(folder);
      return [{ kind: 'folder', id: 'him', path: folder, index: { format: 'json' }, timeoutMs: 10_000 }];
    },
  });
}, 300_000);
afterAll(async () => s?.test.close());

describe('correcting the pages of a delivered document', () => {
  it('splits off pages of another patient, removes a page, and sends the rest as the replacement', async () => {
    const [a, b] = s.patients;
    const {
      documentId: original,
      batchId,
      pageIds: [p1, p2, p3, p4],
    } = s.documents[0]!;
    const started = await s.call('corrections.start', { documentId: original, reason: 'Page 2 belongs to another patient; page 3 is a duplicate.' }, s.tokens.reviewer);
    const id = started.correctionId;
    const split = await s.call('corrections.pages', { correctionId: id, op: 'split-off', pageIds: [p2!] }, s.tokens.reviewer);
    expect(split.replacement!.pageIds).toEqual([p1, p3, p4]);
    expect(split.splitOff.map((x) => x.pageIds)).toEqual([[p2]]);
    await s.call('corrections.pages', { correctionId: id, op: 'remove', pageIds: [p4!] }, s.tokens.reviewer);
    const restored = await s.call('corrections.pages', { correctionId: id, op: 'restore', pageIds: [p4!] }, s.tokens.reviewer);
    expect(restored.replacement!.pageIds).toEqual([p1, p3, p4]);
    const removed = await s.call('corrections.pages', { correctionId: id, op: 'remove', pageIds: [p3!] }, s.tokens.reviewer);
    expect([removed.replacement!.pageIds, removed.removedPageIds]).toEqual([[p1, p4], [p3]]);
    // The last page cannot go: that is "entered in error".
    await s.call('corrections.pages', { correctionId: id, op: 'remove', pageIds: [p4!] }, s.tokens.reviewer);
    const last = await s.attempt('corrections.pages', { correctionId: id, op: 'remove', pageIds: [p1!] }, s.tokens.reviewer);
    expect(last.ok ? 'ok' : last.error.message).toMatch(/last page/);
    await s.call('corrections.pages', { correctionId: id, op: 'restore', pageIds: [p4!] }, s.tokens.reviewer);

    const sent = await s.call('corrections.confirm', { correctionId: id }, s.tokens.reviewer);
    const replacement = sent.replacement!.documentId;
    await s.test.station.whenDelivered([replacement]);
    const index = JSON.parse(await readFile(join(folder, `${replacement}.json`), 'utf8'));
    expect(index).toMatchObject({ patient: { mrn: a!.mrn }, replaces: { documentId: original } });
    expect(index.provenance.sourceFiles[0].pages).toEqual([1, 4]);
    expect(JSON.parse(await readFile(join(folder, `${original}-retraction.json`), 'utf8'))).toMatchObject({ replacedBy: replacement });

    // The split-off page is an open document of the batch: the clerk files it and it goes out as a new document.
    const splitId = sent.splitOff[0]!.documentId;
    const batch = await s.call('batches.get', { batchId }, s.tokens.clerk);
    expect(batch.documents.map((d) => [d.id, d.status, d.pageIds])).toEqual([
      [replacement, 'confirmed', [p1, p4]],
      [splitId, 'open', [p2]],
    ]);
    await s.fileAndConfirm(splitId, b!.mrn);
    await s.test.station.whenDelivered([splitId]);
    expect(JSON.parse(await readFile(join(folder, `${splitId}.json`), 'utf8'))).toMatchObject({ patient: { mrn: b!.mrn }, provenance: { sourceFiles: [{ pages: [2] }] } });
    expect(JSON.parse(await readFile(join(folder, `${splitId}.json`), 'utf8')).replaces).toBeUndefined();
  }, 120_000);

  it('cancels a correction not yet sent: the original is back in its batch, pages and all, and nothing was sent', async () => {
    const { documentId: original, batchId, pageIds } = s.documents[1]!;
    const files = (await readdir(folder)).sort();
    const started = await s.call('corrections.start', { documentId: original, reason: 'Looks like the wrong type.' }, s.tokens.reviewer);
    await s.call('corrections.pages', { correctionId: started.correctionId, op: 'split-off', pageIds: [pageIds[1]!] }, s.tokens.reviewer);
    await s.call('corrections.setIndex', { correctionId: started.correctionId, docTypeCode: '11488-4' }, s.tokens.reviewer);
    const cancelled = await s.call('corrections.cancel', { correctionId: started.correctionId }, s.tokens.reviewer);
    expect(cancelled.state).toBe('cancelled');
    const batch = await s.call('batches.get', { batchId }, s.tokens.clerk);
    expect(batch.documents.map((d) => [d.id, d.status, d.pageIds])).toEqual([[original, 'confirmed', pageIds]]);
    const [listed] = (await s.call('documents.find', { batch: batch.label }, s.tokens.reviewer)).documents;
    expect([listed!.documentId, listed!.status, listed!.docType?.code]).toEqual([original, 'delivered', '11506-3']);
    expect((await readdir(folder)).sort()).toEqual(files);
    // It can be corrected again afterwards; a change that changes nothing is refused.
    const again = await s.call('corrections.start', { documentId: original, reason: 'Second look.' }, s.tokens.reviewer);
    const nothing = await s.attempt('corrections.confirm', { correctionId: again.correctionId }, s.tokens.reviewer);
    expect(nothing.ok ? 'ok' : nothing.error.message).toMatch(/Nothing was changed/);
  }, 120_000);
});
