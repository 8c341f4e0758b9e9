import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/engine/db/migrate.js';
import { migrations } from '../../../electron/engine/db/migrations/index.js';
import { memoryDatabase, memoryDatabaseBefore } from '../../support/memory-database.js';

describe('migration 15: operator attribution', () => {
  it('keeps the name old batches were recorded with, marks blank ones unclaimed, and forgets the last sign-in', () => {
    const db = memoryDatabaseBefore(15);
    const batch = db.prepare(`INSERT INTO batches (id, seq, status, station, operator, created_at) VALUES (?, ?, 'ready', 'SCAN-01', ?, '2026-01-05T10:00:00.000Z')`);
    batch.run('b1', 1, 'Carol Clerk');
    batch.run('b2', 2, '  ');
    db.prepare(`INSERT INTO settings (key, value) VALUES ('station.operator', '"Reviewer Rita"')`).run();

    expect(migrate(db, migrations)).toContain(15);
    expect(db.prepare('SELECT id, operator_id AS operatorId, operator_name AS operatorName FROM batches ORDER BY seq').all()).toEqual([
      { id: 'b1', operatorId: null, operatorName: 'Carol Clerk' },
      { id: 'b2', operatorId: null, operatorName: null },
    ]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM settings WHERE key = 'station.operator'`).get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM scanner_claim').get()).toEqual({ n: 0 });
  });

  it('holds at most one claim: the station has one scanner', () => {
    const db = memoryDatabase();
    const claim = db.prepare(`INSERT INTO scanner_claim (scanner, user_id, username, display_name, claimed_at) VALUES (?, 'u1', 'carol', 'Carol Clerk', '2026-01-05T10:00:00.000Z')`);
    claim.run('drop-folder');
    expect(() => claim.run('drop-folder')).toThrow(/UNIQUE/);
    expect(() => claim.run('second-scanner')).toThrow(/CHECK/);
  });
});
