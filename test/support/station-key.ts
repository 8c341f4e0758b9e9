import { resolve } from 'node:path';
import DatabaseDriver from 'better-sqlite3-multiple-ciphers';
import { stationPaths } from '../../electron/engine/config/station-paths.js';
import { loadOrCreateKeyFile } from '../../electron/engine/crypto/key-file.js';
import type { StationKey } from '../../electron/engine/crypto/station-key.js';
import { type Database, unlockDatabase } from '../../electron/engine/db/connection.js';

/**
 * Each test station keeps its key beside its data folder (never inside it, which the key loader
 * refuses), so the in-process station and `chartdesk` runs on the same folder share one key and
 * no test ever touches the user's real key in ~/.config.
 */
export const keyFileFor = (dataDir: string): string => `${resolve(dataDir)}.station.key`;

export async function stationKeyFor(dataDir: string): Promise<StationKey> {
  return (await loadOrCreateKeyFile(keyFileFor(dataDir), { dataDir })).key;
}

/** The station database of a test, opened with its key for the test to inspect (read-only by default) or alter. */
export function openTestDatabase(dataDir: string, key: StationKey, options: { readonly?: boolean } = {}): Database {
  const file = stationPaths(dataDir).database;
  const db = new DatabaseDriver(file, { readonly: options.readonly ?? true });
  unlockDatabase(db, file, key.databaseKey());
  return db;
}
