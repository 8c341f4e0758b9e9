import { describe, expect, it } from 'vitest';
import { type CsvRecord, csvRecords } from '../../../electron/engine/indexing/patient-index/csv-records.js';

async function read(chunks: (string | Uint8Array)[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of csvRecords(chunks)) out.push(r);
  return out;
}

describe('csvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, numbering records by their first line', async () => {
    const text = 'a,b,c\r\n1,"Smith, John","say ""hi"""\r\n2,"12 High St\r\nAshford",x\r\n3,y,z\r\n';
    expect(await read([text])).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'Smith, John', 'say "hi"'] },
      { line: 3, fields: ['2', '12 High St\r\nAshford', 'x'] },
      { line: 5, fields: ['3', 'y', 'z'] },
    ]);
  });

  it('drops a UTF-8 BOM, keeps characters split across chunks, and treats LF, CRLF and lone CR as line breaks', async () => {
    const bytes = new TextEncoder().encode('\uFEFFfamily\nMüller\r\nNúñez\rLast');
    // Split inside the two bytes of "ü" and between CR and LF.
    const cut1 = bytes.indexOf(0xc3) + 1;
    const cut2 = bytes.indexOf(0x0d) + 1;
    const records = await read([bytes.slice(0, cut1), bytes.slice(cut1, cut2), bytes.slice(cut2)]);
    expect(records).toEqual([
      { line: 1, fields: ['family'] },
      { line: 2, fields: ['Müller'] },
      { line: 3, fields: ['Núñez'] },
      { line: 4, fields: ['Last'] },
    ]);
  });

  it('skips blank lines, keeps empty fields, and needs no newline at the end', async () => {
    expect(await read(['a,,c\n\n\n,b,\nx'])).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 4, fields: ['', 'b', ''] },
      { line: 5, fields: ['x'] },
    ]);
  });

  it('marks text after a closing quote and a quote never closed, and goes on after the first', async () => {
    const records = await read(['1,"ab"c,d\n2,ok\n3,"never closed\n4,x\n']);
    expect(records[0]).toMatchObject({ line: 1, error: 'text after a closing quote' });
    expect(records[1]).toEqual({ line: 2, fields: ['2', 'ok'] });
    expect(records[2]).toMatchObject({ line: 3, error: 'a quoted field is never closed' });
    expect(records).toHaveLength(3);
  });

  it('keeps a stray quote inside an unquoted field as a character', async () => {
    expect(await read(['O"Brien,x\n'])).toEqual([{ line: 1, fields: ['O"Brien', 'x'] }]);
  });
});
