import { describe, expect, it } from 'vitest';
import { csvField, csvText } from '../../../electron/engine/audit/audit-csv.js';

describe('CSV fields', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Tran, Bob')).toBe('"Tran, Bob"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('makes a field a spreadsheet would run as a formula into text', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${lead}cmd`), JSON.stringify(lead)).toMatch(/^"?'/);
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('a=b')).toBe('a=b');
    // Spreadsheets skip leading spaces and line breaks before they look for a formula.
    expect(csvField(' =1+1')).toBe(`' =1+1`);
    expect(csvField('  @SUM(A1)')).toBe(`'  @SUM(A1)`);
    expect(csvField('\n=cmd|"/c calc"!A1')).toBe(`"'\n=cmd|""/c calc""!A1"`);
    expect(csvField('\u00a0+44 20 7946 0000')).toBe(`'\u00a0+44 20 7946 0000`);
    expect(csvField(' Smith')).toBe(' Smith');
    expect(csvField('2026-03-09T10:00:00.000Z')).toBe('2026-03-09T10:00:00.000Z');
  });

  it('ends every line with CRLF', () => {
    expect(csvText(['a', 'b'], [['1', '2,3']])).toBe('a,b\r\n1,"2,3"\r\n');
  });
});
