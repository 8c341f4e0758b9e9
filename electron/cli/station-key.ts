import { mkdir } from 'node:fs/promises';
import { stationPaths } from '../engine/config/station-paths.js';
import { loadOrCreateKeyFile } from '../engine/crypto/key-file.js';
import type { StationKey } from '../engine/crypto/station-key.js';
import { type Database, openDatabase } from '../engine/db/connection.js';
import type { GlobalOptions } from './global-options.js';

/**
 * The station key for this command, from the key file (created on first run). Says on standard
 * error where the key came from (the path, never the key), so an operator always knows which
 * file must be backed up.
 */
export async function loadStationKey(global: GlobalOptions): Promise<StationKey> {
  const loaded = await loadOrCreateKeyFile(global.keyFile, { dataDir: global.dataDir });
  process.stderr.write(
    loaded.created ? `chartdesk: created the station key ${loaded.path}. Back it up now: without it this station's data cannot be read.\n` : `chartdesk: station key: ${loaded.path}\n`,
  );
  return loaded.key;
}

/** The station's encrypted database, for the commands that work on it directly (users, patients, audit). */
export async function openStationDatabase(global: GlobalOptions): Promise<Database> {
  return (await openStationDatabaseAndKey(global)).db;
}

/** The database and the key it was opened with, for commands that also need a derived key (the audit chain's). */
export async function openStationDatabaseAndKey(global: GlobalOptions): Promise<{ db: Database; key: StationKey }> {
  const key = await loadStationKey(global);
  await mkdir(global.dataDir, { recursive: true, mode: 0o700 });
  return { db: openDatabase(stationPaths(global.dataDir).database, { key: key.databaseKey() }), key };
}
