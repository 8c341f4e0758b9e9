import type { DateOfServiceSuggestion } from '../../../shared/domain/indexing.js';
import { datesInText } from './patient-index/birth-dates.js';

/** Words that name the date a document is about; the nearer to a date, the likelier it is the one. */
const SERVICE_LABEL = /date of (service|admission|discharge|visit|procedure|operation|report|consultation|collection)|admitted|discharged|seen on|visit date|report date|collected|dated|^date\b/i;
/** Words that mark a date as something else: a birth date is never a date of service. */
const NOT_SERVICE = /\b(d\.?o\.?b|date of birth|born|birth)\b/i;

/**
 * Dates of service from the text, best first, never a date of birth: dates on a line that
 * names a birth date, or equal to one of the patient's known birth dates, are left out.
 */
export function suggestDatesOfService(
  lines: readonly string[],
  options: { birthDates: readonly string[]; coverSheetDate: string | null; today?: Date },
): DateOfServiceSuggestion[] {
  const excluded = new Set(options.birthDates);
  const scored = new Map<string, { score: number; evidence: string; order: number }>();
  lines.forEach((line, order) => {
    if (NOT_SERVICE.test(line)) return;
    for (const found of datesInText(line, options.today)) {
      const date = found.readings[0];
      if (!date || excluded.has(date)) continue;
      const labelled = SERVICE_LABEL.test(line);
      // Earlier lines carry the header dates; a labelled date anywhere beats an unlabelled one.
      const score = (labelled ? 10 : 1) + 1 / (order + 1);
      const existing = scored.get(date);
      if (!existing || score > existing.score) scored.set(date, { score, evidence: line.trim().slice(0, 120), order });
    }
  });
  const fromText: DateOfServiceSuggestion[] = [...scored.entries()]
    .sort((a, b) => b[1].score - a[1].score)
    .slice(0, 3)
    .map(([date, s]) => ({ date, source: 'text', evidence: s.evidence }));
  if (!options.coverSheetDate) return fromText;
  return [{ date: options.coverSheetDate, source: 'cover-sheet', evidence: 'cover sheet' }, ...fromText.filter((s) => s.date !== options.coverSheetDate)];
}
