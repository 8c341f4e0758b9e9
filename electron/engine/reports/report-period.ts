import type { ReportRange } from '../../../shared/domain/reports.js';
import type { Instants } from '../db/repositories/reports.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** The day a stored timestamp falls on, on this computer's clock (a clerk's "Tuesday"). */
export const localDay = (iso: string): string => {
  const at = new Date(iso);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
};

const localMidnight = (day: string): Date => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
};

export interface ReportPeriod {
  /** From local midnight of the first day to local midnight after the last (a DST day is 23 or 25 hours). */
  instants: Instants;
  /** Every day of the range, oldest first. */
  days: string[];
}

export function reportPeriod(range: ReportRange): ReportPeriod {
  const days: string[] = [];
  const cursor = localMidnight(range.from);
  const last = localMidnight(range.to);
  while (cursor <= last) {
    days.push(localDay(cursor.toISOString()));
    cursor.setDate(cursor.getDate() + 1);
  }
  return { instants: { start: localMidnight(range.from).toISOString(), end: cursor.toISOString() }, days };
}

/** The zone days are counted in, named for the people reading the report. */
export const stationTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
