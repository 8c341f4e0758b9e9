import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../electron/engine/db/migrate.js';
import { migrations } from '../../electron/engine/db/migrations/index.js';

/** A station database in memory with the newest schema, for tests of one repository or one module over real SQLite. */
export function memoryDatabase(): Database {
  const db = new BetterSqlite3(':memory:');
  migrate(db, migrations);
  return db;
}

/** A station database in memory as an older station left it: every migration before `version` applied, that one and later not yet. */
export function memoryDatabaseBefore(version: number): Database {
  const db = new BetterSqlite3(':memory:');
  migrate(
    db,
    migrations.filter((m) => m.version < version),
  );
  return db;
}
