import { beforeAll, describe, expect, it } from 'vitest';
import { PatientIndex, importPatientsCsv, searchPatients } from '../../../electron/engine/indexing/patient-index/index.js';
import { LOOK_ALIKES, type MpiPatient, fakeMpi, mpiCsvLines } from '../../../scripts/samples/fake-mpi.js';
import { PatientSearchResult } from '../../../shared/domain/patient.js';
import { memoryDatabase } from '../../support/memory-database.js';

// A few thousand generated patients (hundreds of Smiths, Joneses and O'Briens) around the known
// look-alikes: big enough that the right patient has to be ranked first, not merely found.
let index: PatientIndex;
beforeAll(async () => {
  const db = memoryDatabase();
  index = new PatientIndex(db);
  // Someone born on 3 July 1984, the month-first reading of Mary O'Brien's birth date written 07/03/1984.
  const julyBorn: MpiPatient = {
    mrn: '00999001',
    family: 'Kowalski',
    given: 'Anna',
    middle: null,
    birthDate: '1984-07-03',
    sex: 'female',
    encounter: null,
    phone: null,
    address: null,
  };
  const summary = await importPatientsCsv(index, mpiCsvLines([...fakeMpi({ seed: 11, count: 4000 }), julyBorn]));
  expect(summary.rejected).toEqual([]);
});

