import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PatientImportError, PatientIndex, importFhirBundle, importPatientFile, importPatientsCsv } from '../../../electron/engine/indexing/patient-index/index.js';
import { LOOK_ALIKES, MRN_IDENTIFIER_SYSTEM, fakeMpi, mpiCsv, mpiFhirBundle } from '../../../scripts/samples/fake-mpi.js';
import { ImportSummary } from '../../../shared/domain/patient.js';
import { tempDirForFile } from '../../support/per-file-fixtures.js';
import { memoryDatabase } from '../../support/memory-database.js';

function freshIndex(): PatientIndex {
  const db = memoryDatabase();
  return new PatientIndex(db);
}

const postings = (index: PatientIndex) => (index.db.prepare('SELECT count(*) AS n FROM patient_name_tokens').get() as { n: number }).n;

const tmp = tempDirForFile('mpi-import');

describe('CSV import', () => {
  it('loads the good rows and reports each bad one with the line it starts on and why', async () => {
    const index = freshIndex();
    const csv = [
      '\uFEFFsex,birthDate,given,family,mrn,address', // any column order, BOM
      'F,1984-03-07,Mary,"O\'Brien",00123456,"12 High St, Ashford"', // line 2
      'M,1950-01-15,John,Smith,,x', // 3: no MRN
      'M,1950-01-15,John,,00456789,x', // 4: no family
      'F,1984-02-30,Ann,Lee,00000001,x', // 5: no such day
      'Q,1984-03-01,Ann,Lee,00000002,x', // 6: bad sex code
      'F,1984-03-01,Ann,Lee,00000003', // 7: a column short
      'F,1962-04-11,Anna,Muller,00345679,"Flat 2', // 8: address spans two lines
      'Mill Road"',
      'M,07/03/1984,Tom,Lee,00000004,x', // 10: not ISO
      'U,,Baby,Doe,00000005,', // 11: birth date unknown is allowed
    ].join('\n');
    const summary = await importPatientsCsv(index, [csv]);
    expect(ImportSummary.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
    expect(summary.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 10]);
    expect(summary.rejected[0]!.reason).toMatch(/MRN is missing/);
    expect(summary.rejected[1]!.reason).toMatch(/family name is missing/);
    expect(summary.rejected[2]!.reason).toMatch(/birth date "1984-02-30"/);
    expect(summary.rejected[3]!.reason).toMatch(/sex code "Q"/);
    expect(summary.rejected[4]!.reason).toMatch(/expected 6 columns, found 5/);
    expect(index.byMrn('00123456')).toMatchObject({ family: "O'Brien", given: 'Mary', birthDate: '1984-03-07', sex: 'female', address: '12 High St, Ashford', source: 'csv' });
    expect(index.byMrn('00345679')!.address).toBe('Flat 2\nMill Road');
    expect(index.byMrn('00000005')).toMatchObject({ birthDate: null, sex: 'unknown', address: null });
  });

  it('updates patients by MRN on re-import, never duplicating them, and moves the name index with the name', async () => {
    const index = freshIndex();
    const mpi = fakeMpi({ seed: 3, count: 300 });
    const first = await importPatientsCsv(index, [mpiCsv(mpi)]);
    expect(first).toMatchObject({ inserted: mpi.length, updated: 0, unchanged: 0, rejected: [] });
    const postingsBefore = postings(index);

    const again = await importPatientsCsv(index, [mpiCsv(mpi)]);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: mpi.length });
    expect(index.count()).toBe(mpi.length);
    expect(postings(index)).toBe(postingsBefore);

    const married = { ...LOOK_ALIKES.maryOBrien, family: 'Walsh', phone: '01234 567890' };
    const changed = await importPatientsCsv(index, [mpiCsv([married, LOOK_ALIKES.johnSmith])]);
    expect(changed).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect(index.count()).toBe(mpi.length);
    expect(index.byMrn(married.mrn)).toMatchObject({ family: 'Walsh', phone: '01234 567890' });
    const terms = index.db
      .prepare('SELECT t.term FROM patient_name_tokens p JOIN patient_name_terms t ON t.id = p.term_id JOIN patients x ON x.id = p.patient_id WHERE x.mrn = ? ORDER BY t.term')
      .pluck()
      .all(married.mrn);
    expect(terms).toEqual(['BRIDGET', 'MARY', 'WALSH']);
    // The vocabulary's counts follow the postings, so the search's cost estimates stay right.
    const drift = index.db.prepare('SELECT count(*) FROM patient_name_terms t WHERE patient_count != (SELECT count(*) FROM patient_name_tokens p WHERE p.term_id = t.id)').pluck().get();
    expect(drift).toBe(0);
  });

  it('keeps fields whose column the file does not have, and clears those it has empty', async () => {
    const index = freshIndex();
    await importPatientsCsv(index, ['mrn,family,given,birthDate,sex,phone,address\n001,Lee,Ann,1990-01-01,F,0777,1 Mill Road\n']);
    const summary = await importPatientsCsv(index, ['mrn,family,given,birthDate,sex,phone\n001,Lee,Anne,1990-01-01,F,\n']);
    expect(summary.updated).toBe(1);
    expect(index.byMrn('001')).toMatchObject({ given: 'Anne', phone: null, address: '1 Mill Road' });
  });

  it('refuses a file whose header lacks a required column', async () => {
    await expect(importPatientsCsv(freshIndex(), ['mrn,family,given,sex\n1,a,b,F\n'])).rejects.toThrow(PatientImportError);
    await expect(importPatientsCsv(freshIndex(), ['mrn,family,given,sex\n'])).rejects.toThrow(/lacks the column\(s\) birthDate/);
  });
});

