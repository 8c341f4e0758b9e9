import type { DateOrder } from '../../../../shared/domain/date-order.js';
import { birthDatesIn } from './birth-dates.js';
import { nameWords } from './name-folding.js';

/**
 * What a clerk typed, split into the parts the index can look up: MRNs (digit runs, or
 * letters and digits together), birth dates (every reading of each written date), and name
 * words. A comma means "family, given" as on a wristband; without one the order is free.
 * A typed date is read in the station's date order; its other reading, when it has one, is
 * searched too but ranks lower.
 */
export interface ParsedQuery {
  mrns: string[];
  /** ISO dates; each written date's reading in the station's order comes first. */
  birthDates: string[];
  /** How many of birthDates are readings in the station's order; the rest are other-order alternatives. */
  preferredBirthDates: number;
  words: QueryWord[];
}

export interface QueryWord {
  text: string;
  /** Typed before a comma: the clerk said this is the family name. */
  family: boolean;
  /** Typed after a comma: the clerk said this is a given name. */
  given: boolean;
}

/** Numbers shorter than this are neither MRNs nor names (a ward, an age): they are ignored. */
const MRN_MIN_DIGITS = 4;

export function parseQuery(text: string, order: DateOrder, today?: Date): ParsedQuery {
  const dates = birthDatesIn(text, order, today);
  let rest = text;
  for (const d of [...dates].reverse()) rest = rest.slice(0, d.index) + ' ' + rest.slice(d.index + d.text.length);
  const first = dates.map((d) => d.date);
  const alternatives = dates.flatMap((d) => (d.otherReading ? [d.otherReading] : [])).filter((r) => !first.includes(r));
  const birthDates = [...new Set(first), ...new Set(alternatives)];

  const mrns: string[] = [];
  const nameParts: string[] = [];
  for (const piece of rest.split(/\s+/)) {
    const candidate = piece.replace(/^[#:]+|[,.;:]+$/g, '');
    if (/\d/.test(candidate) && /^[A-Za-z0-9-]+$/.test(candidate)) {
      if (candidate.replace(/\D/g, '').length >= MRN_MIN_DIGITS) mrns.push(candidate.toUpperCase());
      continue;
    }
    nameParts.push(piece.replace(/\d+/g, ' '));
  }
  const names = nameParts.join(' ');
  const comma = names.indexOf(',');
  const words: QueryWord[] =
    comma < 0
      ? nameWords(names).map((w) => ({ text: w, family: false, given: false }))
      : [...nameWords(names.slice(0, comma)).map((w) => ({ text: w, family: true, given: false })), ...nameWords(names.slice(comma + 1)).map((w) => ({ text: w, family: false, given: true }))];
  return { mrns: [...new Set(mrns)], birthDates, preferredBirthDates: new Set(first).size, words };
}
