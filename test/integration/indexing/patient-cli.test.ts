import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOOK_ALIKES, fakeMpi, mpiCsv, mpiFhirBundle } from '../../../scripts/samples/fake-mpi.js';
import { ImportSummary, PatientSearchResult } from '../../../shared/domain/patient.js';
import { runCli } from '../../support/cli.js';
import { tempDirForFile } from '../../support/per-file-fixtures.js';

const tmp = tempDirForFile('cli-patients');

describe('chartdesk patients', () => {
  it('imports a CSV, then a FHIR Bundle updating the same patients, and searches the result', async () => {
    const dataDir = join(tmp.path, 'data');
    const csv = join(tmp.path, 'mpi.csv');
    const mpi = fakeMpi({ seed: 9, count: 200 });
    await writeFile(csv, mpiCsv(mpi) + '00000001,Lee,Ann,,1984-13-01,F,,,\r\n');

    const first = await runCli(['--data-dir', dataDir, 'patients', 'import', csv, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const summary = ImportSummary.parse(JSON.parse(first.stdout));
    expect(summary).toMatchObject({ inserted: mpi.length, updated: 0, unchanged: 0 });
    expect(summary.rejected).toEqual([{ line: mpi.length + 2, reason: expect.stringMatching(/birth date "1984-13-01"/) }]);

    const fhir = join(tmp.path, 'mpi.json');
    await writeFile(fhir, JSON.stringify(mpiFhirBundle([{ ...LOOK_ALIKES.maryOBrien, phone: '01234 567890' }, LOOK_ALIKES.johnSmith])));
    const second = await runCli(['--data-dir', dataDir, 'patients', 'import', fhir]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Imported FHIR Bundle in [\d.]+ s: 0 inserted, 1 updated, 1 unchanged, 0 rejected/);

    const found = await runCli(['--data-dir', dataDir, 'patients', 'search', "O'Brien, Mary 07/03/1984", '--json']);
    expect(found.code, found.stderr).toBe(0);
    const results = (JSON.parse(found.stdout) as unknown[]).map((r) => PatientSearchResult.parse(r));
    expect(results.map((r) => r.patient.mrn)).toEqual(['00123456']);
    expect(results[0]!.patient).toMatchObject({ phone: '01234 567890', source: 'fhir' });

    const text = await runCli(['--data-dir', dataDir, 'patients', 'search', 'OBR MAR']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^00123456 +O'BRIEN, Mary Bridget +1984-03-07 +female +family prefix, given prefix$/m);
  });

  it('explains a missing argument and a file it cannot read', async () => {
    const usage = await runCli(['--data-dir', join(tmp.path, 'd2'), 'patients', 'import']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/patients import needs exactly one FILE/);
    const bad = join(tmp.path, 'bad.csv');
    await writeFile(bad, 'id,name\n1,x\n');
    const refused = await runCli(['--data-dir', join(tmp.path, 'd2'), 'patients', 'import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/lacks the column\(s\) mrn, family, given, birthDate, sex/);
  });
});
