import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../../shared/api/contract.js';
import type { ApiResult } from '../../../shared/api/result.js';
import type { RunningStation } from '../../../electron/engine/station.js';
import { MINIMAL_INPUT_PASSWORD, minimalInput } from '../../support/minimal-inputs.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/** The idle lock through the engine's API, on a real database, with the station's clock in the test's hands. */
const PASSWORD = MINIMAL_INPUT_PASSWORD;
const CLERK_PASSWORD = 'the clerk’s own password';
const MINUTE = 60_000;

let t: TestStation;
let station: RunningStation;
let clock: number;
let adminToken: string;
let clerkToken: string;

const codeOf = (result: ApiResult<unknown>) => (result.ok ? 'ok' : result.error.code);
const call = async (method: string, input: unknown, token: string | null) => (await station.call(method, input, token)).result;
const advance = (ms: number) => (clock += ms);
const auditActions = () => station.context.audit.export('2000-01-01', '2100-12-31').map((e) => [e.action, e.user?.name ?? null]);

async function signIn(username: string, password = PASSWORD): Promise<string> {
  const outcome = await station.call('session.signIn', { username, password }, null);
  if (outcome.session?.kind !== 'signed-in') throw new Error(`sign-in failed: ${JSON.stringify(outcome.result)}`);
  return outcome.session.token;
}

beforeEach(async () => {
  clock = Date.parse('2026-03-02T09:00:00.000Z');
  t = await openTestStation({ delivery: false, now: () => new Date(clock) });
  station = t.station;
  const created = await station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD }, null);
  if (created.session?.kind !== 'signed-in') throw new Error('no admin session');
  adminToken = created.session.token;
  expect(codeOf(await call('users.create', { username: 'clerk', displayName: 'Cleo Clerk', role: 'clerk', password: CLERK_PASSWORD }, adminToken))).toBe('ok');
  clerkToken = await signIn('clerk', CLERK_PASSWORD);
});

afterEach(async () => {
  await t?.close();
});

