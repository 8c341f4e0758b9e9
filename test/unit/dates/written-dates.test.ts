import { describe, expect, it } from 'vitest';
import { formatDateAs, formatDateForPeople, parseTypedDate, readDatesIn } from '../../../shared/domain/written-dates.js';

const today = new Date('2026-12-05T12:00:00Z');

describe('a typed date, read in the station’s order', () => {
  it('reads 09/02/2026 as 2 September month first and 9 February day first, and keeps the other reading', () => {
    expect(parseTypedDate('09/02/2026', 'month-first', today)).toEqual({ text: '09/02/2026', date: '2026-09-02', otherReading: '2026-02-09' });
    expect(parseTypedDate('09/02/2026', 'day-first', today)).toEqual({ text: '09/02/2026', date: '2026-02-09', otherReading: '2026-09-02' });
    // A year-first station reads a year-last date day first, and says so.
    expect(parseTypedDate('09/02/2026', 'year-first', today)).toMatchObject({ date: '2026-02-09', otherReading: '2026-09-02' });
  });

  it('reads a date only one order can mean as that date, whatever the setting', () => {
    for (const order of ['month-first', 'day-first', 'year-first'] as const) {
      expect(parseTypedDate('23/10/2026', order, today), order).toMatchObject({ date: '2026-10-23', otherReading: null });
      expect(parseTypedDate('10/23/2026', order, today), order).toMatchObject({ date: '2026-10-23', otherReading: null });
      expect(parseTypedDate('2026-09-02', order, today), order).toMatchObject({ date: '2026-09-02', otherReading: null });
      expect(parseTypedDate('20260902', order, today), order).toMatchObject({ date: '2026-09-02', otherReading: null });
      expect(parseTypedDate('2 Sep 2026', order, today), order).toMatchObject({ date: '2026-09-02', otherReading: null });
      expect(parseTypedDate('Sep 2, 2026', order, today), order).toMatchObject({ date: '2026-09-02', otherReading: null });
      expect(parseTypedDate('07/07/2026', order, today), order).toMatchObject({ date: '2026-07-07', otherReading: null });
    }
  });

  it('takes two-digit years in the last hundred years, and dots and dashes as separators', () => {
    expect(parseTypedDate('9.2.26', 'day-first', today)).toMatchObject({ date: '2026-02-09' });
    expect(parseTypedDate('09-02-71', 'month-first', today)).toMatchObject({ date: '1971-09-02' });
  });

  it('refuses what is not one whole date', () => {
    for (const text of ['31/31/2026', '2026-02-30', '09/02', 'tomorrow', '09/02/2026 and more', '']) expect(parseTypedDate(text, 'month-first', today), text).toBeNull();
  });
});

describe('printed dates', () => {
  it('never swaps a station reading that falls out of range for the other order’s', () => {
    const rules = { order: 'month-first' as const, today, earliest: '1900-01-01', latest: '2026-12-05' };
    // 12/11/2026 month first is 11 December 2026, after today: not taken as 12 November.
    expect(readDatesIn('Seen 12/11/2026', rules)).toEqual([]);
    expect(readDatesIn('Seen 11/12/2026', rules)).toEqual([{ text: '11/12/2026', date: '2026-11-12', otherReading: null, index: 5 }]);
  });
});

describe('dates shown to people', () => {
  it('writes the month by name, so the order cannot be misread', () => {
    expect(formatDateForPeople('2026-09-02')).toBe('2 Sep 2026');
    expect(formatDateForPeople('1971-05-08')).toBe('8 May 1971');
    expect(formatDateForPeople('not a date')).toBe('not a date');
  });

  it('writes numeric dates in a given order (the sample generator prints with it)', () => {
    expect(formatDateAs('2026-09-02', 'month-first')).toBe('09/02/2026');
    expect(formatDateAs('2026-09-02', 'day-first')).toBe('02/09/2026');
    expect(formatDateAs('2026-09-02', 'year-first')).toBe('2026-09-02');
  });
});
