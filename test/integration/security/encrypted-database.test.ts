import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { DatabaseKeyError } from '../../../electron/engine/db/connection.js';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/index.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { openStation } from '../../../electron/engine/station.js';
import { runCli } from '../../support/cli.js';
import { keyFileFor, openTestDatabase, stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('encrypted-db');
});
afterAll(async () => tmp?.remove());

// Made up for this test, so a hit can only come from this test's data.
const FAMILY = 'Quillfeather';
const MRN = '73950218';

const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

async function databaseFiles(dataDir: string): Promise<Buffer[]> {
  const names = (await readdir(dataDir)).filter((n) => n.startsWith('chartdesk.sqlite'));
  return Promise.all(names.map((n) => readFile(join(dataDir, n))));
}

describe('the station database at rest', () => {
  it('has no SQLite header and no patient data in plain text, is refused with the wrong key and opens with the right one', async () => {
    const dataDir = join(tmp.path, 'station');
    const key = await stationKeyFor(dataDir);
    const station = await openStation({ dataDir, key, watch: false, recognition: false, delivery: false, log: silentLogger });
    try {
      await importPatientsCsv(station.context.patients, [`mrn,family,given,birthDate,sex\n${MRN},${FAMILY},Ottoline,1961-04-12,female\n`]);
      // While the station runs the newest pages sit in the WAL: that file must be as opaque as the database.
      const files = await databaseFiles(dataDir);
      expect(files.length).toBeGreaterThanOrEqual(2);
      for (const bytes of files) {
        expect(bytes.includes(Buffer.from(FAMILY))).toBe(false);
        expect(bytes.includes(Buffer.from(MRN))).toBe(false);
      }
    } finally {
      await station.close();
    }

    const file = await readFile(join(dataDir, 'chartdesk.sqlite'));
    expect(file.subarray(0, 16).equals(sqliteHeader)).toBe(false);
    expect(file.includes(Buffer.from(FAMILY))).toBe(false);
    expect(file.includes(Buffer.from(FAMILY.toLowerCase()))).toBe(false);
    expect(file.includes(Buffer.from(FAMILY, 'utf16le'))).toBe(false);
    expect(file.includes(Buffer.from(MRN))).toBe(false);
    expect(file.includes(Buffer.from('CREATE TABLE'))).toBe(false);

    const wrong = StationKey.generate();
    await expect(openStation({ dataDir, key: wrong, watch: false, recognition: false, delivery: false, log: silentLogger })).rejects.toThrow(DatabaseKeyError);
    await expect(openStation({ dataDir, key: wrong, watch: false, recognition: false, delivery: false, log: silentLogger })).rejects.toThrow(/cannot be opened with this station key/);

    const reopened = await openStation({ dataDir, key, watch: false, recognition: false, delivery: false, log: silentLogger });
    try {
      expect(reopened.context.patients.byMrn(MRN)).toMatchObject({ family: FAMILY });
    } finally {
      await reopened.close();
    }
    const db = openTestDatabase(dataDir, key);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('keeps WAL and synchronous=FULL on the encrypted connection', async () => {
    const dataDir = join(tmp.path, 'pragmas');
    const station = await openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, recognition: false, delivery: false, log: silentLogger });
    try {
      const db = station.context.db;
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // 2 is FULL.
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    } finally {
      await station.close();
    }
  });
});

describe('chartdesk and its key file', () => {
  it('says where the key comes from, creates it 0600 on first run, and never prints the key', async () => {
    const dataDir = join(tmp.path, 'cli');
    const keyFile = join(tmp.path, 'cli-config', 'station.key');
    const first = await runCli(['--data-dir', dataDir, 'users', 'list'], { CHARTDESK_KEY_FILE: keyFile });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`created the station key ${keyFile}. Back it up now`);
    const key = (await readFile(keyFile, 'utf8')).trim();
    const second = await runCli(['--data-dir', dataDir, 'users', 'list'], { CHARTDESK_KEY_FILE: keyFile });
    expect(second.stderr).toBe(`chartdesk: station key: ${keyFile}\n`);
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(key.slice(0, 12));
  });

  it.skipIf(process.platform === 'win32')('refuses a key file others can read, with a clear sentence and a non-zero exit', async () => {
    const dataDir = join(tmp.path, 'cli-open');
    const keyFile = keyFileFor(dataDir);
    await writeFile(keyFile, StationKey.generate().exportBytes().toString('hex') + '\n');
    await chmod(keyFile, 0o644);
    const run = await runCli(['--data-dir', dataDir, 'users', 'list']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`The station key file ${keyFile} can be read or changed by other users (mode 644)`);
  });

  it('refuses a key file inside the data folder', async () => {
    const dataDir = join(tmp.path, 'cli-inside');
    const run = await runCli(['--data-dir', dataDir, 'users', 'list'], { CHARTDESK_KEY_FILE: join(dataDir, 'station.key') });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/is inside the data folder/);
  });

  it('refuses to open the database with another key', async () => {
    const dataDir = join(tmp.path, 'cli-wrong');
    expect((await runCli(['--data-dir', dataDir, 'users', 'list'])).code).toBe(0);
    const run = await runCli(['--data-dir', dataDir, 'users', 'list'], { CHARTDESK_KEY_FILE: join(tmp.path, 'another.key') });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot be opened with this station key/);
  });
});
