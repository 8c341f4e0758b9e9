/**
 * Where the shell finds its parts. Everything is relative to the bundled main script
 * (dist/electron/main.cjs), which is the same layout in the repo and inside app.asar.
 */
import path from 'node:path';

export interface ShellPaths {
  rendererRoot: string;
  preload: string;
  engineHost: string;
}

export const shellPaths = (mainDir: string): ShellPaths => ({
  rendererRoot: path.resolve(mainDir, '..', 'renderer'),
  preload: path.join(mainDir, 'preload.cjs'),
  // Forked by path, never bundled into main: the engine has native modules and must load them
  // from app.asar.unpacked, which Electron's asar shim redirects for *.node inside the asar path.
  engineHost: path.join(mainDir, 'engine', 'host', 'utility-process-host.js'),
});

export interface EngineLaunchOptions {
  dataDir: string;
  dropDir?: string;
  stationName?: string;
  /** The OS's regional locale (app.getSystemLocale()): the default date order follows it. */
  systemLocale?: string;
}

/**
 * Engine options come from the environment so Playwright and `npm start` can point a station
 * at a scratch directory; the default data dir is the per-user app data folder.
 */
export const engineLaunchOptions = (env: Readonly<Record<string, string | undefined>>, userDataDir: string, systemLocale?: string): EngineLaunchOptions => {
  const options: EngineLaunchOptions = { dataDir: nonEmpty(env.CHARTDESK_DATA_DIR) ?? userDataDir };
  const locale = nonEmpty(systemLocale);
  if (locale) options.systemLocale = locale;
  const dropDir = nonEmpty(env.CHARTDESK_DROP_DIR);
  if (dropDir) options.dropDir = dropDir;
  const stationName = nonEmpty(env.CHARTDESK_STATION_NAME);
  if (stationName) options.stationName = stationName;
  return options;
};

const nonEmpty = (value: string | undefined): string | undefined => (value && value.trim() !== '' ? value : undefined);

/** The argv main gives the host (`--chartdesk-<name>=<value>`), parsed back by host-options.ts. */
export const engineHostArgs = (options: EngineLaunchOptions): string[] => {
  const args = [`--chartdesk-data-dir=${options.dataDir}`];
  if (options.dropDir) args.push(`--chartdesk-drop-dir=${options.dropDir}`);
  if (options.stationName) args.push(`--chartdesk-station-name=${options.stationName}`);
  if (options.systemLocale) args.push(`--chartdesk-system-locale=${options.systemLocale}`);
  return args;
};
