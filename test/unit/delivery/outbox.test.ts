import { beforeEach, describe, expect, it } from 'vitest';
import { OutboxRepository } from '../../../electron/engine/db/repositories/outbox.js';
import { retryDelay } from '../../../electron/engine/delivery/outbox-sender.js';
import { memoryDatabase } from '../../support/memory-database.js';

let outbox: OutboxRepository;
const t0 = '2026-11-23T10:00:00.000Z';
beforeEach(() => {
  const db = memoryDatabase();
  outbox = new OutboxRepository(db);
});

describe('the outbox', () => {
  it('queues a document once per target, however often it is confirmed', () => {
    outbox.enqueue('doc-1', 'folder', '100', t0);
    outbox.enqueue('doc-1', 'folder', '100', t0);
    outbox.enqueue('doc-1', 'fhir', '100', t0);
    expect(outbox.forDocument('doc-1').map((i) => i.targetId)).toEqual(['folder', 'fhir']);
  });

  it("sends a patient's documents in the order they were confirmed, other patients meanwhile", () => {
    outbox.enqueue('a1', 'folder', 'A', t0);
    outbox.enqueue('b1', 'folder', 'B', t0);
    outbox.enqueue('a2', 'folder', 'A', t0);
    expect(outbox.due(t0, 10, new Set()).map((i) => i.documentId)).toEqual(['a1', 'b1']);
    const a1 = outbox.forDocument('a1')[0]!;
    outbox.markDelivering(a1.id, t0);
    expect(outbox.due(t0, 10, new Set()).map((i) => i.documentId)).toEqual(['b1']);
    outbox.markDelivered(a1.id, 'a1.pdf', t0);
    expect(outbox.due(t0, 10, new Set()).map((i) => i.documentId)).toEqual(['b1', 'a2']);
  });

  it('waits until a retry is due', () => {
    outbox.enqueue('a1', 'folder', 'A', t0);
    const item = outbox.forDocument('a1')[0]!;
    outbox.markDelivering(item.id, t0);
    outbox.markRetry(item.id, 'The import folder is not reachable.', '2026-11-23T10:05:00.000Z', t0);
    expect(outbox.due('2026-11-23T10:04:59.000Z', 10, new Set())).toEqual([]);
    expect(outbox.due('2026-11-23T10:05:00.000Z', 10, new Set())).toHaveLength(1);
    expect(outbox.get(item.id)).toMatchObject({ attempts: 1, lastError: 'The import folder is not reachable.' });
  });

  it('puts deliveries that were on their way at a crash back in line', () => {
    outbox.enqueue('a1', 'folder', 'A', t0);
    const item = outbox.forDocument('a1')[0]!;
    outbox.markDelivering(item.id, t0);
    expect(outbox.resetInterrupted(t0)).toBe(1);
    expect(outbox.get(item.id)!.state).toBe('pending');
  });

  it('lets an admin hold a delivery and release it, and a held document wait for re-confirmation', () => {
    outbox.enqueue('a1', 'folder', 'A', t0);
    const item = outbox.forDocument('a1')[0]!;
    expect(outbox.hold(item.id, t0)).toBe(true);
    expect(outbox.due(t0, 10, new Set())).toEqual([]);
    outbox.enqueue('a1', 'folder', 'A', t0);
    expect(outbox.get(item.id)!.state).toBe('pending');
    outbox.markDelivering(item.id, t0);
    outbox.markDelivered(item.id, 'ok', t0);
    expect(outbox.hold(item.id, t0)).toBe(false);
  });

  it('keeps the PDF of a first attempt pinned, and lets it go when a reopened document is confirmed again', () => {
    outbox.enqueue('a1', 'fhir', 'A', t0);
    const item = outbox.forDocument('a1')[0]!;
    outbox.setPdf(item.id, '/out/a1.pdf', 'f'.repeat(64), t0);
    outbox.markDelivering(item.id, t0);
    outbox.resetInterrupted(t0);
    expect(outbox.get(item.id)!.pdfSha256).toBe('f'.repeat(64));
    outbox.holdDocument('a1', t0);
    outbox.enqueue('a1', 'fhir', 'A', t0);
    expect(outbox.get(item.id)).toMatchObject({ state: 'pending', pdfSha256: null, pdfPath: null });
  });
});

describe('retry delays', () => {
  const backoff = { baseMs: 2000, maxMs: 300_000 };
  it('double with each attempt, between half and all of the ceiling, capped', () => {
    expect(retryDelay(1, backoff, () => 0)).toBe(1000);
    expect(retryDelay(1, backoff, () => 1)).toBe(2000);
    expect(retryDelay(4, backoff, () => 1)).toBe(16_000);
    expect(retryDelay(30, backoff, () => 1)).toBe(300_000);
    expect(retryDelay(30, backoff, () => 0)).toBe(150_000);
  });
  it("honour the server's Retry-After", () => {
    expect(retryDelay(1, backoff, () => 0, 60_000)).toBe(60_000);
  });
});
