import { describe, expect, it } from 'vitest';
import { pendingBatchChanges } from '../../../renderer/lib/batch-changes.js';
import { patchPages } from '../../../renderer/lib/batch-detail.js';
import type { BatchDetail } from '../../../shared/domain/batch.js';

const page = (n: number, ocrStatus = 'pending') => ({ id: `p${n}`, sequence: n, recognition: { ocrStatus } });
type TestPage = ReturnType<typeof page>;
const document = (id: string, pages: readonly TestPage[], extra: Record<string, unknown> = {}) => ({ id, sequence: Number(id.slice(1)), pageIds: pages.map((p) => p.id), ...extra });
const detail = (pages: TestPage[], documents = [document('d1', pages)], extra: Record<string, unknown> = {}) =>
  ({ id: 'b1', label: 'B-000001', pageCount: pages.length, pages, documents, ...extra }) as unknown as BatchDetail;
/** What batches.getPages answers: the batch with only `asked` of `pages`. */
const answer = (pages: TestPage[], asked: string[], documents = [document('d1', pages)], extra: Record<string, unknown> = {}) =>
  ({ ...detail(pages, documents, extra), pages: pages.filter((p) => asked.includes(p.id)) }) as unknown as BatchDetail;

const box = (n: number) => Array.from({ length: n }, (_, i) => page(i + 1));

describe('patchPages: the open batch with the pages recognition changed', () => {
  it('puts the changed pages in place and keeps every other page object of a 500-page batch', () => {
    const before = detail(box(500));
    const now = box(500).map((p) => (p.id === 'p7' || p.id === 'p300' ? page(p.sequence, 'done') : p));
    const after = patchPages(before, answer(now, ['p7', 'p300']), ['p7', 'p300'])!;
    expect(after).not.toBeNull();
    expect(after.pages[6]).toEqual(page(7, 'done'));
    expect(after.pages[299]).toEqual(page(300, 'done'));
    const kept = after.pages.filter((p, i) => p === before.pages[i]);
    expect(kept).toHaveLength(498);
    // Nothing else changed: the documents are the ones on screen.
    expect(after.documents).toBe(before.documents);
  });

  it('is the batch on screen when the pages asked for did not change', () => {
    const before = detail(box(20));
    expect(patchPages(before, answer(box(20), ['p3']), ['p3'])).toBe(before);
  });

  it('takes a new split into documents and new counts from the answer', () => {
    const pages = box(6);
    const before = detail(pages, [document('d1', pages)], { documentCount: 1 });
    const split = [document('d1', pages.slice(0, 3)), document('d4', pages.slice(3), { patient: { mrn: 'MRN-1' } })];
    const after = patchPages(before, answer(pages, ['p4'], split, { documentCount: 2 }), ['p4'])!;
    expect(after.documents.map((d) => d.pageIds)).toEqual([
      ['p1', 'p2', 'p3'],
      ['p4', 'p5', 'p6'],
    ]);
    expect(after.documentCount).toBe(2);
    expect(after.pages.every((p, i) => p === before.pages[i])).toBe(true);
  });

  it('gives up (the batch is fetched whole) when the answer does not fit what is on screen', () => {
    const pages = box(5);
    const before = detail(pages);
    // A page asked for is gone.
    expect(patchPages(before, answer(pages, ['p2']), ['p2', 'p9'])).toBeNull();
    // A page moved (the clerk reordered, or a page was deleted before it).
    const moved = { ...answer(pages, ['p2']), pages: [{ ...page(3), id: 'p2' }] } as unknown as BatchDetail;
    expect(patchPages(before, moved, ['p2'])).toBeNull();
    // Pages came (a rescan placed into the batch).
    expect(patchPages(before, { ...answer(pages, ['p2']), pageCount: 6 }, ['p2'])).toBeNull();
    // A document holds a page the screen does not have.
    expect(patchPages(before, answer(pages, ['p2'], [document('d1', [...pages, page(6)])]), ['p2'])).toBeNull();
    // Another batch.
    expect(patchPages(before, { ...answer(pages, ['p2']), id: 'b2' }, ['p2'])).toBeNull();
  });
});

describe('pendingBatchChanges: what the next fetch of an open batch must bring', () => {
  it('gathers the pages events named between two fetches, then starts again', () => {
    const changes = pendingBatchChanges(200);
    changes.page('b1', 'p1');
    changes.page('b1', 'p2');
    changes.page('b1', 'p1');
    changes.page('b2', 'p9');
    expect(changes.isPartial('b1')).toBe(true);
    expect(changes.take('b1')).toEqual({ kind: 'pages', pageIds: ['p1', 'p2'] });
    expect(changes.take('b2')).toEqual({ kind: 'pages', pageIds: ['p9'] });
    changes.page('b1', 'p3');
    expect(changes.take('b1')).toEqual({ kind: 'pages', pageIds: ['p3'] });
  });

  it('asks for the whole batch after any other change, after more pages than one fetch returns, and when nothing was noted', () => {
    const changes = pendingBatchChanges(3);
    changes.page('b1', 'p1');
    changes.whole('b1');
    changes.page('b1', 'p2');
    expect(changes.isPartial('b1')).toBe(false);
    expect(changes.take('b1')).toEqual({ kind: 'whole' });
    for (const id of ['p1', 'p2', 'p3', 'p4']) changes.page('b1', id);
    expect(changes.take('b1')).toEqual({ kind: 'whole' });
    expect(changes.take('b1')).toEqual({ kind: 'whole' });
  });
});
