import type { DateOrder } from '../../../../shared/domain/date-order.js';
import { type ReadDate, type ReadingRules, isCalendarDate, isoDay, isoOf, readDatesIn } from '../../../../shared/domain/written-dates.js';

/**
 * Reading birth dates: strictly when importing (an MPI row must say exactly one date), in the
 * station's date order when a clerk types or OCR reads one (07/03/1984 is 3 July on a
 * month-first station and 7 March on a day-first one; the other reading is kept beside it, and
 * the search shows both).
 */

const EARLIEST = '1850-01-01';

export { isCalendarDate };

/** A plausible birth date: a real calendar day, not before 1850, not after today. */
export function plausibleBirthDate(year: number, month: number, day: number, today: Date = new Date()): string | null {
  if (!isCalendarDate(year, month, day)) return null;
  const value = isoOf(year, month, day);
  return value >= EARLIEST && value <= isoDay(today) ? value : null;
}

/** The one form an import accepts: YYYY-MM-DD (FHIR's date, and what MPI extracts write). */
export function strictBirthDate(text: string, today?: Date): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? plausibleBirthDate(Number(m[1]), Number(m[2]), Number(m[3]), today) : null;
}

/** How a birth date is read: in the station's order, from 1850 up to today. */
export const birthDateRules = (order: DateOrder, today: Date = new Date()): ReadingRules => ({ order, today, earliest: EARLIEST, latest: isoDay(today) });

/** Every plausible birth date written in a piece of text, read in the station's order. */
export function birthDatesIn(text: string, order: DateOrder, today?: Date): (ReadDate & { index: number })[] {
  return readDatesIn(text, birthDateRules(order, today));
}
