import { beforeAll, describe, expect, it } from 'vitest';
import { PatientIndex, findBirthDates, findMrns, findNames, importPatientsCsv, matchPatient } from '../../../electron/engine/indexing/patient-index/index.js';
import { birthDatesIn } from '../../../electron/engine/indexing/patient-index/birth-dates.js';
import type { DateOrder } from '../../../shared/domain/date-order.js';
import { LOOK_ALIKES, fakeMpi, mpiCsvLines } from '../../../scripts/samples/fake-mpi.js';
import { type PatientEvidence, PatientMatch } from '../../../shared/domain/patient.js';
import { memoryDatabase } from '../../support/memory-database.js';

let index: PatientIndex;
beforeAll(async () => {
  const db = memoryDatabase();
  index = new PatientIndex(db);
  await importPatientsCsv(index, mpiCsvLines(fakeMpi({ seed: 5, count: 3000 })));
});

/** Evidence as a page gives it; printed birth dates are read in `order` (day first: these look-alikes' hospital writes them so). */
type Printed = Omit<Partial<PatientEvidence>, 'birthDates'> & { birthDates?: string[] };
const evidence = (e: Printed, order: DateOrder = 'day-first'): PatientEvidence => ({
  mrns: [],
  names: [],
  ...e,
  birthDates: (e.birthDates ?? []).flatMap((text) => birthDatesIn(text, order).map(({ index: _index, ...d }) => d)),
});
const summary = (e: Printed, order?: DateOrder) => matchPatient(index, evidence(e, order)).map((m) => ({ mrn: m.patient.mrn, confidence: m.confidence, agreed: m.agreed, disagreed: m.disagreed }));
const highs = (e: Printed, order?: DateOrder) => summary(e, order).filter((m) => m.confidence === 'high');

const { maryOBrien, maryOBrienYounger, twinMary, twinMark, jurgenMuller, anneMarieDAngelo } = LOOK_ALIKES;

