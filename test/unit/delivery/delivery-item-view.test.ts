import { beforeEach, describe, expect, it } from 'vitest';
import { deliveryItemView } from '../../../electron/engine/api/delivery-item-view.js';
import { OutboxRepository, type OutboxState } from '../../../electron/engine/db/repositories/outbox.js';
import { memoryDatabase } from '../../support/memory-database.js';

let outbox: OutboxRepository;
const t0 = '2026-11-23T10:00:00.000Z';
beforeEach(() => {
  const db = memoryDatabase();
  outbox = new OutboxRepository(db);
});

/** One outbox row brought to `state` the way the sender and an administrator bring it there. */
function rowIn(state: OutboxState, documentId: string): string {
  outbox.enqueue(documentId, 'folder', '100', t0);
  const id = outbox.forDocument(documentId)[0]!.id;
  if (state === 'held') outbox.hold(id, t0);
  if (state === 'delivering' || state === 'delivered' || state === 'failed') outbox.markDelivering(id, t0);
  if (state === 'delivered') outbox.markDelivered(id, 'receipt', t0);
  if (state === 'failed') outbox.markFailed(id, 'The import folder is a file, not a folder.', t0);
  expect(outbox.get(id)!.state).toBe(state);
  return id;
}

const states: OutboxState[] = ['pending', 'delivering', 'delivered', 'failed', 'held'];

describe('what the Delivery screen is told it may do with an item', () => {
  it.each(states)('a %s item: mayRetry and mayHold say exactly what delivery.retry and delivery.hold accept', (state) => {
    const retried = rowIn(state, `retry-${state}`);
    const held = rowIn(state, `hold-${state}`);
    const view = deliveryItemView(outbox.get(retried)!, () => 0);
    expect(view.mayRetry).toBe(outbox.release(retried, t0));
    expect(view.mayHold).toBe(outbox.hold(held, t0));
  });

  it('offers retry for failed, held and waiting items and hold for waiting and failed ones, nothing for one on its way or delivered', () => {
    const views = Object.fromEntries(states.map((s) => [s, deliveryItemView(outbox.get(rowIn(s, `doc-${s}`))!, () => 0)]));
    expect(states.filter((s) => views[s]!.mayRetry)).toEqual(['pending', 'failed', 'held']);
    expect(states.filter((s) => views[s]!.mayHold)).toEqual(['pending', 'failed']);
  });

  it('counts the pages a waiting item waits for, and none for an item that is not waiting', () => {
    const counted: string[] = [];
    const pending = deliveryItemView(outbox.get(rowIn('pending', 'waiting'))!, () => (counted.push('waiting'), 3));
    const failed = deliveryItemView(outbox.get(rowIn('failed', 'gave-up'))!, () => (counted.push('gave-up'), 3));
    expect(pending.pagesAwaitingText).toBe(3);
    expect(failed.pagesAwaitingText).toBe(0);
    // Not waiting: the pages are not even counted.
    expect(counted).toEqual(['waiting']);
  });
});
