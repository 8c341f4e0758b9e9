import { DateOrder, type DateOrderSetting, dateOrderOfLocale } from '../../../shared/domain/date-order.js';
import type { SettingsRepository } from '../db/repositories/settings.js';

/** Kept under its own key: the date order owns its one setting. */
export const dateOrderSettingKey = 'dates.order';

export interface StationLocale {
  /** As the OS names it, e.g. "en_US.UTF-8" or "en-GB"; null when nothing names one. */
  locale: string | null;
  /** Where it was read. */
  from: string | null;
}

const nonEmpty = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);

/**
 * The locale whose date convention this station follows by default. The desktop passes the
 * system's regional locale (Electron's app.getSystemLocale()), which wins. Headless, the
 * environment decides in POSIX's order for dates: LC_ALL, then LC_TIME, then LANG (Node's own
 * Intl reads LC_ALL or LANG and ignores LC_TIME, so it is consulted last).
 */
export function stationLocale(env: Readonly<Record<string, string | undefined>>, systemLocale?: string, runtimeLocale?: string): StationLocale {
  const system = nonEmpty(systemLocale);
  if (system) return { locale: system, from: 'system locale' };
  for (const name of ['LC_ALL', 'LC_TIME', 'LANG'] as const) {
    const value = nonEmpty(env[name]);
    if (value) return { locale: value, from: name };
  }
  const runtime = nonEmpty(runtimeLocale ?? Intl.DateTimeFormat().resolvedOptions().locale);
  return runtime ? { locale: runtime, from: 'runtime default' } : { locale: null, from: null };
}

export interface DateOrderSources {
  /** `--date-order` for this run: used, never saved. */
  commandLine?: DateOrder;
  /** `dates.order` in chartdesk.json: wins over Settings at every start. */
  configFile?: DateOrder;
  locale: StationLocale;
}

/** The date order in force: the command line, else the config file, else Settings, else the locale's. */
export function dateOrderSetting(settings: SettingsRepository, sources: DateOrderSources): DateOrderSetting {
  const localeDefault = dateOrderOfLocale(sources.locale.locale);
  const base = { localeDefault, locale: sources.locale.locale, localeFrom: sources.locale.from };
  if (sources.commandLine) return { order: sources.commandLine, source: 'command-line', ...base };
  if (sources.configFile) return { order: sources.configFile, source: 'config-file', ...base };
  // A saved value an older version wrote that no longer validates falls back to the locale.
  const saved = DateOrder.safeParse(settings.get(dateOrderSettingKey));
  if (saved.success) return { order: saved.data, source: 'settings', ...base };
  return { order: localeDefault, source: 'locale', ...base };
}

/** Saves an administrator's choice; null goes back to following the computer's locale. */
export function saveDateOrder(settings: SettingsRepository, order: DateOrder | null): void {
  if (order === null) settings.delete(dateOrderSettingKey);
  else settings.set(dateOrderSettingKey, DateOrder.parse(order));
}

/** What a station is told about dates when it opens (see StationOptions). */
export interface DateOrderOptions {
  /** How dates are read for this run (the CLI's --date-order); wins over the config file and Settings, never saved. */
  dateOrder?: DateOrder;
  /** The desktop's regional locale (Electron's app.getSystemLocale()); headless, the environment's locale is used. */
  systemLocale?: string;
  /** Where LC_ALL, LC_TIME and LANG are read (default: this process's environment). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The station's date order, read afresh on each call so a change in Settings applies at once. */
export function stationDateOrder(settings: SettingsRepository, options: DateOrderOptions, configFile: DateOrder | undefined): () => DateOrderSetting {
  const locale = stationLocale(options.env ?? process.env, options.systemLocale);
  const sources: DateOrderSources = { ...(options.dateOrder ? { commandLine: options.dateOrder } : {}), ...(configFile ? { configFile } : {}), locale };
  return () => dateOrderSetting(settings, sources);
}
