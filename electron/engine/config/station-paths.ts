import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** Where the station keeps its database and files, inside one data folder. */
export interface StationPaths {
  dataDir: string;
  database: string;
  store: string;
  originals: string;
  quarantine: string;
  duplicates: string;
  /** Rendered PDFs of confirmed documents, named by document id. */
  output: string;
  /** Sealed copies of files being taken in, until they move to originals/, quarantine/ or duplicates/. */
  incoming: string;
}

export function stationPaths(dataDir: string): StationPaths {
  return {
    dataDir,
    database: join(dataDir, 'chartdesk.sqlite'),
    store: join(dataDir, 'store'),
    originals: join(dataDir, 'originals'),
    quarantine: join(dataDir, 'quarantine'),
    duplicates: join(dataDir, 'duplicates'),
    output: join(dataDir, 'output'),
    incoming: join(dataDir, 'incoming'),
  };
}

/** The OS's per-user application-data folder, as Electron's app.getPath('userData') would pick. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = homedir();
  switch (platform()) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'ChartDesk');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'ChartDesk');
    default:
      return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'ChartDesk');
  }
}

/** Where confirmed documents go on a fresh install (a plain local folder target). */
export function defaultOutgoingDir(): string {
  return join(homedir(), 'ChartDesk', 'Outgoing');
}

/** A folder a person can find and point a scanner at. */
export function defaultDropDir(): string {
  return join(homedir(), 'ChartDesk', 'Scanner drop');
}
