import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../../shared/api/contract.js';
import type { ApiResult } from '../../../shared/api/result.js';
import type { Role, UserAccount } from '../../../shared/domain/user.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { type RunningStation, openStation } from '../../../electron/engine/station.js';
import { MINIMAL_INPUT_PASSWORD, mayCall, minimalInput as sharedMinimalInput } from '../../support/minimal-inputs.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

const PASSWORD = MINIMAL_INPUT_PASSWORD;

let station: RunningStation;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
const tokens = {} as Record<Role, string>;
const ids = {} as Record<Role, string>;

async function call(method: string, input: unknown, token: string | null) {
  return (await station.call(method, input, token)).result as ApiResult<unknown>;
}

async function signIn(username: string, password = PASSWORD): Promise<string> {
  const outcome = await station.call('session.signIn', { username, password }, null);
  if (!outcome.session || outcome.session.kind !== 'signed-in') throw new Error(`cannot sign in ${username}: ${JSON.stringify(outcome.result)}`);
  return outcome.session.token;
}

const value = <T>(result: ApiResult<unknown>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
};

const minimalInput = (role: Role | 'none') => sharedMinimalInput(role, tmp.path);

beforeAll(async () => {
  tmp = await makeTempDir('roles');
  station = await openStation({ dataDir: join(tmp.path, 'data'), key: await stationKeyFor(join(tmp.path, 'data')), watch: false, recognition: false, delivery: false, log: silentLogger });
  const created = await station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD }, null);
  if (!created.session || created.session.kind !== 'signed-in') throw new Error('no admin session');
  tokens.admin = created.session.token;
  ids.admin = value<{ id: string }>(created.result).id;
  for (const role of ['clerk', 'reviewer'] as const) {
    const user = value<UserAccount>(await call('users.create', { username: role, displayName: `A ${role}`, role, password: PASSWORD }, tokens.admin));
    expect(user).toMatchObject({ username: role, role, locked: false, disabled: false });
    ids[role] = user.id;
    tokens[role] = await signIn(role);
  }
});

afterAll(async () => {
  await station?.close();
  await tmp?.remove();
});