// Most of these queries write dates day first, as the hospital of these look-alikes does.
const search = (q: string, limit = 20, dateOrder: 'day-first' | 'month-first' = 'day-first') => searchPatients(index, q, { limit, dateOrder });
const first = (q: string) => search(q)[0];
const mrns = (q: string, limit?: number) => search(q, limit).map((r) => r.patient.mrn);
const folded = (s: string | null | undefined) => (s ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase();

describe('search by MRN', () => {
  it('puts the exact MRN first and lists MRNs that start with the digits typed so far', () => {
    expect(first('00123456')).toMatchObject({ patient: { mrn: '00123456' }, matched: [{ field: 'mrn', how: 'exact' }] });
    expect(mrns('001234')).toEqual(['00123456', '00123457']);
    expect(search('001234')[0]!.matched).toEqual([{ field: 'mrn', how: 'prefix' }]);
    expect(search('99999999')).toEqual([]);
  });

  it('narrows an MRN by the rest of the query', () => {
    expect(mrns('001234 1991-11-23')).toEqual(['00123457']);
  });
});

describe('search by name', () => {
  it('ignores accents both ways', () => {
    expect(mrns('MULLER')).toEqual(expect.arrayContaining(['00345678', '00345679']));
    expect(mrns('MÜLLER')).toEqual(expect.arrayContaining(['00345678', '00345679']));
    expect(first('müller jürgen')!.patient.given).toBe('Jürgen');
    expect(first('MULLER JURGEN')!.matched).toEqual([
      { field: 'family', how: 'exact' },
      { field: 'given', how: 'exact' },
    ]);
  });

  it('finds hyphenated names by either part, by both parts, and run together', () => {
    for (const q of ['SMITH JONES MARK', 'SMITHJONES MARK', 'smith-jones, mark']) {
      expect(first(q)!.patient.mrn, q).toBe('00234568');
    }
    // Mark JONES comes first for JONES MARK (his whole family name), Mark SMITH-JONES after him.
    expect(mrns('JONES MARK', 100)).toContain('00234568');
    // Alone, a hyphenated name's parts find it, behind the patients whose whole family name it is.
    const jones = search('JONES', 400);
    expect(jones[0]!.patient.family).toBe('Jones');
    expect(jones.map((r) => r.patient.mrn)).toContain('00234567');
    expect(folded(first('SMITHJONES')!.patient.family)).toBe('SMITH-JONES');
  });

  it("joins apostrophes: OBRIEN and O BRIEN find O'BRIEN", () => {
    expect(first('OBRIEN')!.patient.family).toBe("O'Brien");
    expect(first('O BRIEN MARY')!.patient.family).toBe("O'Brien");
    expect(first('DANGELO ANNE MARIE')!.patient.mrn).toBe('00567890');
  });

  it('takes given and family in either order, or "FAMILY, Given"', () => {
    for (const q of ['MARY OBRIEN', 'OBRIEN MARY', 'OBRIEN, MARY', "o'brien, mary"]) {
      const top = search(q);
      expect(top[0]!.patient, q).toMatchObject({ family: "O'Brien", given: 'Mary' });
      expect(top[0]!.matched, q).toEqual([
        { field: 'family', how: 'exact' },
        { field: 'given', how: 'exact' },
      ]);
    }
    // Both Mary O'Briens are found; the birth date tells them apart.
    expect(mrns('MARY OBRIEN')).toEqual(expect.arrayContaining(['00123456', '00123457']));
  });

  it('forgives one slip in a name of five letters or more', () => {
    const smyth = first('SMYTH JOHN')!;
    expect(smyth.patient).toMatchObject({ family: 'Smith', given: 'John' });
    expect(smyth.matched[0]).toMatchObject({ field: 'family' });
    expect(['phonetic', 'typo']).toContain(smyth.matched[0]!.how);
    const johnston = first('JOHNSTON PETER')!;
    expect(johnston.patient).toMatchObject({ mrn: '00456790', family: 'Johnson' });
    expect(johnston.matched).toEqual([
      { field: 'family', how: 'typo' },
      { field: 'given', how: 'exact' },
    ]);
    expect(first('JOHNSTON')!.patient.family).toBe('Johnson');
    // Four letters are too few to guess from: JONS is not JONES.
    expect(search('JONS ZZ')).toEqual([]);
  });

  it('finds names from their first letters while the clerk types', () => {
    expect(first('OBR')!.patient.family).toBe("O'Brien");
    expect(first('OBR')!.matched).toEqual([{ field: 'family', how: 'prefix' }]);
    expect(first('OBR MARY')!.patient).toMatchObject({ family: "O'Brien", given: 'Mary' });
    expect(search('OBRIEN MA').map((r) => r.patient.given)).toContain('Mary');
    expect(first('SMITH-JO MAR')!.patient.family).toBe('Smith-Jones');
    expect(first('VAN DER B')!.patient.family).toBe('Van der Berg');
  });

  it('ranks the whole family name above a hyphenated name that contains it', () => {
    const results = search('SMITH', 200);
    const plain = results.findIndex((r) => r.patient.family === 'Smith');
    const hyphenated = results.findIndex((r) => r.patient.family === 'Smith-Jones');
    expect(plain).toBe(0);
    expect(hyphenated === -1 || hyphenated > plain).toBe(true);
  });
});

describe('search by birth date', () => {
  it('filters on the date written in any of the usual ways', () => {
    for (const q of ['1984-03-07', '07/03/1984', '7.3.1984']) {
      expect(mrns(q, 200), q).toContain('00123456');
      expect(
        search(q, 200).every((r) => ['1984-03-07', '1984-07-03'].includes(r.patient.birthDate!)),
        q,
      ).toBe(true);
    }
    // Day first is this station's setting, so 7 March ranks above 3 July.
    const both = search('07/03/1984', 200);
    const march = both.filter((r) => r.patient.birthDate === '1984-03-07');
    expect(march.length).toBeGreaterThan(0);
    expect(both.slice(0, march.length)).toEqual(march);
  });

  it('reads a typed date month first on a month-first station, and still finds the other reading below it', () => {
    const both = search('07/03/1984', 200, 'month-first');
    const july = both.filter((r) => r.patient.birthDate === '1984-07-03');
    expect(july.length).toBeGreaterThan(0);
    expect(both.slice(0, july.length)).toEqual(july);
    expect(both.map((r) => r.patient.mrn)).toContain('00123456');
    // Mary O'Brien's birth date written the American way finds her first.
    expect(search('OBRIEN MARY 03/07/1984', 20, 'month-first').map((r) => r.patient.mrn)[0]).toBe('00123456');
  });

  it('tells same-named patients apart by birth date, and twins by given name', () => {
    expect(mrns('OBRIEN MARY 07/03/1984')).toEqual(['00123456']);
    expect(mrns('MARY OBRIEN 23.11.1991')).toEqual(['00123457']);
    expect(first("O'BRIEN, Mary 1984-03-07")!.matched).toEqual([
      { field: 'family', how: 'exact' },
      { field: 'given', how: 'exact' },
      { field: 'birthDate', how: 'exact' },
    ]);
    expect(mrns('SMITH-JONES 02/06/2001')).toEqual(expect.arrayContaining(['00234567', '00234568']));
    expect(first('SMITH-JONES MARK 02/06/2001')!.patient.mrn).toBe('00234568');
    expect(first('SMITH-JONES MARY 02/06/2001')!.patient.mrn).toBe('00234567');
  });
});

describe('results', () => {
  it('are valid PatientSearchResults, best first, at most the limit', () => {
    const results = search('SMITH', 7);
    expect(results).toHaveLength(7);
    for (const r of results) PatientSearchResult.parse(r);
    for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
    expect(search('   ')).toEqual([]);
  });

  it('include the look-alikes the generator promised', () => {
    expect(index.byMrn(LOOK_ALIKES.siobhanOBrienWalsh.mrn)).not.toBeNull();
    expect(first('NUNEZ GARCIA JOSE')!.patient.mrn).toBe('00678901');
    expect(first('OBRIEN WALSH')!.patient.mrn).toBe('00678902');
  });
});
