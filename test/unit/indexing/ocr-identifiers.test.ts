import { describe, expect, it } from 'vitest';
import { findBirthDates, findMrns, findNames, repairOcrDigits } from '../../../electron/engine/indexing/patient-index/ocr-identifiers.js';

describe('identifiers in OCR lines', () => {
  it('reads a labelled header', () => {
    const lines = ["Name: O'BRIEN, Mary", 'DOB 07/03/1984', 'MRN: 00123456', 'Ward 4B'];
    expect(findNames(lines)).toEqual([{ text: "O'BRIEN, Mary", family: "O'BRIEN", given: 'Mary', labelled: true, line: 0 }]);
    expect(findBirthDates(lines, 'day-first')[0]).toMatchObject({ text: '07/03/1984', date: '1984-03-07', otherReading: '1984-07-03', labelled: true, line: 1 });
    expect(findBirthDates(lines, 'month-first')[0]).toMatchObject({ text: '07/03/1984', date: '1984-07-03', otherReading: '1984-03-07', labelled: true, line: 1 });
    expect(findMrns(lines)).toEqual([{ value: '00123456', labelled: true, line: 2 }]);
  });

  it('reads a label printer layout with several fields on one line', () => {
    const lines = ['SMITH-JONES, Mark (M)', 'D.O.B: 02.06.2001   Hosp No: 00234568', 'Letter date 14/05/2024'];
    expect(findNames(lines)).toEqual([{ text: 'SMITH-JONES, Mark', family: 'SMITH-JONES', given: 'Mark', labelled: false, line: 0 }]);
    const dates = findBirthDates(lines, 'day-first');
    expect(dates[0]).toMatchObject({ date: '2001-06-02', otherReading: '2001-02-06', labelled: true });
    // 14/05/2024 can only be 14 May, whatever the station's order.
    expect(dates[1]).toMatchObject({ date: '2024-05-14', otherReading: null, labelled: false });
    expect(findBirthDates(lines, 'month-first')[1]).toMatchObject({ date: '2024-05-14', otherReading: null });
    expect(findMrns(lines).map((m) => [m.value, m.labelled])).toEqual([['00234568', true]]);
  });

  it('takes the capitalised word of "Given FAMILY" as the family name and ignores lines that are not names', () => {
    const lines = ['Discharge Summary', "Patient: Mary O'BRIEN   DOB: 7 Mar 1984", 'Mr John SMITH'];
    expect(findNames(lines)).toEqual([
      { text: "Mary O'BRIEN", family: "O'BRIEN", given: 'Mary', labelled: true, line: 1 },
      { text: 'John SMITH', family: 'SMITH', given: 'John', labelled: false, line: 2 },
    ]);
  });

  it('pairs Surname and Forename fields', () => {
    expect(findNames(['Surname: MÜLLER', 'Forenames: Jürgen'])).toEqual([{ text: 'MÜLLER, Jürgen', family: 'MÜLLER', given: 'Jürgen', labelled: true, line: 1 }]);
  });

  it('repairs letters OCR reads in place of digits, only inside numbers', () => {
    expect(repairOcrDigits('OO12345B')).toBe('00123458');
    expect(repairOcrDigits('ABCDEF1')).toBe('ABCDEF1');
    expect(findMrns(['MRN: OO1234S6'])).toEqual([{ value: '00123456', labelled: true, line: 0 }]);
  });
});
