import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessReport } from '../../../electron/cli/commands/process-command.js';
import { generateBoxScenario } from '../../../scripts/samples/box-scenario.js';
import { fakeMpi, mpiCsv, type MpiPatient } from '../../../scripts/samples/fake-mpi.js';
import type { FakePatient } from '../../../scripts/samples/fake-records.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { runCli } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * `chartdesk process --patients MPI.csv`: a generated box and a misfiled page through the whole
 * pipeline (recognition, separation, patient matching, type and date suggestions, QC), checked
 * against the ground truth the generator wrote.
 */
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('batch-index');
});
afterAll(async () => tmp?.remove());

const asMpi = (p: FakePatient): MpiPatient => ({ ...p, middle: null, encounter: null, phone: null, address: null });

describe('chartdesk process --patients', () => {
  it('names the patient only where two identifiers agree, and flags a label that belongs to someone else', async () => {
    const box = await generateBoxScenario({ seed: 31, dpi: 200, format: 'tiff', preset: 'small' });
    const boxPatients = [...new Map(box.pages.flatMap((p) => (p.patient ? [[p.patient.mrn, p.patient] as const] : []))).values()];

    // A misfiled page: the letter is about one patient, the sticker on it is another's.
    const [letterPatient, stickerPatient] = fakeMpi({ seed: 77, count: 2, lookAlikes: false }) as [MpiPatient, MpiPatient];
    const misfiled = await renderPage({ seed: 5, dpi: 200, patient: { ...letterPatient }, label: { ...stickerPatient } });
    await writeFile(join(tmp.path, 'misfiled.tif'), await writeTiff([misfiled.png], { compression: 'g4', dpi: 200 }));
    await writeFile(join(tmp.path, 'box.tif'), box.bytes);

    const others = fakeMpi({ seed: 3, count: 300, lookAlikes: true });
    await writeFile(join(tmp.path, 'mpi.csv'), mpiCsv([...boxPatients.map(asMpi), letterPatient, stickerPatient, ...others]));

    const run = await runCli([
      '--data-dir',
      join(tmp.path, 'data'),
      'process',
      join(tmp.path, 'box.tif'),
      join(tmp.path, 'misfiled.tif'),
      '--out',
      join(tmp.path, 'out'),
      '--patients',
      join(tmp.path, 'mpi.csv'),
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ProcessReport;
    const [boxReport, misfiledReport] = report.files;

    // Box documents: where the pages print the patient's name and birth date next to a cover
    // sheet or label MRN, the patient is named; the types come from the cover sheets.
    expect(boxReport!.documents!.map((d) => d.pages)).toEqual(box.documents.map((d) => d.pages));
    boxReport!.documents!.forEach((doc, i) => {
      const truth = box.documents[i]!;
      if (doc.patient) expect(doc.patient.mrn, `document ${i + 1}`).toBe(truth.patient?.mrn);
      if (truth.docType) expect(doc.docType?.code, `document ${i + 1}`).toBe(truth.docType.code);
      expect(
        doc.qc!.some((f) => f.code.includes('patient-mismatch')),
        `document ${i + 1}: ${JSON.stringify(doc.qc)}`,
      ).toBe(false);
    });
    expect(boxReport!.documents!.filter((d) => d.patient).length).toBeGreaterThan(0);

    // The misfiled page: no patient is filed, and a blocking patient-mismatch says why.
    const [doc] = misfiledReport!.documents!;
    expect(doc!.patient).toBeNull();
    const mismatch = doc!.qc!.filter((f) => f.code.includes('patient-mismatch'));
    expect(mismatch.length).toBeGreaterThan(0);
    expect(mismatch.every((f) => f.severity === 'blocking')).toBe(true);
    expect(mismatch.map((f) => f.message).join(' ')).toContain(stickerPatient.mrn);
  }, 300_000);
});
