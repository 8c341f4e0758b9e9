import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { MigrationError, migrate } from '../../../electron/engine/db/migrate.js';
import { migrations } from '../../../electron/engine/db/migrations/index.js';

const tables = (db: BetterSqlite3.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('creates every table on an empty database and records each step', () => {
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db, migrations)).toEqual(migrations.map((m) => m.version));
    expect(tables(db)).toEqual(expect.arrayContaining(['batches', 'intake_log', 'pages', 'quarantine', 'schema_migrations', 'sessions', 'settings', 'source_files', 'users']));
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual(migrations.map((m) => ({ version: m.version })));
  });

  it('does nothing the second time', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations);
    expect(migrate(db, migrations)).toEqual([]);
  });

  it('uses STRICT tables, so a wrong type is refused rather than stored', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations);
    expect(() => db.prepare("INSERT INTO settings (key, value) VALUES ('k', ?)").run(Buffer.from('x'))).toThrow(/cannot store BLOB/);
  });

  it('applies pending steps in one transaction: a failing step leaves the earlier ones unapplied', () => {
    const db = new BetterSqlite3(':memory:');
    const broken = [...migrations, { version: 999, name: 'broken', sql: 'CREATE TABLE ok_then (x INTEGER); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(tables(db)).toEqual(['schema_migrations']);
  });

  it('refuses a database written by a newer ChartDesk', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [...migrations, { version: 50, name: 'future', sql: 'CREATE TABLE future (x INTEGER) STRICT;' }]);
    expect(() => migrate(db, migrations)).toThrow(MigrationError);
    try {
      migrate(db, migrations);
    } catch (error) {
      expect((error as MigrationError).code).toBe('database-newer-than-app');
    }
  });

  it('refuses a database whose applied step differs from ours (divergent history)', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations);
    db.prepare("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1").run();
    expect(() => migrate(db, migrations)).toThrow(/differs from this version/);
  });
});
