import type { ReportRange } from '../../shared/domain/reports.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of a local date (what <input type="date"> reads and writes). */
export const isoDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** The last `days` days, today included. */
export const lastDays = (days: number, today = new Date()): ReportRange => {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: isoDay(from), to: isoDay(today) };
};

export const DEFAULT_REPORT_DAYS = 14;

const localDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
};

const shortDayFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const weekdayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const weekdayYearFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "9 Mar" on an axis, "Mon 9 Mar" in a tooltip or table, "Mon 9 Mar 2026" where the year matters. */
export const shortDay = (day: string) => shortDayFmt.format(localDate(day));
export const weekdayDay = (day: string) => weekdayFmt.format(localDate(day));
export const weekdayYear = (day: string) => weekdayYearFmt.format(localDate(day));
export const isWeekend = (day: string) => [0, 6].includes(localDate(day).getDay());

/** "45 min", "3 h 20 min", "2 d 4 h": a delivery time a supervisor reads at a glance. */
export function durationText(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = Math.round(minutes - h * 60);
    return m === 0 || m === 60 ? `${m === 60 ? h + 1 : h} h` : `${h} h ${m} min`;
  }
  const d = Math.floor(minutes / (24 * 60));
  const h = Math.round((minutes - d * 24 * 60) / 60);
  return h === 0 || h === 24 ? `${h === 24 ? d + 1 : d} d` : `${d} d ${h} h`;
}

/** "33%", "4.8%" below ten, "—" with nothing to divide by. */
export const percentText = (share: number | null) => {
  if (share === null) return '—';
  const pct = share * 100;
  return `${pct > 0 && pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
};

/**
 * Colours for operators in stacked charts: distinct in hue and lightness, readable on white and
 * told apart by most colour-blind readers (after Okabe and Ito), the rest grouped as "Others".
 */
export const operatorColours = ['#2257c5', '#d17a00', '#1c8a6a', '#b4457f', '#5aa9e6', '#8a6d00', '#6b4fbb'] as const;
export const OTHERS_COLOUR = '#9aa3ae';
