import type { DateOrder } from '../../../shared/domain/date-order.js';
import type { DateOfServiceSuggestion } from '../../../shared/domain/indexing.js';
import { isoDay, readDatesIn } from '../../../shared/domain/written-dates.js';

/** Words that name the date a document is about; the nearer to a date, the likelier it is the one. */
const SERVICE_LABEL = /date of (service|admission|discharge|visit|procedure|operation|report|consultation|collection)|admitted|discharged|seen on|visit date|report date|collected|dated|^date\b/i;
/** Words that mark a date as something else: a birth date is never a date of service. */
const NOT_SERVICE = /\b(d\.?o\.?b|date of birth|born|birth)\b/i;
/** Older than this is a misread, not a record being scanned. */
const EARLIEST_SERVICE = '1900-01-01';

export interface DateOfServiceOptions {
  /** The station's date order: 09/02/2026 is read in it, and its other reading is said alongside. */
  order: DateOrder;
  /** A date of service is never after today. */
  today: Date;
  birthDates: readonly string[];
  coverSheetDate: string | null;
}

/**
 * Dates of service from the text, best first, never a date of birth: dates on a line that
 * names a birth date, or equal (in either reading) to one of the patient's known birth dates,
 * are left out. An ambiguous date is suggested as the station's order reads it, with the other
 * reading named so the clerk sees the question.
 */
export function suggestDatesOfService(lines: readonly string[], options: DateOfServiceOptions): DateOfServiceSuggestion[] {
  const excluded = new Set(options.birthDates);
  const rules = { order: options.order, today: options.today, earliest: EARLIEST_SERVICE, latest: isoDay(options.today) };
  const scored = new Map<string, { score: number; evidence: string; otherReading: string | null }>();
  lines.forEach((line, order) => {
    if (NOT_SERVICE.test(line)) return;
    for (const found of readDatesIn(line, rules)) {
      if (excluded.has(found.date) || (found.otherReading !== null && excluded.has(found.otherReading))) continue;
      const labelled = SERVICE_LABEL.test(line);
      // Earlier lines carry the header dates; a labelled date anywhere beats an unlabelled one.
      const score = (labelled ? 10 : 1) + 1 / (order + 1);
      const existing = scored.get(found.date);
      if (!existing || score > existing.score) scored.set(found.date, { score, evidence: line.trim().slice(0, 120), otherReading: found.otherReading });
    }
  });
  const fromText: DateOfServiceSuggestion[] = [...scored.entries()]
    .sort((a, b) => b[1].score - a[1].score)
    .slice(0, 3)
    .map(([date, s]) => ({ date, source: 'text', evidence: s.evidence, otherReading: s.otherReading }));
  if (!options.coverSheetDate) return fromText;
  return [{ date: options.coverSheetDate, source: 'cover-sheet', evidence: 'cover sheet', otherReading: null }, ...fromText.filter((s) => s.date !== options.coverSheetDate)];
}
