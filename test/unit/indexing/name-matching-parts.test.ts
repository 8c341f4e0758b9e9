import { describe, expect, it } from 'vitest';
import { birthDatesIn, strictBirthDate } from '../../../electron/engine/indexing/patient-index/birth-dates.js';
import { singleDeletions, withinOneEdit } from '../../../electron/engine/indexing/patient-index/edit-distance.js';
import { foldAccents, nameTerms, nameWords } from '../../../electron/engine/indexing/patient-index/name-folding.js';
import { phoneticKey } from '../../../electron/engine/indexing/patient-index/phonetic-key.js';
import { parseQuery } from '../../../electron/engine/indexing/patient-index/search-query.js';

describe('name folding', () => {
  it('removes accents and folds letters that do not decompose', () => {
    expect(foldAccents('Müller Núñez Łukasz Søren Weiß Œdipe')).toBe('MULLER NUNEZ LUKASZ SOREN WEISS OEDIPE');
  });

  it('indexes apostrophe names joined and by their part, hyphenated names by part and run together', () => {
    expect(nameTerms("O'Brien")).toEqual(['OBRIEN', 'BRIEN']);
    expect(nameTerms('Smith-Jones')).toEqual(['SMITH', 'JONES', 'SMITHJONES']);
    expect(nameTerms('Van der Berg')).toEqual(['VAN', 'DER', 'BERG', 'VANDERBERG']);
    expect(nameTerms('O’Brien-Walsh')).toEqual(['OBRIEN', 'BRIEN', 'WALSH', 'OBRIENWALSH']);
    expect(nameTerms('')).toEqual([]);
  });

  it('splits typed words on anything but letters and apostrophes', () => {
    expect(nameWords("o'brien,  mary-kate")).toEqual(['OBRIEN', 'MARY', 'KATE']);
  });
});

describe('phonetic key and typos', () => {
  it('gives sound-alike spellings one key', () => {
    expect(phoneticKey('SMYTH')).toBe(phoneticKey('SMITH'));
    expect(phoneticKey('MUELLER')).toBe(phoneticKey('MULLER'));
    expect(phoneticKey('PHILLIPS')).toBe(phoneticKey('FILIPS'));
    expect(phoneticKey('STEPHENS')).toBe(phoneticKey('STEVENS'));
    expect(phoneticKey('OBRYAN')).toBe(phoneticKey('OBRIEN'));
    expect(phoneticKey('BRYAN')).toBe(phoneticKey('BRIAN'));
    expect(phoneticKey('MCDONALD')).toBe(phoneticKey('MACDONALD'));
    expect(phoneticKey('KATHRYN')).toBe(phoneticKey('CATHERINE'));
  });

  it('keeps names that only share a sound in another language, or a beginning, apart', () => {
    // Double Metaphone's secondary code reads SMITH the German way (XMT, as SCHMIDT): only the primary is used.
    expect(phoneticKey('SMITH')).not.toBe(phoneticKey('SCHMIDT'));
    expect(phoneticKey('JONES')).not.toBe(phoneticKey('JAMES'));
    // Not cut to four letters, as Soundex is: long names keep their tails.
    expect(phoneticKey('WASHINGTONIAN')).not.toBe(phoneticKey('WASHINGTON'));
    expect(phoneticKey('')).toBe('');
    expect(phoneticKey("O'BRIEN-2")).toBe(phoneticKey('OBRIEN'));
  });

  it('accepts one insertion, deletion, substitution or transposition and nothing more', () => {
    expect(withinOneEdit('JOHNSTON', 'JOHNSON')).toBe(true);
    expect(withinOneEdit('SMYTH', 'SMITH')).toBe(true);
    expect(withinOneEdit('OBRIEN', 'OBREIN')).toBe(true);
    expect(withinOneEdit('SMITH', 'SMITHE')).toBe(true);
    expect(withinOneEdit('SMITH', 'SMYTHE')).toBe(false);
    expect(withinOneEdit('JONES', 'JOHNS')).toBe(false);
    expect(singleDeletions('ANNA')).toEqual(['NNA', 'ANA', 'ANN']);
  });
});

describe('dates', () => {
  const today = new Date('2025-06-01T00:00:00Z');

  it('imports only real past ISO dates', () => {
    expect(strictBirthDate('1984-03-07', today)).toBe('1984-03-07');
    expect(strictBirthDate('1984-02-30', today)).toBeNull();
    expect(strictBirthDate('07/03/1984', today)).toBeNull();
    expect(strictBirthDate('2030-01-01', today)).toBeNull();
  });

  it('reads typed and printed dates in the station order, keeping the other reading when it is valid too', () => {
    const readings = (t: string, order: 'day-first' | 'month-first' = 'day-first') => birthDatesIn(t, order, today).map((d) => [d.date, ...(d.otherReading ? [d.otherReading] : [])]);
    expect(readings('07/03/1984')).toEqual([['1984-03-07', '1984-07-03']]);
    expect(readings('07/03/1984', 'month-first')).toEqual([['1984-07-03', '1984-03-07']]);
    expect(readings('25/03/1984')).toEqual([['1984-03-25']]);
    expect(readings('25/03/1984', 'month-first')).toEqual([['1984-03-25']]);
    expect(readings('7.3.1984')).toEqual([['1984-03-07', '1984-07-03']]);
    expect(readings('DOB 1984-03-07')).toEqual([['1984-03-07']]);
    expect(readings('DOB 1984-03-07', 'month-first')).toEqual([['1984-03-07']]);
    expect(readings('born 7 Mar 1984, seen March 9, 2020')).toEqual([['1984-03-07'], ['2020-03-09']]);
    expect(readings('07/03/84')).toEqual([['1984-03-07', '1984-07-03']]);
    expect(readings('MRN 00123456')).toEqual([]);
  });
});

describe('parseQuery', () => {
  it('separates MRNs, dates and name words, and remembers a comma as family-then-given', () => {
    expect(parseQuery("O'BRIEN, Mary 07/03/1984", 'day-first')).toEqual({
      mrns: [],
      birthDates: ['1984-03-07', '1984-07-03'],
      preferredBirthDates: 1,
      words: [
        { text: 'OBRIEN', family: true, given: false },
        { text: 'MARY', family: false, given: true },
      ],
    });
    expect(parseQuery("O'BRIEN, Mary 07/03/1984", 'month-first')).toMatchObject({ birthDates: ['1984-07-03', '1984-03-07'], preferredBirthDates: 1 });
    expect(parseQuery('00123456', 'day-first').mrns).toEqual(['00123456']);
    expect(parseQuery('smith 12', 'day-first').words.map((w) => w.text)).toEqual(['SMITH']);
  });
});
