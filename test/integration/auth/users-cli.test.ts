import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserAccount } from '../../../shared/domain/user.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { openStation } from '../../../electron/engine/station.js';
import { runCli } from '../../support/cli.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let dataDir: string;
beforeAll(async () => {
  tmp = await makeTempDir('users-cli');
  dataDir = join(tmp.path, 'data');
});
afterAll(async () => {
  await tmp?.remove();
});

const PASSWORD = 'cli long password';

describe('chartdesk users', () => {
  it('adds accounts with the password from the environment, and lists them', async () => {
    const add = await runCli(['--data-dir', dataDir, 'users', 'add', '--username', 'mclerk', '--name', 'Mary Clerk', '--role', 'clerk'], { CHARTDESK_NEW_PASSWORD: PASSWORD });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/Added mclerk \(Mary Clerk\) as clerk/);
    const admin = await runCli(['--data-dir', dataDir, 'users', 'add', '--username', 'boss', '--name', 'The Boss', '--role', 'admin', '--json'], { CHARTDESK_NEW_PASSWORD: PASSWORD });
    expect(admin.code, admin.stderr).toBe(0);
    expect(JSON.parse(admin.stdout)).toMatchObject({ username: 'boss', role: 'admin', disabled: false });

    const list = await runCli(['--data-dir', dataDir, 'users', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const users = JSON.parse(list.stdout) as UserAccount[];
    expect(users.map((u) => [u.username, u.role])).toEqual([
      ['boss', 'admin'],
      ['mclerk', 'clerk'],
    ]);
    const text = await runCli(['--data-dir', dataDir, 'users', 'list']);
    expect(text.stdout).toMatch(/mclerk\s+Mary Clerk\s+clerk\s+active/);
    expect(text.stdout + text.stderr).not.toContain(PASSWORD);
  });

  it('the accounts it makes sign in at the station', async () => {
    const station = await openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, recognition: false, delivery: false, log: silentLogger });
    try {
      const signedIn = await station.call('session.signIn', { username: 'mclerk', password: PASSWORD }, null);
      expect(signedIn.result).toMatchObject({ ok: true, value: { role: 'clerk', displayName: 'Mary Clerk' } });
      expect((await station.call('session.status', {}, null)).result).toMatchObject({ ok: true, value: { setupRequired: false } });
    } finally {
      await station.close();
    }
  });

  it('refuses a taken username, a short password, a bad role and a missing password', async () => {
    const taken = await runCli(['--data-dir', dataDir, 'users', 'add', '--username', 'MCLERK', '--name', 'Other', '--role', 'clerk'], { CHARTDESK_NEW_PASSWORD: PASSWORD });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already taken/);
    const short = await runCli(['--data-dir', dataDir, 'users', 'add', '--username', 'shorty', '--name', 'S', '--role', 'clerk'], { CHARTDESK_NEW_PASSWORD: 'short' });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    // The password rules of the station (issue 18), with the reason on stderr.
    const repeated = await runCli(['--data-dir', dataDir, 'users', 'add', '--username', 'weak', '--name', 'W', '--role', 'clerk'], { CHARTDESK_NEW_PASSWORD: 'aaaaaaaaaaaa' });
    expect(repeated.code).toBe(1);
    expect(repeated.stderr).toMatch(/one character repeated/);
    const common = await runCli(['--data-dir', dataDir, 'users', 'add', '--username', 'weak', '--name', 'W', '--role', 'clerk'], { CHARTDESK_NEW_PASSWORD: 'password123' });
    expect(common.stderr).toMatch(/list of common passwords/);
    const role = await runCli(['--data-dir', dataDir, 'users', 'add', '--username', 'r', '--name', 'R', '--role', 'boss'], { CHARTDESK_NEW_PASSWORD: PASSWORD });
    expect(role.code).toBe(2);
    // No terminal (stdin is not a TTY here) and no environment variable: a usage error, nothing written.
    const none = await runCli(['--data-dir', dataDir, 'users', 'add', '--username', 'nopass', '--name', 'N', '--role', 'clerk'], { CHARTDESK_NEW_PASSWORD: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/CHARTDESK_NEW_PASSWORD/);
    // A password on the command line is refused, never stored.
    const argv = await runCli(['--data-dir', dataDir, 'users', 'add', '--username', 'leaky', '--name', 'L', '--role', 'clerk', '--password', PASSWORD]);
    expect(argv.code).toBe(2);
    const list = JSON.parse((await runCli(['--data-dir', dataDir, 'users', 'list', '--json'])).stdout) as UserAccount[];
    expect(list.map((u) => u.username)).toEqual(['boss', 'mclerk']);
  });
});
