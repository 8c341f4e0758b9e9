/**
 * Options the desktop shell passes to the engine host as `--chartdesk-<name>=<value>` arguments
 * (see electron/main/shell-paths.ts). Arguments rather than env so a value cannot leak into
 * child processes the engine might start (OCR workers).
 */
export interface HostOptions {
  dataDir: string;
  dropDir?: string;
  stationName?: string;
  /** The desktop's regional locale: the default date order follows it. */
  systemLocale?: string;
}

const flag = (argv: readonly string[], name: string): string | undefined => {
  const prefix = `--chartdesk-${name}=`;
  // The last occurrence wins, like most CLIs, so a wrapper can override.
  const match = [...argv].reverse().find((arg) => arg.startsWith(prefix));
  const value = match?.slice(prefix.length);
  return value && value.trim() !== '' ? value : undefined;
};

/** Throws with a sentence when the data dir is missing: the host reports it as 'fatal'. */
export const parseHostOptions = (argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): HostOptions => {
  const dataDir = flag(argv, 'data-dir') ?? (env.CHARTDESK_DATA_DIR?.trim() ? env.CHARTDESK_DATA_DIR : undefined);
  if (!dataDir) throw new Error('No data directory was given to the engine (--chartdesk-data-dir).');
  const options: HostOptions = { dataDir };
  const dropDir = flag(argv, 'drop-dir');
  if (dropDir) options.dropDir = dropDir;
  const stationName = flag(argv, 'station-name');
  if (stationName) options.stationName = stationName;
  const systemLocale = flag(argv, 'system-locale');
  if (systemLocale) options.systemLocale = systemLocale;
  return options;
};
