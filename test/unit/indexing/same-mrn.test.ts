import { describe, expect, it } from 'vitest';
import { sameMrn } from '../../../shared/domain/mrn.js';

describe('sameMrn: one rule for the engine and the screens', () => {
  it('takes an MRN printed with or without leading zeros, spaces or dashes as the same record', () => {
    expect(sameMrn('00123456', '123456')).toBe(true);
    expect(sameMrn(' 123456 ', '123456')).toBe(true);
    expect(sameMrn('00-123 456', '123456')).toBe(true);
  });

  it('ignores case where a hospital uses letters', () => {
    expect(sameMrn('ab123456', 'AB123456')).toBe(true);
  });

  it('keeps different numbers apart, including a zero inside the number', () => {
    expect(sameMrn('123456', '1234567')).toBe(false);
    expect(sameMrn('1023456', '123456')).toBe(false);
    expect(sameMrn('A123456', 'B123456')).toBe(false);
    expect(sameMrn('0', '00')).toBe(true);
  });
});
