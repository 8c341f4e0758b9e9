import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reuseUnchanged } from '../../../renderer/lib/batch-detail.js';
import { oneAtATime } from '../../../renderer/lib/schedule.js';
import type { BatchDetail } from '../../../shared/domain/batch.js';

/**
 * The open batch's refresh, with fetches that answer when the test says so. `event(ms)`: an
 * event of the batch, then `ms` of time; `answer(n, ms)`: the n-th fetch answers, then `ms`.
 * Each fetch records how many events had come when it started.
 */
function openBatch(gapMs: number) {
  const started: { asked: number; finish: () => void }[] = [];
  let asked = 0;
  const refresh = oneAtATime(
    () => new Promise<void>((resolve) => started.push({ asked, finish: resolve })),
    () => gapMs,
  );
  const event = async (ms: number) => {
    asked += 1;
    refresh();
    await vi.advanceTimersByTimeAsync(ms);
  };
  const answer = async (n: number, ms: number) => {
    started[n]!.finish();
    await vi.advanceTimersByTimeAsync(ms);
  };
  return { started, event, answer };
}

describe('oneAtATime: refetching the open batch while recognition sends events', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps one fetch in flight however many events arrive, and fetches once more after the last', async () => {
    const batch = openBatch(1000);
    await batch.event(0);
    expect(batch.started).toHaveLength(1);
    // 50 events while the first fetch is out (a fetch of a 500-page batch takes a while).
    for (let i = 0; i < 50; i++) await batch.event(100);
    expect(batch.started).toHaveLength(1);
    // The trailing fetch starts at once: the gap since the first one's start has long passed.
    await batch.answer(0, 0);
    expect(batch.started.map((f) => f.asked)).toEqual([1, 51]);
    // Nothing asked since: nothing more is fetched.
    await batch.answer(1, 5000);
    expect(batch.started).toHaveLength(2);
  });

  it('spaces fetches by the gap, and an event that comes during the wait is reflected by the fetch after it', async () => {
    const batch = openBatch(1000);
    await batch.event(0);
    await batch.answer(0, 200);
    await batch.event(700);
    expect(batch.started).toHaveLength(1);
    await batch.event(100);
    // The second fetch began 1000 ms after the first, after both events of the wait.
    expect(batch.started.map((f) => f.asked)).toEqual([1, 3]);
    await batch.answer(1, 5000);
    expect(batch.started).toHaveLength(2);
  });

  it('goes on after a fetch that failed', async () => {
    let calls = 0;
    const events = oneAtATime(
      () => (++calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve()),
      () => 500,
    );
    events();
    await vi.advanceTimersByTimeAsync(0);
    events();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toBe(2);
  });
});

const page = (n: number, ocrStatus = 'pending') => ({ id: `p${n}`, sequence: n, recognition: { ocrStatus } });
const detail = (pages: ReturnType<typeof page>[], label = 'B-000001') =>
  ({ id: 'b1', label, pages, documents: [{ id: 'd1', sequence: 1, pageIds: pages.map((p) => p.id) }] }) as unknown as BatchDetail;

describe('reuseUnchanged: a refetched batch keeps the objects of the one on screen', () => {
  it('is the same detail when nothing changed, so nothing on screen redraws', () => {
    const before = detail([page(1), page(2), page(3)]);
    expect(reuseUnchanged(before, detail([page(1), page(2), page(3)]))).toBe(before);
  });

  it('keeps the pages that did not change and takes the ones that did', () => {
    const before = detail([page(1), page(2), page(3)]);
    const after = reuseUnchanged(before, detail([page(1), page(2, 'done'), page(3)]));
    expect(after).not.toBe(before);
    expect(after.pages[0]).toBe(before.pages[0]);
    expect(after.pages[2]).toBe(before.pages[2]);
    expect(after.pages[1]).toEqual(page(2, 'done'));
    expect(after.documents).toBe(before.documents);
  });

  it('takes what changed outside the pages, and new and removed pages, and another batch whole', () => {
    const before = detail([page(1), page(2)]);
    expect(reuseUnchanged(before, detail([page(1), page(2)], 'B-000002')).label).toBe('B-000002');
    const grown = reuseUnchanged(before, detail([page(1), page(2), page(3)]));
    expect(grown.pages.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    expect(grown.documents[0]!.pageIds).toEqual(['p1', 'p2', 'p3']);
    expect(reuseUnchanged(before, detail([page(2)])).pages.map((p) => p.id)).toEqual(['p2']);
    const other = { ...detail([page(1), page(2)]), id: 'b2' };
    expect(reuseUnchanged(before, other)).toBe(other);
  });
});
