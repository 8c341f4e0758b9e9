import { mkdir, writeFile } from 'node:fs/promises';
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

async function signedInAdmin(s: RunningStation): Promise<string> {
  const created = await s.call('session.createAdmin', { username: 'admin', displayName: 'Admin', password: 'long enough password' }, null);
  if (!created.session || created.session.kind !== 'signed-in') throw new Error('no session');
  return created.session.token;
}

describe('station settings: config file and Settings', () => {
  it('applies a config file at start: station name, separation rules and delivery targets', async () => {
    tmp = await makeTempDir('config');
    const dataDir = join(tmp.path, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      join(dataDir, 'chartdesk.json'),
      JSON.stringify({
        station: { name: 'BOX-TEAM-2' },
        separation: { separatorValues: ['PATCHT', 'SEP-SHEET'] },
        delivery: { targets: [{ kind: 'folder', id: 'dms-import', path: join(tmp.path, 'dms'), index: { format: 'json' } }] },
      }),
    );
    station = await openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, recognition: false, delivery: false, log: silentLogger });
    const token = await signedInAdmin(station);
    const settings = await station.call('settings.get', {}, token);
    expect(settings.result).toMatchObject({
      ok: true,
      value: { separation: { separatorValues: ['PATCHT', 'SEP-SHEET'], coverSheetFormats: ['QRCode', 'DataMatrix', 'PDF417'] } },
    });
    const value = (settings.result as { value: { targets: { id: string }[] } }).value;
    expect(value.targets.map((t) => t.id).sort()).toEqual(['dms-import', 'local-folder']);
    expect(station.status().stationName).toBe('BOX-TEAM-2');
  });

  it('refuses a broken config file with a sentence naming the problem', async () => {
    tmp = await makeTempDir('config-bad');
    const dataDir = join(tmp.path, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'chartdesk.json'), JSON.stringify({ delivery: { targets: [{ kind: 'folder', id: 'x', path: 'relative/path' }] } }));
    await expect(openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, recognition: false, delivery: false, log: silentLogger })).rejects.toThrow(
      /not valid at delivery\.targets\.0\.path/,
    );
  });

  it('validates Settings changes field by field and keeps secrets out of the answer', async () => {
    tmp = await makeTempDir('settings');
    station = await openStation({ dataDir: join(tmp.path, 'data'), key: await stationKeyFor(join(tmp.path, 'data')), watch: false, recognition: false, delivery: false, log: silentLogger });
    const token = await signedInAdmin(station);
    const badRules = await station.call('settings.saveSeparation', { rules: { separatorValues: ['X'], coverSheetFormats: ['QRCode'], mrnPattern: '([' } }, token);
    expect(badRules.result).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: { 'rules.mrnPattern': expect.stringMatching(/regular expression/) } } });

    const fhir = {
      kind: 'fhir',
      id: 'hospital-fhir',
      baseUrl: 'https://fhir.example.org/R4',
      patientIdentifierSystem: 'urn:oid:1.2.3',
      auth: { type: 'bearer', token: 'secret-token-value' },
    };
    const saved = await station.call('settings.saveTarget', { target: fhir, enabled: true }, token);
    expect(JSON.stringify(saved.result)).not.toContain('secret-token-value');
    // Saving the masked value back keeps the secret.
    const roundTrip = (saved.result as { value: { targets: { id: string; config: unknown }[] } }).value.targets.find((t) => t.id === 'hospital-fhir')!.config;
    await station.call('settings.saveTarget', { target: roundTrip, enabled: false }, token);
    expect(JSON.stringify(station.context.outbox.targets())).toContain('secret-token-value');

    const badTarget = await station.call('settings.saveTarget', { target: { kind: 'fhir', id: 'x', baseUrl: 'not a url' }, enabled: true }, token);
    expect(badTarget.result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
