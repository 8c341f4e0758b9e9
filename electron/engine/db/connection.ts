import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';

export type { Database } from 'better-sqlite3';

/**
 * Opens the station database. WAL lets readers (the UI) run while the intake writes;
 * synchronous=FULL because a page row must never claim a file the disk does not have yet.
 */
export function openDatabase(file: string, options: { nativeBinding?: string } = {}): Database {
  // The desktop shell passes a better-sqlite3 build for Electron's ABI, so node_modules keeps
  // the plain-Node build the CLI and tests use.
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}
