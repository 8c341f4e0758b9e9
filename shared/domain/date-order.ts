import { z } from 'zod';

/**
 * How this hospital writes a date with numbers only: 09/02/2026 is 2 September in the US
 * (month first) and 9 February in most of the world (day first); 2026-09-02 is the same day
 * everywhere (year first). A station setting, because the computer cannot know which
 * convention the paper on its scanner follows; its default comes from the computer's locale.
 */
export const DateOrder = z.enum(['month-first', 'day-first', 'year-first']);
export type DateOrder = z.infer<typeof DateOrder>;

/** Where the station's date order came from, strongest first. */
export const DateOrderSource = z.enum(['command-line', 'config-file', 'settings', 'locale']);
export type DateOrderSource = z.infer<typeof DateOrderSource>;

/** The date order in force, and what the computer's locale alone would give (named in Settings). */
export const DateOrderSetting = z.object({
  order: DateOrder,
  source: DateOrderSource,
  /** The order the computer's locale gives, used when nothing else sets one. */
  localeDefault: DateOrder,
  /** The locale that default was read from (e.g. "en_US.UTF-8"), or null when none was set. */
  locale: z.string().nullable(),
  /** Where that locale was read: an environment variable (LC_ALL, LC_TIME, LANG) or the desktop's system locale. */
  localeFrom: z.string().nullable(),
});
export type DateOrderSetting = z.infer<typeof DateOrderSetting>;

const NAMES: Record<DateOrder, string> = { 'month-first': 'month first', 'day-first': 'day first', 'year-first': 'year first' };

/** "month first", "day first", "year first". */
export const dateOrderName = (order: DateOrder): string => NAMES[order];

/**
 * POSIX locale names ("en_US.UTF-8", "de_DE@euro") as BCP 47 tags ("en-US", "de-DE"); null for
 * "C", "POSIX" and anything that names no language.
 */
export function localeTag(locale: string | null | undefined): string | null {
  const raw = (locale ?? '').trim();
  if (!raw) return null;
  const base = raw.split('.')[0]!.split('@')[0]!.replace(/_/g, '-');
  if (/^(C|POSIX)$/i.test(base)) return null;
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(base)) return null;
  return base;
}

/**
 * The date order a locale writes numeric dates in, as the Unicode CLDR data in Intl has it:
 * en-US, en-PH and plain "en" month first; ja, zh, ko, sv, hu, lt, en-CA year first; most others
 * day first. Pure: only the locale string decides (never the process's own default locale).
 *
 * "C" and "POSIX" are month first: the C locale writes dates as %m/%d/%y. A locale Intl does not
 * know is day first, as most of the world writes.
 */
export function dateOrderOfLocale(locale: string | null | undefined): DateOrder {
  const raw = (locale ?? '').trim();
  const base = raw.split('.')[0]!.split('@')[0]!;
  if (/^(C|POSIX)$/i.test(base)) return 'month-first';
  const tag = localeTag(raw);
  if (!tag) return 'day-first';
  let supported: string[];
  try {
    supported = Intl.DateTimeFormat.supportedLocalesOf([tag]);
  } catch {
    return 'day-first';
  }
  // Without a supported locale Intl would fall back to the process's default: not a pure answer.
  if (supported.length === 0) return 'day-first';
  const parts = new Intl.DateTimeFormat(supported[0], { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC', calendar: 'gregory' })
    .formatToParts(new Date(Date.UTC(2026, 8, 2, 12)))
    .map((p) => p.type)
    .filter((type) => type === 'day' || type === 'month' || type === 'year');
  return parts[0] === 'month' ? 'month-first' : parts[0] === 'year' ? 'year-first' : 'day-first';
}
