import type { DateOrder } from '../../../shared/domain/date-order.js';
import type { ReadDate } from '../../../shared/domain/written-dates.js';
import { isoDay } from '../../../shared/domain/written-dates.js';
import type { PageTextIdentifierRepository } from '../db/repositories/page-text-identifiers.js';
import { findBirthDates, findMrns, findNames } from './patient-index/ocr-identifiers.js';

/**
 * What a page's OCR text says about its patient (labelled MRNs, birth dates, names), read once
 * when the text is committed and kept beside it (migration 0023), so the lists that run QC on
 * every open document do not read every page's text again on every refresh.
 *
 * A reading depends on the text and on how it was read: the station's date order, and the year
 * (a two-digit year falls in the hundred years up to it). So a kept reading names its date order,
 * year and reader version, and one made under anything else is never used: it is read again and
 * kept under the current ones. The day matters too (a birth date is never after today), but only
 * as a bound: a reading keeps the dates up to the end of its year, and `asOf` drops the ones after
 * today, which gives exactly what a read bounded by today gives.
 */
export interface TextIdentifiers {
  /** Printed MRNs read next to an MRN label. */
  printedMrns: string[];
  /** Birth dates read next to a DOB label, in the reading's date order (with the other reading, if any). */
  birthDates: ReadDate[];
  /** Names read next to a name label. */
  names: string[];
}

/** How a text was read. Bump `version` whenever ocr-identifiers.ts reads differently: kept readings are then read again. */
export interface TextReading {
  version: number;
  order: DateOrder;
  year: number;
}

export const READER_VERSION = 1;

export const readingOf = (order: DateOrder, today: Date): TextReading => ({ version: READER_VERSION, order, year: today.getUTCFullYear() });

/** The lines of a page's OCR text that carry something, top to bottom (none while OCR is pending). */
export const textLines = (text: string | null | undefined): string[] => (text ?? '').split('\n').filter((l) => l.trim());

/** Reads a page's text under a reading: birth dates up to the end of the reading's year. */
export function readTextIdentifiers(lines: readonly string[], reading: TextReading): TextIdentifiers {
  const endOfYear = new Date(Date.UTC(reading.year, 11, 31, 12));
  return {
    printedMrns: findMrns(lines)
      .filter((m) => m.labelled)
      .map((m) => m.value),
    birthDates: findBirthDates(lines, reading.order, endOfYear)
      .filter((d) => d.labelled)
      .map(({ text, date, otherReading }) => ({ text, date, otherReading })),
    names: findNames(lines)
      .filter((n) => n.labelled)
      .map((n) => n.text),
  };
}

/** A reading as of a day of its year: no birth date (nor other reading of one) after that day. */
export function asOf(read: TextIdentifiers, today: Date): TextIdentifiers {
  const day = isoDay(today);
  return {
    ...read,
    birthDates: read.birthDates.filter((d) => d.date <= day).map((d) => (d.otherReading !== null && d.otherReading > day ? { ...d, otherReading: null } : d)),
  };
}

/** A page with no text (not read yet, or nothing on it) says nothing. */
export const NO_TEXT_IDENTIFIERS: TextIdentifiers = { printedMrns: [], birthDates: [], names: [] };

/** The kept readings of pages' texts: written with the text, read by QC, read again when the reading changed. */
export class PageTextIdentifiers {
  constructor(
    private readonly repo: PageTextIdentifierRepository,
    private readonly dateOrder: () => DateOrder,
    private readonly now: () => Date,
  ) {}

  /** Call inside the transaction that commits the page's text. */
  recordText(pageId: string, text: string | null): void {
    const lines = textLines(text);
    if (lines.length === 0) return;
    const reading = readingOf(this.dateOrder(), this.now());
    this.repo.keep(pageId, reading, JSON.stringify(readTextIdentifiers(lines, reading)));
  }

  /**
   * What each page of a batch says, as of today: the kept reading where one was made under the
   * current date order and year, else the text read now (and kept, unless the text changed meanwhile).
   */
  ofBatch(batchId: string, texts: ReadonlyMap<string, string | null>): Map<string, TextIdentifiers> {
    const today = this.now();
    const reading = readingOf(this.dateOrder(), today);
    const found = new Map<string, TextIdentifiers>();
    for (const [pageId, json] of this.repo.ofBatch(batchId, reading)) found.set(pageId, asOf(JSON.parse(json) as TextIdentifiers, today));
    const missing: { pageId: string; text: string; json: string }[] = [];
    for (const [pageId, text] of texts) {
      if (found.has(pageId)) continue;
      const lines = textLines(text);
      if (lines.length === 0) {
        found.set(pageId, NO_TEXT_IDENTIFIERS);
        continue;
      }
      const read = readTextIdentifiers(lines, reading);
      found.set(pageId, asOf(read, today));
      missing.push({ pageId, text: text!, json: JSON.stringify(read) });
    }
    if (missing.length > 0) this.repo.keepAll(missing, reading);
    return found;
  }
}