describe('matchPatient', () => {
  it('is high when MRN and birth date agree', () => {
    const result = summary({ mrns: [{ value: maryOBrien.mrn, source: 'barcode' }], birthDates: ['07/03/1984'] });
    expect(result[0]).toEqual({ mrn: maryOBrien.mrn, confidence: 'high', agreed: ['mrn', 'birthDate'], disagreed: [] });
    for (const m of matchPatient(index, evidence({ mrns: [{ value: maryOBrien.mrn, source: 'barcode' }] }))) PatientMatch.parse(m);
  });

  it('is high when name and birth date agree, and picks the right one of two same-named patients', () => {
    const result = summary({ names: ["Name: O'BRIEN, Mary"], birthDates: ['DOB: 23/11/1991'] });
    expect(result[0]).toEqual({ mrn: maryOBrienYounger.mrn, confidence: 'high', agreed: ['name', 'birthDate'], disagreed: [] });
    // The other Mary O'Brien is offered, weak, with the birth date against her.
    expect(result).toContainEqual({ mrn: maryOBrien.mrn, confidence: 'weak', agreed: ['name'], disagreed: ['birthDate'] });
    expect(highs({ names: ["Name: O'BRIEN, Mary"], birthDates: ['DOB: 23/11/1991'] })).toHaveLength(1);
  });

  it('is weak on an MRN alone', () => {
    expect(summary({ mrns: [{ value: jurgenMuller.mrn, source: 'barcode' }] })).toEqual([{ mrn: jurgenMuller.mrn, confidence: 'weak', agreed: ['mrn'], disagreed: [] }]);
  });

  it("gives no high match when the MRN is one patient's and the name and birth date another's", () => {
    const conflicting = { mrns: [{ value: maryOBrien.mrn, source: 'barcode' as const }], names: ['SMITH-JONES, Mark'], birthDates: ['02.06.2001'] };
    const result = summary(conflicting);
    expect(result.filter((m) => m.confidence === 'high')).toEqual([]);
    expect(result).toContainEqual({ mrn: maryOBrien.mrn, confidence: 'weak', agreed: ['mrn'], disagreed: ['name', 'birthDate'] });
    expect(result).toContainEqual({ mrn: twinMark.mrn, confidence: 'weak', agreed: ['name', 'birthDate'], disagreed: ['mrn'] });
  });

  it('tells twins apart by given name, and refuses to choose when the label has none', () => {
    expect(highs({ names: ['SMITH-JONES, Mary'], birthDates: ['02/06/2001'] }).map((m) => m.mrn)).toEqual([twinMary.mrn]);
    expect(summary({ names: ['SMITH-JONES, Mary'], birthDates: ['02/06/2001'] })).toContainEqual({
      mrn: twinMark.mrn,
      confidence: 'weak',
      agreed: ['birthDate'],
      disagreed: ['name'],
    });
    const familyOnly = summary({ names: ['SMITH-JONES'], birthDates: ['02/06/2001'] });
    expect(familyOnly.filter((m) => m.confidence === 'high')).toEqual([]);
    expect(familyOnly.map((m) => m.mrn)).toEqual(expect.arrayContaining([twinMary.mrn, twinMark.mrn]));
  });

  it('matches hyphenated, apostrophe and accented names as OCR writes them', () => {
    expect(highs({ names: ['Patient: Anne-Marie DANGELO'], birthDates: ['29 Feb 1968'] }).map((m) => m.mrn)).toEqual([anneMarieDAngelo.mrn]);
    expect(highs({ names: ['MULLER, Jurgen'], birthDates: ['24.12.1957'] }).map((m) => m.mrn)).toEqual([jurgenMuller.mrn]);
    // An OCR'd MRN with look-alike letters still finds its patient.
    expect(highs({ mrns: [{ value: 'OO34S678', source: 'ocr' }], birthDates: ['24/12/1957'] }).map((m) => m.mrn)).toEqual([jurgenMuller.mrn]);
  });

  it('does not let an OCR misread that names nobody count against anyone', () => {
    const result = summary({ mrns: [{ value: '99999999', source: 'ocr' }], names: ["O'BRIEN, Mary"], birthDates: ['07/03/1984'] });
    expect(result[0]).toEqual({ mrn: maryOBrien.mrn, confidence: 'high', agreed: ['name', 'birthDate'], disagreed: [] });
  });

  it('works from whole OCR lines through the extraction helpers', () => {
    const lines = ['ASHFORD GENERAL HOSPITAL', "O'BRIEN, Mary (F)", 'DOB: 07/03/1984   MRN: 00123456', 'Ward 4B'];
    const result = summary({
      mrns: findMrns(lines).map((m) => ({ value: m.value, source: 'ocr' as const })),
      names: findNames(lines).map((n) => n.text),
      birthDates: findBirthDates(lines, 'day-first')
        .filter((d) => d.labelled)
        .map((d) => d.text),
    });
    expect(result[0]).toEqual({ mrn: maryOBrien.mrn, confidence: 'high', agreed: ['mrn', 'name', 'birthDate'], disagreed: [] });
  });

  it('reads a printed birth date in the station order: the other reading "confirms under the other order", neither agreeing nor disagreeing', () => {
    // Mary O'Brien was born 1984-03-07; her label printed in the US reads 03/07/1984.
    const label = { mrns: [{ value: maryOBrien.mrn, source: 'barcode' as const }], names: ["O'BRIEN, Mary"], birthDates: ['DOB: 03/07/1984'] };
    const monthFirst = matchPatient(index, evidence(label, 'month-first')).find((m) => m.patient.mrn === maryOBrien.mrn)!;
    expect(monthFirst).toMatchObject({ confidence: 'high', agreed: ['mrn', 'name', 'birthDate'], disagreed: [], otherOrder: [] });
    const dayFirst = matchPatient(index, evidence(label, 'day-first')).find((m) => m.patient.mrn === maryOBrien.mrn)!;
    // MRN and name still make her the patient; the date is said, not counted either way.
    expect(dayFirst).toMatchObject({ confidence: 'high', agreed: ['mrn', 'name'], disagreed: [], otherOrder: ['birthDate'] });
  });

  it('never counts the other-order reading towards a high match', () => {
    const mrnAndDate = { mrns: [{ value: maryOBrien.mrn, source: 'barcode' as const }], birthDates: ['03/07/1984'] };
    expect(summary(mrnAndDate, 'month-first')[0]).toMatchObject({ mrn: maryOBrien.mrn, confidence: 'high', agreed: ['mrn', 'birthDate'] });
    const result = matchPatient(index, evidence(mrnAndDate, 'day-first')).find((m) => m.patient.mrn === maryOBrien.mrn)!;
    expect(result).toMatchObject({ confidence: 'weak', agreed: ['mrn'], disagreed: [], otherOrder: ['birthDate'] });
  });
});