describe('the idle lock in the engine', () => {
  it('refuses a locked session every method except status, unlock and sign-out, and says who is locked', async () => {
    expect(codeOf(await call('session.lock', {}, clerkToken))).toBe('ok');
    const inputs = minimalInput('clerk', t.root);
    const refused: string[] = [];
    for (const method of methodNames) {
      // Unlock and sign-out change the session: they are tested on their own below.
      if (method === 'session.unlock' || method === 'session.signOut') continue;
      const code = codeOf(await call(method, inputs[method], clerkToken));
      if (code === 'session-locked') refused.push(method);
      else expect(method, `${method} answered ${code} to a locked session`).toBe('session.status');
    }
    expect(refused.length).toBe(methodNames.length - 3);
    expect(methodNames.filter((m) => 'whileLocked' in contract[m]).sort()).toEqual(['session.signOut', 'session.status', 'session.unlock']);

    const status = await call('session.status', {}, clerkToken);
    expect(status).toMatchObject({ ok: true, value: { locked: true, user: { username: 'clerk', displayName: 'Cleo Clerk' }, idleLockSeconds: 600 } });
    // Another user's session is not touched by this lock.
    expect(codeOf(await call('station.status', {}, adminToken))).toBe('ok');
  });

  it('resumes with the right password, exactly where it was, and audits lock and unlock', async () => {
    await call('session.lock', {}, clerkToken);
    const unlocked = await call('session.unlock', { password: CLERK_PASSWORD }, clerkToken);
    expect(unlocked).toMatchObject({ ok: true, value: { username: 'clerk' } });
    expect(codeOf(await call('batches.list', {}, clerkToken))).toBe('ok');
    expect(await call('session.status', {}, clerkToken)).toMatchObject({ ok: true, value: { locked: false, user: { username: 'clerk' } } });
    expect(auditActions().slice(-2)).toEqual([
      ['session-locked', 'clerk'],
      ['session-unlocked', 'clerk'],
    ]);
    expect(station.context.audit.verify().ok).toBe(true);
  });

  it('refuses a wrong password, and another user’s password, and keeps the session locked', async () => {
    await call('session.lock', {}, clerkToken);
    expect(await call('session.unlock', { password: 'not the password' }, clerkToken)).toMatchObject({ ok: false, error: { code: 'bad-credentials' } });
    // The administrator's password is right for the administrator, not for the clerk's session.
    expect(codeOf(await call('session.unlock', { password: PASSWORD }, clerkToken))).toBe('bad-credentials');
    expect(codeOf(await call('batches.list', {}, clerkToken))).toBe('session-locked');
    expect(auditActions().filter(([action]) => action === 'unlock-failed')).toEqual([
      ['unlock-failed', 'clerk'],
      ['unlock-failed', 'clerk'],
    ]);
  });

  it('counts wrong passwords at the lock screen towards the account lockout, together with failed sign-ins', async () => {
    // Two failed sign-ins elsewhere, then three wrong passwords at the lock screen: five in all.
    for (let i = 0; i < 2; i++) expect(codeOf(await call('session.signIn', { username: 'clerk', password: 'guess' }, null))).toBe('bad-credentials');
    await call('session.lock', {}, clerkToken);
    expect(codeOf(await call('session.unlock', { password: 'guess 1' }, clerkToken))).toBe('bad-credentials');
    expect(codeOf(await call('session.unlock', { password: 'guess 2' }, clerkToken))).toBe('bad-credentials');
    expect(codeOf(await call('session.unlock', { password: 'guess 3' }, clerkToken))).toBe('locked-out');

    // Locked out: even the right password is refused, at the lock screen and at sign-in.
    expect(codeOf(await call('session.unlock', { password: CLERK_PASSWORD }, clerkToken))).toBe('locked-out');
    expect(codeOf(await call('session.signIn', { username: 'clerk', password: CLERK_PASSWORD }, null))).toBe('locked-out');
    const users = await call('users.list', {}, adminToken);
    expect(users.ok && (users.value as { users: { username: string; locked: boolean }[] }).users.find((u) => u.username === 'clerk')?.locked).toBe(true);
    expect(auditActions()).toContainEqual(['account-locked', 'clerk']);

    // The lockout passes; the session, still locked and not expired, resumes with the password.
    advance(5 * MINUTE + 1000);
    expect(codeOf(await call('session.unlock', { password: CLERK_PASSWORD }, clerkToken))).toBe('ok');
    expect(codeOf(await call('station.status', {}, clerkToken))).toBe('ok');
  });

  it('signs out from the lock screen ("sign in as someone else"), ending the session', async () => {
    await call('session.lock', {}, clerkToken);
    expect(codeOf(await call('session.signOut', {}, clerkToken))).toBe('ok');
    expect(codeOf(await call('session.unlock', { password: CLERK_PASSWORD }, clerkToken))).toBe('not-signed-in');
    expect(await call('session.status', {}, clerkToken)).toMatchObject({ ok: true, value: { user: null, locked: false } });
  });

  it('locks a session by itself when nothing at all was heard from it for the idle time and a margin', async () => {
    expect(codeOf(await call('settings.saveIdleLock', { seconds: 120 }, adminToken))).toBe('ok');
    // Activity inside the idle time keeps the session open...
    advance(2 * MINUTE);
    expect(codeOf(await call('station.status', {}, clerkToken))).toBe('ok');
    advance(2 * MINUTE);
    expect(codeOf(await call('station.status', {}, clerkToken))).toBe('ok');
    // ...silence for the idle time plus the margin locks it (a closed or frozen window cannot lock itself).
    advance(4 * MINUTE);
    expect(codeOf(await call('station.status', {}, clerkToken))).toBe('session-locked');
    expect(await call('session.status', {}, clerkToken)).toMatchObject({ ok: true, value: { locked: true, idleLockSeconds: 120 } });
    expect(codeOf(await call('session.unlock', { password: CLERK_PASSWORD }, clerkToken))).toBe('ok');
  });

  it('keeps the idle time as an administrator setting, validated and audited', async () => {
    expect(await call('session.status', {}, null)).toMatchObject({ ok: true, value: { idleLockSeconds: 600, locked: false } });
    expect(await call('settings.saveIdleLock', { seconds: 300 }, adminToken)).toEqual({ ok: true, value: { idleLockSeconds: 300 } });
    expect(await call('session.status', {}, clerkToken)).toMatchObject({ ok: true, value: { idleLockSeconds: 300 } });
    expect(codeOf(await call('settings.saveIdleLock', { seconds: 2 }, adminToken))).toBe('invalid-input');
    expect(codeOf(await call('settings.saveIdleLock', { seconds: 9 * 3600 }, adminToken))).toBe('invalid-input');
    expect(codeOf(await call('settings.saveIdleLock', { seconds: 60 }, clerkToken))).toBe('forbidden');
    expect(
      station.context.audit
        .export('2000-01-01', '2100-12-31')
        .filter((e) => e.action === 'settings-changed')
        .map((e) => e.details),
    ).toEqual([{ setting: 'idle-lock', seconds: 300 }]);
  });
});
