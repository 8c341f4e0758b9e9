/**
 * Reading birth dates: strictly when importing (an MPI row must say exactly one date), loosely
 * when a clerk types or OCR reads one (07/03/1984 is 7 March in this hospital's convention, but
 * 3 July is also tried when it is a valid date, and the search shows both).
 */

const MONTHS: Record<string, number> = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, SEPT: 9, OCT: 10, NOV: 11, DEC: 12,
};
const EARLIEST_YEAR = 1850;

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= days[month - 1]!;
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A plausible birth date: a real calendar day, not before 1850, not after today. */
export function plausibleBirthDate(year: number, month: number, day: number, today: Date = new Date()): string | null {
  if (year < EARLIEST_YEAR || !isCalendarDate(year, month, day)) return null;
  const value = iso(year, month, day);
  return value <= today.toISOString().slice(0, 10) ? value : null;
}

/** The one form an import accepts: YYYY-MM-DD (FHIR's date, and what MPI extracts write). */
export function strictBirthDate(text: string, today?: Date): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? plausibleBirthDate(Number(m[1]), Number(m[2]), Number(m[3]), today) : null;
}

/** Two-digit years fall in the last hundred years: a birth date is never in the future. */
function fullYear(text: string, today: Date): number {
  if (text.length > 2) return Number(text);
  const yy = Number(text);
  const century = Math.floor(today.getUTCFullYear() / 100) * 100;
  return century + yy > today.getUTCFullYear() ? century - 100 + yy : century + yy;
}

/** Matches one written date; the groups say which layout it is. */
export const DATE_PATTERN =
  /(?<![\d])(?:(?<iy>\d{4})[-/.](?<im>\d{1,2})[-/.](?<id>\d{1,2})|(?<a>\d{1,2})[-/.](?<b>\d{1,2})[-/.](?<y>\d{4}|\d{2})|(?<nd>\d{1,2})[\s.-]*(?<nm>[A-Za-z]{3,9})\.?[\s.,-]*(?<ny>\d{4})|(?<mm>[A-Za-z]{3,9})\.?\s+(?<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<my>\d{4}))(?![\d])/;

function monthNumber(name: string): number | null {
  const upper = name.toUpperCase();
  return MONTHS[upper.slice(0, 4) === 'SEPT' ? 'SEPT' : upper.slice(0, 3)] ?? null;
}

/** The dates a written date can mean, most likely first; empty when it is no date at all. */
export function readingsOfMatch(groups: Record<string, string | undefined>, today: Date = new Date()): string[] {
  const out: string[] = [];
  const add = (y: number, m: number, d: number) => {
    const value = plausibleBirthDate(y, m, d, today);
    if (value && !out.includes(value)) out.push(value);
  };
  if (groups.iy) add(Number(groups.iy), Number(groups.im), Number(groups.id));
  else if (groups.a && groups.b && groups.y) {
    const year = fullYear(groups.y, today);
    add(year, Number(groups.b), Number(groups.a));
    add(year, Number(groups.a), Number(groups.b));
  } else if (groups.nm && groups.nd && groups.ny) {
    const month = monthNumber(groups.nm);
    if (month) add(Number(groups.ny), month, Number(groups.nd));
  } else if (groups.mm && groups.md && groups.my) {
    const month = monthNumber(groups.mm);
    if (month) add(Number(groups.my), month, Number(groups.md));
  }
  return out;
}

export interface DateInText {
  /** The characters that were read as a date. */
  text: string;
  index: number;
  /** ISO dates, most likely first (day-first before month-first). */
  readings: string[];
}

/** Every plausible birth date written in a piece of text. */
export function datesInText(text: string, today?: Date): DateInText[] {
  const found: DateInText[] = [];
  const pattern = new RegExp(DATE_PATTERN.source, 'g');
  for (const m of text.matchAll(pattern)) {
    const readings = readingsOfMatch(m.groups ?? {}, today);
    if (readings.length > 0) found.push({ text: m[0], index: m.index, readings });
  }
  return found;
}
