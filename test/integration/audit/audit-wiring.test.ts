import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { type RunningStation, openStation } from '../../../electron/engine/station.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

let station: RunningStation | undefined;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
afterEach(async () => {
  await station?.close();
  await tmp?.remove();
});

describe('the audit trail in normal work', () => {
  it('attributes sign-ins, failures, account and settings changes to users, and the chain stays intact', async () => {
    tmp = await makeTempDir('audit-wiring');
    station = await openStation({ dataDir: join(tmp.path, 'data'), key: await stationKeyFor(join(tmp.path, 'data')), watch: false, recognition: false, delivery: false, log: silentLogger });
    const admin = await station.call('session.createAdmin', { username: 'admin', displayName: 'Admin', password: 'long enough password' }, null);
    const token = admin.session!.kind === 'signed-in' ? admin.session!.token : '';
    await station.call('users.create', { username: 'clerk1', displayName: 'Clerk One', role: 'clerk', password: 'another long password' }, token);
    await station.call('session.signIn', { username: 'clerk1', password: 'wrong password' }, null);
    await station.call('session.signIn', { username: 'clerk1', password: 'another long password' }, null);
    await station.call('station.setDropDir', { path: join(tmp.path, 'drop') }, token);
    await station.call('settings.saveSeparation', { rules: { separatorValues: ['PATCHT'], coverSheetFormats: ['QRCode'], mrnPattern: '^(\\d{6,10})$' } }, token);

    const entries = station.context.audit.export('2000-01-01', '2100-12-31');
    expect(entries.map((e) => [e.action, e.user?.name ?? null])).toEqual([
      ['user-created', 'admin'],
      ['user-created', 'admin'],
      ['sign-in-failed', null],
      ['sign-in', 'clerk1'],
      ['settings-changed', 'admin'],
      ['settings-changed', 'admin'],
    ]);
    // Passwords never reach the trail.
    expect(JSON.stringify(entries)).not.toMatch(/long enough password|another long password|wrong password/);
    expect(station.context.audit.verify()).toEqual({ ok: true, entries: 6 });
  });
});
