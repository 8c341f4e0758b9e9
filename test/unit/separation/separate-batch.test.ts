import { describe, expect, it } from 'vitest';
import { formatCoverSheetPayload, parseCoverSheetPayload } from '../../../electron/engine/separation/cover-sheet-payload.js';
import { mrnFromBarcode } from '../../../shared/domain/separation-rules.js';
import { type PageFacts, separateBatch } from '../../../electron/engine/separation/separate-batch.js';
import { defaultSeparationRules } from '../../../shared/domain/separation-rules.js';

const content = (id: string, barcodes: PageFacts['barcodes'] = []): PageFacts => ({ pageId: id, status: 'done', blank: false, barcodes });
const blank = (id: string): PageFacts => ({ pageId: id, status: 'done', blank: true, barcodes: [] });
const separator = (id: string): PageFacts => ({ pageId: id, status: 'done', blank: true, barcodes: [{ format: 'Code128', text: 'PATCHT' }] });
const cover = (id: string, payload: string, format = 'DataMatrix'): PageFacts => ({ pageId: id, status: 'done', blank: false, barcodes: [{ format, text: payload }] });
const pending = (id: string): PageFacts => ({ pageId: id, status: 'pending', blank: false, barcodes: [] });

const split = (pages: PageFacts[]) => separateBatch(pages, defaultSeparationRules);
const pagesOf = (pages: PageFacts[]) => split(pages).documents.map((d) => d.pageIds);

describe('separating a batch into documents', () => {
  it('keeps a file without marks as one document', () => {
    const result = split([content('a'), content('b'), content('c')]);
    expect(result.documents).toHaveLength(1);
    expect(result.documents[0]).toMatchObject({ origin: 'file', pageIds: ['a', 'b', 'c'], mrn: null, complete: true });
  });

  it('ends a document at a separator sheet, which belongs to no document', () => {
    const result = split([content('a'), separator('s'), content('b'), content('c')]);
    expect(result.documents.map((d) => [d.origin, d.pageIds])).toEqual([
      ['file', ['a']],
      ['separator', ['b', 'c']],
    ]);
    expect(result.roles.get('s')).toBe('separator');
  });

  it('recognises the separator value case-insensitively and from the configured list', () => {
    const custom = { ...defaultSeparationRules, separatorValues: ['PATCHT', 'SEP-2'] };
    const pages = [content('a'), { ...content('s'), barcodes: [{ format: 'Code39', text: 'sep-2' }] }, content('b')];
    expect(separateBatch(pages, custom).documents.map((d) => d.pageIds)).toEqual([['a'], ['b']]);
  });

  it('starts a document at a cover sheet and takes its index values; the sheet belongs to no document', () => {
    const payload = formatCoverSheetPayload({ mrn: '00123456', docType: '18842-5', dateOfService: '2026-03-04', encounter: 'E77' });
    const result = split([cover('c1', payload), content('a'), content('b')]);
    expect(result.documents).toEqual([
      {
        origin: 'cover',
        pageIds: ['a', 'b'],
        mrn: '00123456',
        mrnSource: 'cover-sheet',
        docTypeCode: '18842-5',
        dateOfService: '2026-03-04',
        encounter: 'E77',
        complete: true,
      },
    ]);
    expect(result.roles.get('c1')).toBe('cover');
  });

  it('does not take a 1D barcode with KEY=VALUE text for a cover sheet', () => {
    const result = split([cover('x', 'MRN=123456', 'Code128'), content('a')]);
    expect(result.roles.get('x')).toBe('content');
  });

  it('sets blank pages aside but keeps them in the batch record', () => {
    const result = split([content('a'), blank('b1'), content('b'), blank('b2')]);
    expect(pagesOf([content('a'), blank('b1'), content('b'), blank('b2')])).toEqual([['a', 'b']]);
    expect(result.roles.get('b1')).toBe('blank');
    expect(result.roles.size).toBe(4);
  });

  it("names the patient from a label barcode's MRN when no cover sheet did", () => {
    const result = split([content('a'), content('b', [{ format: 'Code128', text: 'MRN:0004567' }])]);
    expect(result.documents[0]).toMatchObject({ mrn: '0004567', mrnSource: 'patient-label' });
  });

  it('lets the cover sheet win over a label on the pages behind it', () => {
    const result = split([cover('c', 'MRN=111111;DOCTYPE=11506-3'), content('a', [{ format: 'Code128', text: '222222' }])]);
    expect(result.documents[0]).toMatchObject({ mrn: '111111', mrnSource: 'cover-sheet' });
  });

  it('splits a whole box: covers, separators, blanks', () => {
    const pages = [
      cover('c1', 'MRN=100001;DOCTYPE=18842-5'),
      content('a1'),
      blank('a1b'),
      content('a2'),
      separator('s'),
      content('b1', [{ format: 'QRCode', text: 'MRN:200002' }]),
      cover('c2', 'MRN=300003;DOCTYPE=11488-4', 'QRCode'),
      content('c1p'),
      blank('end'),
    ];
    expect(split(pages).documents.map((d) => [d.pageIds, d.mrn, d.docTypeCode])).toEqual([
      [['a1', 'a2'], '100001', '18842-5'],
      [['b1'], '200002', null],
      [['c1p'], '300003', '11488-4'],
    ]);
  });

  it('drops a cover sheet with no pages behind it rather than making an empty document', () => {
    expect(pagesOf([cover('c1', 'MRN=100001'), cover('c2', 'MRN=200002'), content('a')])).toEqual([['a']]);
  });

  it('decides only the pages read so far, and marks the open document incomplete', () => {
    const result = split([content('a'), separator('s'), content('b'), pending('c'), content('d')]);
    expect(result.documents.map((d) => [d.pageIds, d.complete])).toEqual([
      [['a'], true],
      [['b'], false],
    ]);
    expect(result.undecided).toBe(2);
  });

  it('keeps a page whose recognition failed, as content', () => {
    expect(pagesOf([content('a'), { pageId: 'f', status: 'failed', blank: true, barcodes: [] }])).toEqual([['a', 'f']]);
  });
});

describe('cover-sheet payloads and MRN labels', () => {
  it('round-trips a payload and ignores key case and spaces', () => {
    expect(parseCoverSheetPayload(' mrn = 123456 ; doctype=18842-5;DOS=2026-01-02;ENC=A1;WARD=7 ')).toEqual({
      mrn: '123456',
      docType: '18842-5',
      dateOfService: '2026-01-02',
      encounter: 'A1',
      extra: { WARD: '7' },
    });
    expect(parseCoverSheetPayload(formatCoverSheetPayload({ mrn: '9', docType: 'X' }))).toMatchObject({ mrn: '9', docType: 'X' });
  });

  it('refuses payloads without MRN or with malformed parts', () => {
    expect(parseCoverSheetPayload('DOCTYPE=18842-5')).toBeNull();
    expect(parseCoverSheetPayload('PATCHT')).toBeNull();
    expect(parseCoverSheetPayload('MRN=1;garbage')).toBeNull();
  });

  it.each([
    ['1234567', '1234567'],
    ['MRN0012345', '0012345'],
    ['MRN:123456', '123456'],
    ['MRN=1234567890', '1234567890'],
    ['12345', null],
    ['12345678901', null],
    ['PATCHT', null],
    ['A123456', null],
  ])('reads %s as MRN %s', (text, mrn) => {
    expect(mrnFromBarcode(text)).toBe(mrn);
  });
});
