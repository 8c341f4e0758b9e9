import { z } from 'zod';
import type { DateOrder } from './date-order.js';

/**
 * Reading dates as people write them (on a page, or typed by a clerk) under the station's date
 * order, and showing them back in a form nobody can misread. Pure: the engine and the screens
 * read dates the same way.
 *
 * A date written with numbers and the year last (09/02/2026) is read in the station's order;
 * when the other order gives another real date too, that reading is kept beside it
 * (`otherReading`) so nothing is decided silently. A date only one order can mean (25/08/1971)
 * is that date whatever the setting. Year first (2026-09-02) and month names (2 Sep 2026) mean
 * one date everywhere. A year-first station reads a year-last date day first, as most of the
 * world writes it, and keeps the other reading the same way.
 */

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-03-04.');

/** A written date and how the station read it. */
export const ReadDate = z.object({
  /** As written, e.g. "05/08/1971". */
  text: z.string(),
  /** What it means in the station's date order (ISO 8601). */
  date: IsoDate,
  /** What it would mean in the other order, when that is another real date; else null. */
  otherReading: IsoDate.nullable(),
});
export type ReadDate = z.infer<typeof ReadDate>;

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  SEPT: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= days[month - 1]!;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const isoOf = (year: number, month: number, day: number): string => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** Matches one written date; the groups say which layout it is. */
export const DATE_PATTERN =
  /(?<![\d])(?:(?<iy>\d{4})[-/.](?<im>\d{1,2})[-/.](?<id>\d{1,2})|(?<a>\d{1,2})[-/.](?<b>\d{1,2})[-/.](?<y>\d{4}|\d{2})|(?<nd>\d{1,2})[\s.-]*(?<nm>[A-Za-z]{3,9})\.?[\s.,-]*(?<ny>\d{4})|(?<mm>[A-Za-z]{3,9})\.?\s+(?<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<my>\d{4}))(?![\d])/;

/** A date written somewhere in a text, not read yet. */
export interface DateSpan {
  text: string;
  index: number;
  groups: Readonly<Record<string, string | undefined>>;
}

/** Where dates are written in a text, whatever order they follow. */
export function dateSpansIn(text: string): DateSpan[] {
  return [...text.matchAll(new RegExp(DATE_PATTERN.source, 'g'))].map((m) => ({ text: m[0], index: m.index, groups: { ...m.groups } }));
}

export interface ReadingRules {
  order: DateOrder;
  /** Two-digit years fall in the hundred years up to today's year. */
  today: Date;
  /** Dates outside [earliest, latest] (ISO, inclusive) are not taken as dates at all. */
  earliest: string;
  latest: string;
}

/** The order a year-last date (09/02/2026) is read in, and the other one. */
export const yearLastOrder = (order: DateOrder): 'month-first' | 'day-first' => (order === 'month-first' ? 'month-first' : 'day-first');
export const otherYearLastOrder = (order: DateOrder): 'month-first' | 'day-first' => (order === 'month-first' ? 'day-first' : 'month-first');

function fullYear(text: string, today: Date): number {
  if (text.length > 2) return Number(text);
  const yy = Number(text);
  const century = Math.floor(today.getUTCFullYear() / 100) * 100;
  return century + yy > today.getUTCFullYear() ? century - 100 + yy : century + yy;
}

function monthNumber(name: string): number | null {
  const upper = name.toUpperCase();
  return MONTHS[upper.slice(0, 4) === 'SEPT' ? 'SEPT' : upper.slice(0, 3)] ?? null;
}

/** [station-order reading, other-order reading] as calendar dates, or null where there is none. */
function candidates(groups: DateSpan['groups'], rules: ReadingRules): [string | null, string | null] {
  const date = (y: number, m: number, d: number) => (isCalendarDate(y, m, d) ? isoOf(y, m, d) : null);
  if (groups.iy) return [date(Number(groups.iy), Number(groups.im), Number(groups.id)), null];
  if (groups.a && groups.b && groups.y) {
    const year = fullYear(groups.y, rules.today);
    const a = Number(groups.a);
    const b = Number(groups.b);
    const monthFirst = date(year, a, b);
    const dayFirst = date(year, b, a);
    return yearLastOrder(rules.order) === 'month-first' ? [monthFirst, dayFirst] : [dayFirst, monthFirst];
  }
  const named = groups.nm ? { m: groups.nm, d: groups.nd, y: groups.ny } : groups.mm ? { m: groups.mm, d: groups.md, y: groups.my } : null;
  if (named?.d && named.y) {
    const month = monthNumber(named.m);
    return [month ? date(Number(named.y), month, Number(named.d)) : null, null];
  }
  return [null, null];
}

/**
 * What a written date means under the rules, or null when it is no date (or none in range).
 * The station's reading wins whenever it is a real date: a reading out of range is dropped,
 * never swapped for the other order's.
 */
export function readDateSpan(span: Pick<DateSpan, 'text' | 'groups'>, rules: ReadingRules): ReadDate | null {
  const inRange = (iso: string | null): iso is string => iso !== null && iso >= rules.earliest && iso <= rules.latest;
  const [station, other] = candidates(span.groups, rules);
  if (station !== null) {
    if (!inRange(station)) return null;
    return { text: span.text, date: station, otherReading: other !== station && inRange(other) ? other : null };
  }
  return inRange(other) ? { text: span.text, date: other, otherReading: null } : null;
}

/** Every date written in a text, read under the rules. */
export function readDatesIn(text: string, rules: ReadingRules): (ReadDate & { index: number })[] {
  return dateSpansIn(text).flatMap((span) => {
    const read = readDateSpan(span, rules);
    return read ? [{ ...read, index: span.index }] : [];
  });
}

/** The ISO date of a day, on the UTC calendar. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * A date a clerk typed: the whole text must be one date (2026-03-04, 20260304, 04/03/2026,
 * 4.3.26, 4 Mar 2026, Mar 4, 2026), from 1900 to 2100.
 */
export function parseTypedDate(text: string, order: DateOrder, today: Date): ReadDate | null {
  const t = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const rules: ReadingRules = { order, today, earliest: '1900-01-01', latest: '2100-12-31' };
  if (compact) return readDateSpan({ text: t, groups: { iy: compact[1], im: compact[2], id: compact[3] } }, rules);
  const [span] = dateSpansIn(t);
  if (!span || span.text !== t) return null;
  return readDateSpan(span, rules);
}

/** "2 Sep 2026": a date nobody can misread, for screens. */
export function formatDateForPeople(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return iso;
  return `${Number(m[3])} ${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`;
}

/** A date written with numbers in an order: 09/02/2026 (month first), 02/09/2026 (day first), 2026-09-02. */
export function formatDateAs(iso: string, order: DateOrder): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (order === 'month-first') return `${mo}/${d}/${y}`;
  if (order === 'day-first') return `${d}/${mo}/${y}`;
  return iso;
}