describe('FHIR Bundle import', () => {
  it('reads MRN (typed MR), official name, birth date, gender, phone and address; rejects bad entries by line', async () => {
    const index = freshIndex();
    const bundle = mpiFhirBundle([LOOK_ALIKES.maryOBrien, LOOK_ALIKES.jurgenMuller]) as { entry: unknown[] };
    bundle.entry.push(
      { resource: { resourceType: 'Organization', name: 'Not a patient' } },
      { resource: { resourceType: 'Patient', identifier: [{ value: '00999999' }], name: [{ family: 'Lee', given: ['Ann'] }], birthDate: '1984-03', gender: 'female' } },
      {
        resource: {
          resourceType: 'Patient',
          identifier: [{ value: '00888888' }],
          name: [
            { use: 'old', family: 'Maiden', given: ['Ann'] },
            { use: 'official', family: 'Lee', given: ['Ann', 'Marie', 'Louise'] },
          ],
          birthDate: '1970-01-31',
          gender: 'female',
          address: [{ line: ['1 Mill Road'], city: 'Ashford', postalCode: 'AS1 2BC' }],
        },
      },
    );
    const json = JSON.stringify(bundle, null, 2);
    const summary = await importFhirBundle(index, json);
    expect(summary).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
    expect(summary.rejected).toHaveLength(1);
    const badLine = json.split('\n').findIndex((l) => l.includes('00999999'));
    // The entry starts a few lines above its identifier; the report names where it starts.
    expect(summary.rejected[0]!.line).toBeLessThan(badLine + 1);
    expect(json.split('\n')[summary.rejected[0]!.line - 1]!.trim()).toBe('{');
    expect(summary.rejected[0]!.reason).toMatch(/birth date "1984-03"/);
    expect(index.byMrn('00123456')).toMatchObject({ family: "O'Brien", given: 'Mary', middle: 'Bridget', sex: 'female', source: 'fhir' });
    expect(index.byMrn('00888888')).toMatchObject({ family: 'Lee', given: 'Ann', middle: 'Marie Louise', address: '1 Mill Road, Ashford, AS1 2BC' });
  });

  it('takes the MRN from the identifier system it is told to', async () => {
    const index = freshIndex();
    const bundle = JSON.stringify(mpiFhirBundle([LOOK_ALIKES.johnSmith]));
    await importFhirBundle(index, bundle, { mrnSystem: 'https://example.org/national-id' });
    expect(index.byMrn('N00456789')).not.toBeNull();
    await importFhirBundle(index, bundle, { mrnSystem: MRN_IDENTIFIER_SYSTEM });
    expect(index.byMrn('00456789')).not.toBeNull();
  });

  it('tells CSV from FHIR JSON by content, whatever the file is called', async () => {
    const index = freshIndex();
    const asJson = join(tmp.path, 'export.dat');
    const asCsv = join(tmp.path, 'export.json');
    await writeFile(asJson, '\uFEFF  ' + JSON.stringify(mpiFhirBundle([LOOK_ALIKES.peterJohnson])));
    await writeFile(asCsv, mpiCsv([LOOK_ALIKES.anneMarieDAngelo]));
    expect(await importPatientFile(index, asJson)).toMatchObject({ format: 'fhir-json', inserted: 1 });
    expect(await importPatientFile(index, asCsv)).toMatchObject({ format: 'csv', inserted: 1 });
  });
});
