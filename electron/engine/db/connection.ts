import { dirname } from 'node:path';
import DatabaseDriver, { type Database } from 'better-sqlite3-multiple-ciphers';
import { assertLocalDatabaseFolder } from './database-location.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';

export type { Database } from 'better-sqlite3-multiple-ciphers';

/** The database could not be decrypted: the wrong station key, or not a ChartDesk database. */
export class DatabaseKeyError extends Error {
  override name = 'DatabaseKeyError';
}

export interface OpenDatabaseOptions {
  /** 32 bytes (StationKey.databaseKey()). */
  key: Uint8Array;
  /** A driver native addon to load instead of node_modules' (the desktop shell's Electron build). */
  nativeBinding?: string;
}

/**
 * Opens the station database, encrypted with SQLCipher's scheme (AES-256, HMAC-SHA512 per page;
 * readable by the sqlcipher tools with the same raw key). WAL lets readers (the UI) run while the
 * intake writes; synchronous=FULL because a page row must never claim a file the disk does not
 * have yet.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions): Database {
  assertLocalDatabaseFolder(dirname(file));
  const db = new DatabaseDriver(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    unlockDatabase(db, file, options.key);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Each page read from disk is decrypted and authenticated; a decrypted page kept in SQLite's
    // cache is not. 64 MiB instead of the default 2 MiB makes repeated reads (patient search,
    // the batch list) cost what they cost unencrypted (npm run bench -- encryption).
    db.pragma('cache_size = -65536');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Sets the cipher and key on a freshly opened connection, before any other statement touches the
 * file, and proves the key right by reading the schema. Throws DatabaseKeyError otherwise.
 */
export function unlockDatabase(db: Database, file: string, key: Uint8Array): void {
  if (key.length !== 32) throw new Error('the database key is 32 bytes');
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`legacy = 4`);
  // A raw key (x'..'): the key is already random, so no passphrase stretching at each open.
  db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new DatabaseKeyError(`The database ${file} cannot be opened with this station key: the key is not the one it was created with, or the file is not an encrypted ChartDesk database.`);
    }
    throw error;
  }
}
