import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/engine/db/migrate.js';
import { migrations } from '../../../electron/engine/db/migrations/index.js';
import { IntakeLogRepository } from '../../../electron/engine/db/repositories/intake-log.js';

/** The poison-file guard counts station deaths while reading a file, not copies read side by side. */
function intakeLog() {
  const db = new BetterSqlite3(':memory:');
  migrate(db, migrations);
  return new IntakeLogRepository(db);
}

const at = '2026-11-29T10:00:00.000Z';

describe('decode attempts', () => {
  it('counts each earlier life that started reading the file and never finished', () => {
    const log = intakeLog();
    expect(log.beginDecode({ id: 'a1', sha256: 'f', stationLife: 'life-1', startedAt: at })).toBe(0);
    // life-1 died; life-2 reads the file again and dies too.
    expect(log.beginDecode({ id: 'a2', sha256: 'f', stationLife: 'life-2', startedAt: at })).toBe(1);
    expect(log.beginDecode({ id: 'a3', sha256: 'f', stationLife: 'life-3', startedAt: at })).toBe(2);
    // Another file is not affected.
    expect(log.beginDecode({ id: 'b1', sha256: 'g', stationLife: 'life-3', startedAt: at })).toBe(0);
  });

  it('does not count copies of one file decoded together in the same life', () => {
    const log = intakeLog();
    for (const id of ['c1', 'c2', 'c3']) expect(log.beginDecode({ id, sha256: 'f', stationLife: 'life-1', startedAt: at })).toBe(0);
  });

  it('forgets a decode that came back, and all of a file once it has an outcome', () => {
    const log = intakeLog();
    log.beginDecode({ id: 'a1', sha256: 'f', stationLife: 'life-1', startedAt: at });
    log.endDecode('a1');
    expect(log.beginDecode({ id: 'a2', sha256: 'f', stationLife: 'life-2', startedAt: at })).toBe(0);
    log.beginDecode({ id: 'a3', sha256: 'f', stationLife: 'life-3', startedAt: at });
    log.forgetDecodes('f');
    expect(log.beginDecode({ id: 'a4', sha256: 'f', stationLife: 'life-4', startedAt: at })).toBe(0);
  });
});
