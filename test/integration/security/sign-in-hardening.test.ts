import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../electron/engine/auth/password-policy.js';
import { type StationServer } from '../../../electron/server/http-server.js';
import { type TestStation, openTestStation, serveTestStation } from '../../support/test-station.js';

/**
 * Issue 18, items 1, 4, 6 and 7, against a real station over HTTP: guesses sent in parallel,
 * two first-run forms at once, what a locked account answers, and the password rules.
 */
let t: TestStation;
let server: StationServer;

const PASSWORD = 'records station 2026';
const CLERK_PASSWORD = 'the clerk has her own';

const api = (method: string, body: unknown, cookie?: string) =>
  fetch(new URL(`/api/${method}`, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-chartdesk-csrf': '1', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
const answer = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as { ok: boolean; error?: { code: string; message: string; fields?: Record<string, string> } },
});
const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;
const audit = () => t.station.context.audit.export('2000-01-01', '2100-12-31');
const failuresOf = (username: string) => audit().filter((e) => e.action === 'sign-in-failed' && e.details['username'] === username).length;
const isLocked = (username: string) => t.station.context.accounts.listUsers().find((u) => u.username === username)!.locked;

beforeEach(async () => {
  t = await openTestStation({ delivery: false });
  server = await serveTestStation(t);
});
afterEach(async () => {
  await server?.close();
  await t?.close();
});

async function withAdminAndClerk(): Promise<{ admin: string; clerk: string }> {
  const created = await api('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD });
  expect(created.status).toBe(200);
  const admin = cookieOf(created);
  expect((await api('users.create', { username: 'clerk', displayName: 'Cleo Clerk', role: 'clerk', password: CLERK_PASSWORD }, admin)).status).toBe(200);
  const signedIn = await api('session.signIn', { username: 'clerk', password: CLERK_PASSWORD });
  expect(signedIn.status).toBe(200);
  return { admin, clerk: cookieOf(signedIn) };
}

describe('the account lockout under parallel guesses (item 1)', () => {
  it('50 wrong sign-ins sent at once lock the account, and the audit shows all 50', async () => {
    await withAdminAndClerk();
    const guesses = await Promise.all(Array.from({ length: 50 }, (_, i) => api('session.signIn', { username: 'clerk', password: `guess number ${i}` }).then(answer)));
    expect(new Set(guesses.map((g) => `${g.status} ${g.body.error?.code}`))).toEqual(new Set(['401 bad-credentials']));
    expect(isLocked('clerk')).toBe(true);
    expect(failuresOf('clerk')).toBe(50);
    expect(audit().filter((e) => e.action === 'account-locked' && e.details['username'] === 'clerk')).toHaveLength(1);
    // The right password no longer opens it.
    const right = await answer(await api('session.signIn', { username: 'clerk', password: CLERK_PASSWORD }));
    expect([right.status, right.body.error?.code]).toEqual([423, 'locked-out']);
  });

  it('12 wrong passwords sent at once to the lock screen lock the account', async () => {
    const { clerk } = await withAdminAndClerk();
    expect((await api('session.lock', {}, clerk)).status).toBe(200);
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => api('session.unlock', { password: `guess number ${i}` }, clerk).then(answer)));
    expect(guesses.every((g) => !g.body.ok)).toBe(true);
    expect(isLocked('clerk')).toBe(true);
    expect(audit().filter((e) => e.action === 'unlock-failed' && e.user?.name === 'clerk')).toHaveLength(12);
    const right = await answer(await api('session.unlock', { password: CLERK_PASSWORD }, clerk));
    expect(right.body.error?.code).toBe('locked-out');
  });
});

