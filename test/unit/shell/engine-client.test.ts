import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShellToEngine } from '../../../shared/api/host-protocol.js';
import { EngineClient, EngineUnavailableError, restartDelay } from '../../../electron/main/engine-client.js';

const setup = (options: { callTimeoutMs?: number; pageImageTimeoutMs?: number } = {}) => {
  const client = new EngineClient(options);
  const sent: ShellToEngine[] = [];
  client.attach((message) => sent.push(message));
  return { client, sent };
};

describe('EngineClient', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds requests until the engine is ready, then correlates replies by id', async () => {
    const { client, sent } = setup();
    const first = client.call('session.status', {}, null);
    const second = client.call('batches.list', { limit: 5 }, 'tok');
    expect(sent).toEqual([]);

    client.handleMessage({ kind: 'ready' });
    expect(sent.map((m) => m.kind)).toEqual(['call', 'call']);
    const [a, b] = sent as Array<Extract<ShellToEngine, { kind: 'call' }>>;
    expect(b).toMatchObject({ method: 'batches.list', input: { limit: 5 }, sessionToken: 'tok' });

    // Replies out of order still land on the right caller.
    client.handleMessage({ kind: 'reply', id: b!.id, result: { ok: true, value: 'B' } });
    client.handleMessage({
      kind: 'reply',
      id: a!.id,
      result: { ok: true, value: 'A' },
      session: { kind: 'signed-out' },
    });
    await expect(first).resolves.toEqual({ result: { ok: true, value: 'A' }, session: { kind: 'signed-out' } });
    await expect(second).resolves.toEqual({ result: { ok: true, value: 'B' } });
    expect(client.pendingCount).toBe(0);
  });

  it('times a call out as unavailable and ignores the late reply', async () => {
    const { client, sent } = setup({ callTimeoutMs: 1000 });
    client.handleMessage({ kind: 'ready' });
    const call = client.call('station.status', {}, 't');
    vi.advanceTimersByTime(999);
    expect(client.pendingCount).toBe(1);
    vi.advanceTimersByTime(1);
    const outcome = await call;
    expect(outcome.result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(client.pendingCount).toBe(0);
    expect(() => client.handleMessage({ kind: 'reply', id: (sent[0] as { id: number }).id, result: { ok: true, value: 1 } })).not.toThrow();
  });

  it('does not send requests that timed out while the engine was starting', async () => {
    const { client, sent } = setup({ callTimeoutMs: 100 });
    const call = client.call('station.status', {}, null);
    vi.advanceTimersByTime(100);
    await expect(call).resolves.toMatchObject({ result: { ok: false, error: { code: 'unavailable' } } });
    client.handleMessage({ kind: 'ready' });
    expect(sent).toEqual([]);
  });

  it('maps an engine crash to unavailable for everything in flight, at once', async () => {
    const { client } = setup({ callTimeoutMs: 60_000 });
    client.handleMessage({ kind: 'ready' });
    const call = client.call('batches.list', {}, 't');
    const image = client.pageImage('p1', 'view', 't');
    client.markDown('The engine stopped unexpectedly.');
    await expect(call).resolves.toEqual({ result: { ok: false, error: { code: 'unavailable', message: 'The engine stopped unexpectedly.' } } });
    await expect(image).rejects.toBeInstanceOf(EngineUnavailableError);
    expect(client.pendingCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('answers unavailable immediately while down, and works again after a restart', async () => {
    const { client, sent } = setup();
    client.markDown('down for a reason');
    await expect(client.call('session.status', {}, null)).resolves.toMatchObject({
      result: { ok: false, error: { code: 'unavailable', message: 'down for a reason' } },
    });
    await expect(client.pageImage('p', 'thumb', null)).rejects.toThrow('down for a reason');

    client.attach((message) => sent.push(message));
    client.handleMessage({ kind: 'ready' });
    const call = client.call('session.status', {}, null);
    const last = sent.at(-1) as { id: number };
    client.handleMessage({ kind: 'reply', id: last.id, result: { ok: true, value: 1 } });
    await expect(call).resolves.toEqual({ result: { ok: true, value: 1 } });
  });

  it('reports a fatal startup message as the unavailable reason', async () => {
    const { client } = setup();
    const call = client.call('session.status', {}, null);
    client.handleMessage({ kind: 'fatal', message: 'database is locked' });
    const outcome = await call;
    expect(outcome.result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!outcome.result.ok && outcome.result.error.message).toContain('database is locked');
    expect(client.status).toBe('down');
  });

  it('resolves page images, null for missing, and times them out', async () => {
    const { client, sent } = setup({ pageImageTimeoutMs: 50 });
    client.handleMessage({ kind: 'ready' });
    const found = client.pageImage('p1', 'thumb', 't');
    const missing = client.pageImage('p2', 'view', 't');
    const slow = client.pageImage('p3', 'view', 't');
    const [a, b] = sent as Array<{ id: number }>;
    client.handleMessage({ kind: 'page-image-reply', id: a!.id, image: { contentType: 'image/webp', bytes: new Uint8Array([1, 2]) } });
    client.handleMessage({ kind: 'page-image-reply', id: b!.id, image: null });
    await expect(found).resolves.toEqual({ contentType: 'image/webp', bytes: new Uint8Array([1, 2]) });
    await expect(missing).resolves.toBeNull();
    vi.advanceTimersByTime(50);
    await expect(slow).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it('fails only the request whose postMessage throws', async () => {
    const client = new EngineClient();
    client.attach(() => {
      throw new TypeError('could not be cloned');
    });
    client.handleMessage({ kind: 'ready' });
    await expect(client.call('session.status', {}, null)).resolves.toMatchObject({ result: { ok: false, error: { code: 'unavailable' } } });
    expect(client.pendingCount).toBe(0);
    expect(client.status).toBe('ready');
  });

  it('fans engine events out to listeners until they unsubscribe', () => {
    const { client } = setup();
    const seen: unknown[] = [];
    const stop = client.onEvent((event) => seen.push(event));
    client.onEvent(() => {
      throw new Error('broken listener');
    });
    client.handleMessage({ kind: 'event', event: { type: 'station.changed' } });
    stop();
    client.handleMessage({ kind: 'event', event: { type: 'batch.created', batchId: 'b1' } });
    expect(seen).toEqual([{ type: 'station.changed' }]);
  });
});

describe('restartDelay', () => {
  const policy = { maxRestarts: 3, windowMs: 60_000, baseDelayMs: 500 };
  it('backs off, then gives up on a crash loop', () => {
    expect(restartDelay([1000], 1000, policy)).toBe(500);
    expect(restartDelay([1000, 2000], 2000, policy)).toBe(1000);
    expect(restartDelay([1000, 2000, 3000], 3000, policy)).toBe(2000);
    expect(restartDelay([1000, 2000, 3000, 4000], 4000, policy)).toBeNull();
  });
  it('forgets crashes older than the window', () => {
    expect(restartDelay([0, 1, 2, 100_000], 100_000, policy)).toBe(500);
  });
});
