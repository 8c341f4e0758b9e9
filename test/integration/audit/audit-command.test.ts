import { hostname, userInfo } from 'node:os';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/engine/audit/audit-log.js';
import { stationPaths } from '../../../electron/engine/config/station-paths.js';
import { openDatabase } from '../../../electron/engine/db/connection.js';
import { runCli } from '../../support/cli.js';
import { parseCsv } from '../../support/csv.js';
import { keyFileFor, stationKeyFor } from '../../support/station-key.js';
import { tempDirForFile } from '../../support/per-file-fixtures.js';

const tmp = tempDirForFile('audit');

const tricky = { mrn: '1234567', before: { family: 'O"Brien, Jr.' }, after: { family: 'O\'Brien\nSr., "Pat"' } };

/** A station data folder whose audit trail has entries on 9, 10, 11 and 12 March 2025 (local time). */
async function seed(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const key = await stationKeyFor(dataDir);
  const db = openDatabase(stationPaths(dataDir).database, { key: key.databaseKey() });
  try {
    let when = new Date();
    const audit = new AuditLog(db, key.auditChainKey(), () => when);
    for (const day of [9, 10, 10, 11, 12]) {
      when = new Date(2025, 2, day, 12, 30);
      audit.record({
        user: { id: 'u-1', name: 'Reyes, Dana' },
        action: 'index-changed',
        subject: { type: 'document', id: `doc-${day}` },
        details: { ...tricky, day },
      });
    }
  } finally {
    db.close();
  }
}

describe('chartdesk audit', () => {
  it('verify says the trail is intact, then names the altered entry and exits 1', async () => {
    const dataDir = join(tmp.path, 'verify');
    await seed(dataDir);
    const ok = await runCli(['--data-dir', dataDir, 'audit', 'verify']);
    // Only where the key came from: the path, never the key.
    expect(ok.stderr).toBe(`chartdesk: station key: ${keyFileFor(dataDir)}\n`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("Audit trail intact: 5 entries, keyed with this station's key\n");

    const db = openDatabase(stationPaths(dataDir).database, { key: (await stationKeyFor(dataDir)).databaseKey() });
    expect(() => db.exec("UPDATE audit_log SET user_name = 'x' WHERE seq = 2")).toThrow(/append-only/);
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = replace(details, '1234567', '7654321') WHERE seq = 2");
    db.close();
    const bad = await runCli(['--data-dir', dataDir, 'audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('Audit entry 2 was altered\n');
  }, 180_000);

  it('exports a date range as CSV that parses back, and records the export', async () => {
    const dataDir = join(tmp.path, 'export');
    await seed(dataDir);
    const out = join(tmp.path, 'exports', 'march.csv');
    const run = await runCli(['--data-dir', dataDir, 'audit', 'export', '--from', '2025-03-10', '--to', '2025-03-11', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Exported 3 audit entries');

    const text = await readFile(out, 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['seq', 'at', 'user', 'action', 'subject type', 'subject id', 'details', 'hash']);
    expect(rows.map((r) => r[0])).toEqual(['2', '3', '4']);
    expect(rows.map((r) => r[5])).toEqual(['doc-10', 'doc-10', 'doc-11']);
    for (const r of rows) {
      expect(r).toHaveLength(8);
      expect(r[2]).toBe('Reyes, Dana (u-1)');
      expect(r[3]).toBe('index-changed');
      expect(r[4]).toBe('document');
      expect(r[7]).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.parse(r[6]!)).toEqual({ ...tricky, day: Number(r[5]!.slice(4)) });
    }

    // The export itself is in the trail, and the trail still verifies.
    const check = await runCli(['--data-dir', dataDir, 'audit', 'verify']);
    expect(check.stdout).toBe("Audit trail intact: 6 entries, keyed with this station's key\n");
    const db = openDatabase(stationPaths(dataDir).database, { key: (await stationKeyFor(dataDir)).databaseKey() });
    const last = db.prepare('SELECT action, user_id, details FROM audit_log WHERE seq = 6').get() as { action: string; user_id: string | null; details: string };
    db.close();
    expect(last.action).toBe('audit-exported');
    // By the operating-system account that ran the command.
    expect(last.user_id).toBe(`cli:${userInfo().username}@${hostname()}`);
    expect(JSON.parse(last.details)).toMatchObject({ from: '2025-03-10', to: '2025-03-11', entries: 3, out });

    // Without --out the CSV goes to standard output.
    const stdout = await runCli(['--data-dir', dataDir, 'audit', 'export', '--from', '2025-03-12', '--to', '2025-03-12']);
    expect(stdout.code).toBe(0);
    expect(parseCsv(stdout.stdout).map((r) => r[0])).toEqual(['seq', '5']);
  }, 180_000);

  it('refuses a bad date range as a usage error', async () => {
    const dataDir = join(tmp.path, 'usage');
    const missing = await runCli(['--data-dir', dataDir, 'audit', 'export', '--from', '2025-03-10']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--to');
    const bad = await runCli(['--data-dir', dataDir, 'audit', 'export', '--from', '2025-02-30', '--to', '2025-03-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"2025-02-30" is not a date');
  }, 180_000);
});