describe('first run (item 4)', () => {
  it('two first-run forms sent at once make one administrator; the other is refused and audited', async () => {
    const [a, b] = await Promise.all([
      api('session.createAdmin', { username: 'first', displayName: 'First', password: PASSWORD }),
      api('session.createAdmin', { username: 'second', displayName: 'Second', password: PASSWORD }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(t.station.context.accounts.listUsers()).toHaveLength(1);
    const refusals = audit().filter((e) => e.action === 'setup-refused');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.details['username']).toBe(a.status === 409 ? 'first' : 'second');
  });
});

describe('what a locked account tells a stranger (item 6)', () => {
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  const timed = async (username: string) => {
    const started = performance.now();
    const result = await answer(await api('session.signIn', { username, password: 'not the password' }));
    return { ...result, ms: performance.now() - started };
  };

  it('answers a locked account exactly like an unknown user, after the same password work', async () => {
    await withAdminAndClerk();
    for (let i = 0; i < 5; i++) await api('session.signIn', { username: 'clerk', password: 'not the password' });
    expect(isLocked('clerk')).toBe(true);

    const locked: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 7; round++) {
      const a = await timed('clerk');
      const b = await timed('nobody-here');
      expect({ status: a.status, body: a.body }).toEqual({ status: b.status, body: b.body });
      expect(a.status).toBe(401);
      locked.push(a.ms);
      unknown.push(b.ms);
    }
    // Relative, with a wide margin: both do one scrypt check (tens of milliseconds); an answer
    // that skipped it would take a few milliseconds, a tenth of the other or less.
    expect(median(locked)).toBeGreaterThan(median(unknown) * 0.5);
    expect(median(locked)).toBeLessThan(median(unknown) * 2);
  });
});

describe('the password rules (item 7)', () => {
  it('refuses one character repeated, a common password and the username, and says which', async () => {
    expect(await passwordProblem('aaaaaaaaaa', 'clerk')).toMatch(/one character repeated/);
    expect(await passwordProblem('QwertyUIOP', 'clerk')).toMatch(/common passwords/);
    expect(await passwordProblem('password123', 'clerk')).toMatch(/common passwords/);
    expect(await passwordProblem('Records.Admin', 'records.admin')).toMatch(/same as the username/);
    expect(await passwordProblem('scanning-station-2026', 'records.admin')).toBeNull();
    expect(await passwordProblem(PASSWORD, 'admin')).toBeNull();
  });

  it('applies them to the first administrator, new accounts, resets and changes, field by field', async () => {
    const weak = await answer(await api('session.createAdmin', { username: 'admin', displayName: 'Ada', password: 'aaaaaaaaaaaa' }));
    expect([weak.status, weak.body.error?.code]).toEqual([400, 'invalid-input']);
    expect(weak.body.error?.fields?.['password']).toMatch(/one character repeated/);
    expect(t.station.context.accounts.hasAnyUser()).toBe(false);

    const { admin, clerk } = await withAdminAndClerk();
    const common = await answer(await api('users.create', { username: 'rev', displayName: 'Rev', role: 'reviewer', password: '1234567890' }, admin));
    expect(common.body.error?.fields?.['password']).toMatch(/common passwords/);
    const clerkId = t.station.context.accounts.listUsers().find((u) => u.username === 'clerk')!.id;
    const reset = await answer(await api('users.resetPassword', { userId: clerkId, password: 'qwertyuiop' }, admin));
    expect(reset.body.error?.fields?.['password']).toMatch(/common passwords/);
    const sameAsName = await answer(await api('users.create', { username: 'longusername', displayName: 'L', role: 'clerk', password: 'longusername' }, admin));
    expect(sameAsName.body.error?.fields?.['password']).toMatch(/same as the username/);
    const change = await answer(await api('session.changePassword', { currentPassword: CLERK_PASSWORD, newPassword: 'zzzzzzzzzzzz' }, clerk));
    expect(change.body.error?.fields?.['newPassword']).toMatch(/one character repeated/);
    expect(
      t.station.context.accounts
        .listUsers()
        .map((u) => u.username)
        .sort(),
    ).toEqual(['admin', 'clerk']);
  });
});
