import { describe, expect, it, vi } from 'vitest';
import type { SessionChange } from '../../../shared/api/host-protocol.js';
import type { ApiResult } from '../../../shared/api/result.js';
import { checkCall, relayCall } from '../../../electron/main/call-gate.js';
import { SessionTokens } from '../../../electron/main/session-tokens.js';

const fakeEngine = (reply: { result: ApiResult<unknown>; session?: SessionChange }) => ({
  call: vi.fn(async (_method: string, _input: unknown, _token: string | null) => reply),
});

const trusted = { trusted: true, ownerId: 7 };

describe('checkCall', () => {
  it('refuses unknown and non-string method names', () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null, undefined]) {
      expect(checkCall(name, {})).toMatchObject({ kind: 'refuse', result: { ok: false, error: { code: 'unknown-method' } } });
    }
  });

  it('refuses invalid input with field messages', () => {
    const check = checkCall('batches.list', { limit: 0 });
    expect(check.kind).toBe('refuse');
    if (check.kind !== 'refuse' || check.result.ok) throw new Error('expected a refusal');
    expect(check.result.error.code).toBe('invalid-input');
    expect(Object.keys(check.result.error.fields ?? {})).toEqual(['limit']);
  });

  it('refuses unexpected keys (strict objects) and non-object input', () => {
    expect(checkCall('session.status', { extra: true })).toMatchObject({ kind: 'refuse', result: { error: { code: 'invalid-input' } } });
    expect(checkCall('session.status', 'x')).toMatchObject({ kind: 'refuse', result: { error: { code: 'invalid-input' } } });
  });

  it('forwards valid input unchanged (defaults are the engine’s job)', () => {
    expect(checkCall('batches.list', {})).toEqual({ kind: 'forward', method: 'batches.list', input: {} });
  });
});

describe('relayCall', () => {
  it('never reaches the engine with invalid input', async () => {
    const engine = fakeEngine({ result: { ok: true, value: {} } });
    const result = await relayCall({ engine, tokens: new SessionTokens() }, trusted, 'session.signIn', { username: 'a' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: { password: expect.any(String) } } });
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('never reaches the engine from an untrusted sender', async () => {
    const engine = fakeEngine({ result: { ok: true, value: {} } });
    const result = await relayCall({ engine, tokens: new SessionTokens() }, { trusted: false, ownerId: 7 }, 'session.status', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('keeps the session token in main: stored on sign-in, sent on later calls, never returned', async () => {
    const tokens = new SessionTokens(() => Date.parse('2030-01-01T00:00:00Z'));
    const signIn = fakeEngine({
      result: { ok: true, value: { id: 'u1', username: 'clerk' } },
      session: { kind: 'signed-in', token: 'secret-token', expiresAt: '2030-01-01T08:00:00Z' },
    });
    const result = await relayCall({ engine: signIn, tokens }, trusted, 'session.signIn', { username: 'clerk', password: 'pw' });
    expect(result).toEqual({ ok: true, value: { id: 'u1', username: 'clerk' } });
    expect(JSON.stringify(result)).not.toContain('secret-token');
    expect(signIn.call).toHaveBeenCalledWith('session.signIn', { username: 'clerk', password: 'pw' }, null);

    const next = fakeEngine({ result: { ok: true, value: { batches: [] } } });
    await relayCall({ engine: next, tokens }, trusted, 'batches.list', { limit: 10 });
    expect(next.call).toHaveBeenCalledWith('batches.list', { limit: 10 }, 'secret-token');

    // Another window (webContents) does not inherit the session.
    await relayCall({ engine: next, tokens }, { trusted: true, ownerId: 8 }, 'batches.list', {});
    expect(next.call).toHaveBeenLastCalledWith('batches.list', {}, null);

    const signOut = fakeEngine({ result: { ok: true, value: {} }, session: { kind: 'signed-out' } });
    await relayCall({ engine: signOut, tokens }, trusted, 'session.signOut', {});
    expect(signOut.call).toHaveBeenCalledWith('session.signOut', {}, 'secret-token');
    expect(tokens.get(7)).toBeNull();
  });
});

describe('SessionTokens', () => {
  it('drops an expired token and forgets closed windows', () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const tokens = new SessionTokens(() => now);
    tokens.apply(1, { kind: 'signed-in', token: 't1', expiresAt: '2030-01-01T01:00:00Z' });
    tokens.apply(2, { kind: 'signed-in', token: 't2', expiresAt: '2030-01-01T01:00:00Z' });
    expect(tokens.get(1)).toBe('t1');
    tokens.forget(2);
    expect(tokens.get(2)).toBeNull();
    now = Date.parse('2030-01-01T01:00:00Z');
    expect(tokens.get(1)).toBeNull();
  });

  it('ignores replies without a session change', () => {
    const tokens = new SessionTokens();
    tokens.apply(1, { kind: 'signed-in', token: 't', expiresAt: 'not a date' });
    tokens.apply(1, undefined);
    expect(tokens.get(1)).toBe('t');
  });
});
