import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Migration } from './migrations/index.js';

export class MigrationError extends Error {
  constructor(
    readonly code: 'database-newer-than-app' | 'divergent-history',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

const checksum = (m: Migration) => createHash('sha256').update(m.sql).digest('hex');

/**
 * Brings the schema up to date in ONE transaction, recording each step inside it, so a crash
 * leaves the database at the old version or the new one, never between. Refuses a database
 * written by a newer ChartDesk, or one whose applied steps differ from ours.
 */
export function migrate(db: Database, migrations: readonly Migration[], now: () => Date = () => new Date()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);

  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as { version: number; name: string; checksum: string }[];
  const known = new Map(migrations.map((m) => [m.version, m]));
  const latest = Math.max(0, ...migrations.map((m) => m.version));

  for (const row of applied) {
    if (row.version > latest) {
      throw new MigrationError(
        'database-newer-than-app',
        `This data folder was written by a newer version of ChartDesk (schema ${row.version}, this app knows up to ${latest}). Update ChartDesk before opening it.`,
      );
    }
    const mine = known.get(row.version);
    if (!mine || checksum(mine) !== row.checksum) {
      throw new MigrationError(
        'divergent-history',
        `The database's schema step ${row.version} (${row.name}) differs from this version of ChartDesk. Restore the data folder from a backup or contact support.`,
      );
    }
  }

  const done = new Set(applied.map((r) => r.version));
  const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
  if (pending.length === 0) return [];

  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, checksum(m), now().toISOString());
    }
  }).immediate();
  return pending.map((m) => m.version);
}
