import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../electron/engine/db/migrate.js';
import { migrations } from '../../electron/engine/db/migrations/index.js';

/** An in-memory station database with the migrations before `version` applied: a station as the one before it left it. */
export function databaseBefore(version: number): Database {
  const db = new BetterSqlite3(':memory:');
  migrate(
    db,
    migrations.filter((m) => m.version < version),
  );
  return db;
}