describe('roles: every method of the contract', () => {
  it('has a minimal valid input for every method', () => {
    const inputs = minimalInput('none');
    const missing = methodNames.filter((m) => !(m in inputs));
    expect(missing, 'add a minimal input for these methods in test/support/minimal-inputs.ts').toEqual([]);
    for (const m of methodNames) {
      const parsed = contract[m].input.safeParse(inputs[m]);
      expect(parsed.success, `${m}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
    }
  });

  for (const role of ['clerk', 'reviewer', 'admin'] as const) {
    it(`lets a ${role} call exactly what the contract allows`, async () => {
      const inputs = minimalInput(role);
      for (const m of methodNames) {
        // Signing out ends the session; use a session of its own.
        const token = m === 'session.signOut' ? await signIn(role) : tokens[role];
        const result = await call(m, inputs[m], token);
        const code = result.ok ? 'ok' : result.error.code;
        if (mayCall(contract[m].access, role)) {
          // Inputs are schema-valid (checked above), so a refusal here could only be the role check.
          expect(code, `${role} → ${m}`).not.toMatch(/^(forbidden|not-signed-in|unknown-method)$/);
        } else {
          expect(code, `${role} → ${m}`).toBe('forbidden');
        }
      }
      // The session still works afterwards (nothing above signed it out).
      expect(await call('station.status', {}, tokens[role])).toMatchObject({ ok: true });
    });
  }

  it('answers not-signed-in to every non-public method without a session', async () => {
    const inputs = minimalInput('none');
    for (const m of methodNames) {
      const result = await call(m, inputs[m], null);
      if (contract[m].access === 'public') expect(result.ok ? 'ok' : result.error.code, m).not.toMatch(/^(forbidden|not-signed-in)$/);
      else expect(result.ok ? 'ok' : result.error.code, m).toBe('not-signed-in');
    }
  });
});

describe('account administration', () => {
  it('refuses a taken username (any letter case) as a conflict naming the field', async () => {
    const result = await call('users.create', { username: 'CLERK', displayName: 'Again', role: 'clerk', password: PASSWORD }, tokens.admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', fields: { username: expect.any(String) } } });
  });

  it('reports invalid fields by name', async () => {
    const result = await call('users.create', { username: 'x', displayName: '', role: 'boss', password: 'short' }, tokens.admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const fields = (result as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['displayName', 'password', 'role', 'username']);
  });

  it('lists accounts without password hashes', async () => {
    const list = value<{ users: UserAccount[] }>(await call('users.list', {}, tokens.admin));
    expect(list.users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'clerk', 'reviewer']));
    expect(JSON.stringify(list)).not.toMatch(/scrypt|password/i);
  });

  it('a disabled user cannot sign in and their open session stops working; enabling lets them back', async () => {
    const user = value<UserAccount>(await call('users.create', { username: 'temp', displayName: 'Temp Worker', role: 'clerk', password: PASSWORD }, tokens.admin));
    const token = await signIn('temp');
    expect(await call('batches.list', {}, token)).toMatchObject({ ok: true });

    expect(value<UserAccount>(await call('users.update', { userId: user.id, disabled: true }, tokens.admin))).toMatchObject({ disabled: true, locked: false });
    expect(await call('batches.list', {}, token)).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect(await call('session.signIn', { username: 'temp', password: PASSWORD }, null)).toMatchObject({ ok: false, error: { code: 'locked-out', message: expect.stringMatching(/disabled/) } });
    // A wrong password on a disabled account does not reveal the state, nor clear it.
    expect(await call('session.signIn', { username: 'temp', password: 'wrong password!' }, null)).toMatchObject({ ok: false, error: { code: 'bad-credentials' } });
    // A password reset unlocks, but does not enable a disabled account.
    expect(value<UserAccount>(await call('users.resetPassword', { userId: user.id, password: 'a new long password' }, tokens.admin))).toMatchObject({ disabled: true });
    expect(await call('session.signIn', { username: 'temp', password: 'a new long password' }, null)).toMatchObject({ ok: false, error: { code: 'locked-out' } });

    expect(value<UserAccount>(await call('users.update', { userId: user.id, disabled: false }, tokens.admin))).toMatchObject({ disabled: false });
    await signIn('temp', 'a new long password');
  });

  it('a password reset unlocks a locked-out account and ends its sessions', async () => {
    const user = value<UserAccount>(await call('users.create', { username: 'forgetful', displayName: 'Forgetful', role: 'reviewer', password: PASSWORD }, tokens.admin));
    const token = await signIn('forgetful');
    for (let i = 0; i < 5; i++) await call('session.signIn', { username: 'forgetful', password: 'wrong password!' }, null);
    expect(await call('session.signIn', { username: 'forgetful', password: PASSWORD }, null)).toMatchObject({ ok: false, error: { code: 'locked-out' } });
    const listed = value<{ users: UserAccount[] }>(await call('users.list', {}, tokens.admin)).users.find((u) => u.id === user.id);
    expect(listed).toMatchObject({ locked: true, disabled: false });

    expect(value<UserAccount>(await call('users.resetPassword', { userId: user.id, password: 'fresh long password' }, tokens.admin))).toMatchObject({ locked: false });
    expect(await call('station.status', {}, token)).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    await signIn('forgetful', 'fresh long password');
  });

  it('a role change takes effect on the open session', async () => {
    const user = value<UserAccount>(await call('users.create', { username: 'mover', displayName: 'Mover', role: 'clerk', password: PASSWORD }, tokens.admin));
    const token = await signIn('mover');
    expect(await call('qc.override', { documentId: 'x', code: 'y', reason: 'checked by phone' }, token)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(value<UserAccount>(await call('users.update', { userId: user.id, role: 'reviewer', displayName: 'Mover Reviewer' }, tokens.admin))).toMatchObject({
      role: 'reviewer',
      displayName: 'Mover Reviewer',
    });
    expect(await call('qc.override', { documentId: 'x', code: 'y', reason: 'checked by phone' }, token)).not.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('keeps the last enabled administrator, and nobody disables themself', async () => {
    expect(await call('users.update', { userId: ids.admin, role: 'clerk' }, tokens.admin)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/last administrator/) },
    });
    expect(await call('users.update', { userId: ids.admin, disabled: true }, tokens.admin)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // With a second administrator, the first may step down; then the second is the last one.
    const second = value<UserAccount>(await call('users.create', { username: 'admin2', displayName: 'Second Admin', role: 'admin', password: PASSWORD }, tokens.admin));
    const secondToken = await signIn('admin2');
    expect(await call('users.update', { userId: second.id, disabled: true }, secondToken)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(value<UserAccount>(await call('users.update', { userId: ids.admin, role: 'reviewer' }, secondToken))).toMatchObject({ role: 'reviewer' });
    expect(await call('users.list', {}, tokens.admin)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('users.update', { userId: second.id, role: 'clerk' }, secondToken)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/last administrator/) },
    });
    // A disabled administrator does not count as one.
    expect(value<UserAccount>(await call('users.update', { userId: ids.admin, role: 'admin' }, secondToken))).toMatchObject({ role: 'admin' });
    expect(value<UserAccount>(await call('users.update', { userId: ids.admin, disabled: true }, secondToken))).toMatchObject({ disabled: true });
    expect(await call('users.update', { userId: second.id, role: 'clerk' }, secondToken)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(value<UserAccount>(await call('users.update', { userId: ids.admin, disabled: false }, secondToken))).toMatchObject({ disabled: false });
    tokens.admin = await signIn('admin');
  });

  it('a user changes their own password with the current one; their other sessions end', async () => {
    const other = await signIn('reviewer');
    const wrong = await call('session.changePassword', { currentPassword: 'not it at all', newPassword: 'brand new password' }, tokens.reviewer);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: { currentPassword: expect.any(String) } } });
    expect(await call('session.changePassword', { currentPassword: PASSWORD, newPassword: 'brand new password' }, tokens.reviewer)).toMatchObject({ ok: true });
    expect(await call('station.status', {}, tokens.reviewer)).toMatchObject({ ok: true });
    expect(await call('station.status', {}, other)).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    await signIn('reviewer', 'brand new password');
  });
});
