import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentile } from '../../../electron/engine/reports/percentile.js';
import { localDay, reportPeriod } from '../../../electron/engine/reports/report-period.js';

describe('report days on the station clock', () => {
  const zone = process.env.TZ;
  // New York changes clocks on 8 March and 1 November 2026: days of 23 and 25 hours.
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('runs from local midnight of the first day to local midnight after the last, across a spring-forward day', () => {
    const period = reportPeriod({ from: '2026-03-07', to: '2026-03-09' });
    expect(period.days).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(period.instants).toEqual({ start: '2026-03-07T05:00:00.000Z', end: '2026-03-10T04:00:00.000Z' });
  });

  it('keeps a 25-hour day whole when the clocks go back', () => {
    const period = reportPeriod({ from: '2026-11-01', to: '2026-11-01' });
    expect(period.days).toEqual(['2026-11-01']);
    expect(period.instants).toEqual({ start: '2026-11-01T04:00:00.000Z', end: '2026-11-02T05:00:00.000Z' });
  });

  it('puts a stored UTC timestamp on the local day it happened', () => {
    expect(localDay('2026-03-09T03:59:59.999Z')).toBe('2026-03-08');
    expect(localDay('2026-03-09T04:00:00.000Z')).toBe('2026-03-09');
  });
});

describe('percentile', () => {
  it('interpolates between ranks as PERCENTILE.INC does', () => {
    const oneToTen = [10, 3, 1, 7, 2, 9, 4, 8, 6, 5];
    expect(percentile(oneToTen, 0.5)).toBeCloseTo(5.5, 10);
    expect(percentile(oneToTen, 0.9)).toBeCloseTo(9.1, 10);
    expect(percentile([42], 0.9)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
  });
});
