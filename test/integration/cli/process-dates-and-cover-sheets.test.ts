import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentReport, ProcessReport } from '../../../electron/cli/commands/process-command.js';
import { coverSheetSpec } from '../../../scripts/samples/capture-sheets.js';
import { type DatedLetter, datedBatchPatients, generateDatedBatch } from '../../../scripts/samples/dated-batch.js';
import { type MpiPatient, fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import type { FakePatient } from '../../../scripts/samples/fake-records.js';
import { type RenderedPage, renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { runCli } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * `chartdesk process --patients MPI.csv --json` as an operator runs it: dates of service in ISO
 * under the order the station's locale or setting gives (the same on every run), a file holding
 * only a cover sheet said out loud, and a cover sheet in front of another patient's pages blocked.
 * Pages are cropped to what matters: OCR is the cost.
 */
const SEED = 12;
const DPI = 200;
const patients = datedBatchPatients(SEED);
const asMpi = (p: FakePatient): MpiPatient => ({ ...p, middle: null, encounter: null, phone: null, address: null });
const [coverPatient, pagePatient] = fakeMpi({ seed: 91, count: 2, lookAlikes: false }) as [MpiPatient, MpiPatient];

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let letter: DatedLetter;
/** The first run's report: the letter, the cover-sheet-only file and the wrong cover sheet, read on an en_US station. */
let usReport: ProcessReport;
const file = (name: string) => join(tmp.path, name);

const cropped = async (page: RenderedPage, inches: number) =>
  sharp(page.png)
    .extract({ left: 0, top: 0, width: page.width, height: Math.round(inches * DPI) })
    .withDensity(DPI)
    .png()
    .toBuffer();

beforeAll(async () => {
  tmp = await makeTempDir('process-dates');
  // The letter printed the US way: 05/08/1971 for a patient born 8 May, seen 09/02/2026 (2 September).
  [letter] = (await generateDatedBatch({ seed: SEED, dateOrder: 'month-first' })) as [DatedLetter];
  await writeFile(file('letter.tif'), letter.tiff);
  await writeFile(file('mpi.csv'), mpiCsv([...Object.values(patients).map(asMpi), coverPatient, pagePatient, ...fakeMpi({ seed: 6, count: 100, lookAlikes: false })]));

  // A cover sheet alone (its code is in the top third of the sheet, which is all that is scanned here).
  const { payload: _a, ...onlyCover } = coverSheetSpec({ mrn: coverPatient.mrn, docTypeCode: '11502-2', dateOfService: '2026-03-04' });
  await writeFile(file('cover-only.tif'), await writeTiff([await cropped(await renderPage({ ...onlyCover, seed: 1, dpi: DPI }), 3)], { compression: 'g4', dpi: DPI }));

  // A cover sheet for one patient in front of a letter printed for another.
  const { payload: _b, ...cover } = coverSheetSpec({ mrn: coverPatient.mrn, docTypeCode: '11502-2', dateOfService: '2026-03-04' });
  const coverPage = await cropped(await renderPage({ ...cover, seed: 2, dpi: DPI }), 3);
  const otherLetter = await cropped(await renderPage({ seed: 3, dpi: DPI, title: 'Laboratory Report', patient: pagePatient, lines: [] }), 2.2);
  await writeFile(file('wrong-cover.tif'), await writeTiff([coverPage, otherLetter], { compression: 'g4', dpi: DPI }));
  // Not a scan at all: rejected at once, so a run that only needs to say its date order reads no page.
  await writeFile(file('not-a-scan.pdf'), 'hello');
}, 120_000);
afterAll(async () => tmp?.remove());

async function processFiles(run: string, files: string[], env: NodeJS.ProcessEnv, extra: string[] = []): Promise<ProcessReport> {
  const dataDir = join(tmp.path, run, 'data');
  await mkdir(dataDir, { recursive: true });
  const result = await runCli(
    ['--data-dir', dataDir, 'process', ...files.map(file), '--out', join(tmp.path, run, 'out'), '--patients', file('mpi.csv'), '--json', ...extra],
    // LC_ALL wins over LANG and LC_TIME, so the run's own locale decides whatever the machine has.
    { LC_ALL: '', LC_TIME: '', LANG: '', ...env },
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ProcessReport;
}

const onlyDocument = (report: ProcessReport, index = 0): DocumentReport => {
  const docs = report.files[index]!.documents!;
  expect(docs).toHaveLength(1);
  return docs[0]!;
};
const dateFacts = (doc: DocumentReport) => ({
  patient: doc.patient?.mrn ?? null,
  dateOfService: doc.dateOfService,
  dateOfServiceOtherReading: doc.dateOfServiceOtherReading,
  qc: (doc.qc ?? []).map((f) => `${f.code}:${f.severity}`).sort(),
});

describe('chartdesk process: dates', () => {
  it('reads dates month first where the locale is en_US, reports ISO dates, and says nothing is wrong with the patient', async () => {
    usReport = await processFiles('us', ['letter.tif', 'cover-only.tif', 'wrong-cover.tif'], { LC_ALL: 'en_US.UTF-8' });
    expect(usReport.dateOrder).toEqual({ order: 'month-first', source: 'locale' });
    const doc = onlyDocument(usReport);
    expect(dateFacts(doc)).toMatchObject({ patient: letter.patient.mrn, dateOfService: '2026-09-02', dateOfServiceOtherReading: '2026-02-09' });
    expect(dateFacts(doc).qc.filter((c) => c.startsWith('patient-mismatch') || c.startsWith('birth-date'))).toEqual([]);
  }, 300_000);

  it('gives the same report on another run on the same machine', async () => {
    const again = await processFiles('us-again', ['letter.tif'], { LANG: 'en_US.UTF-8' });
    expect(again.dateOrder).toEqual({ order: 'month-first', source: 'locale' });
    expect(dateFacts(onlyDocument(again))).toEqual(dateFacts(onlyDocument(usReport)));
  }, 300_000);

  it('reads the same page day first where LC_TIME is en_GB: the patient stands, the date of birth is flagged, the date says it could be read otherwise', async () => {
    const report = await processFiles('gb', ['letter.tif'], { LANG: 'en_US.UTF-8', LC_TIME: 'en_GB.UTF-8' });
    expect(report.dateOrder).toEqual({ order: 'day-first', source: 'locale' });
    const facts = dateFacts(onlyDocument(report));
    expect(facts).toMatchObject({ patient: letter.patient.mrn, dateOfService: '2026-02-09', dateOfServiceOtherReading: '2026-09-02' });
    expect(facts.qc).toContain('birth-date-other-order:warning');
    expect(facts.qc.some((c) => c.startsWith('patient-mismatch'))).toBe(false);
  }, 300_000);

  it('lets chartdesk.json decide over the locale, and --date-order over both', async () => {
    // (How each order reads the letter is shown above; these runs only need to say which order they read in.)
    await mkdir(join(tmp.path, 'configured', 'data'), { recursive: true });
    await writeFile(join(tmp.path, 'configured', 'data', 'chartdesk.json'), JSON.stringify({ dates: { order: 'day-first' } }));
    const configured = await processFiles('configured', ['not-a-scan.pdf'], { LC_ALL: 'en_US.UTF-8' });
    expect(configured.dateOrder).toEqual({ order: 'day-first', source: 'config-file' });
    const overridden = await processFiles('configured', ['not-a-scan.pdf'], { LC_ALL: 'en_US.UTF-8' }, ['--date-order', 'month-first']);
    expect(overridden.dateOrder).toEqual({ order: 'month-first', source: 'command-line' });
    const bad = await runCli(['--data-dir', join(tmp.path, 'configured', 'data'), 'process', file('not-a-scan.pdf'), '--out', join(tmp.path, 'configured', 'out3'), '--date-order', 'dd/mm']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--date-order takes month-first, day-first or year-first');
  }, 300_000);
});

describe('chartdesk process: cover sheets', () => {
  it('says so when a file holds only a cover sheet', () => {
    const coverOnly = usReport.files[1]!;
    expect(coverOnly.documents).toEqual([]);
    expect(coverOnly.notices).toEqual([{ code: 'cover-sheet-only', message: 'This file holds only a cover sheet: scan it in front of the pages it describes', pages: [1] }]);
  });

  it('blocks a cover sheet in front of another patient’s pages, naming both MRNs, and files no patient', () => {
    const doc = onlyDocument(usReport, 2);
    expect(doc.patient).toBeNull();
    const conflict = doc.qc!.find((f) => f.code === 'cover-sheet-conflict');
    expect(conflict?.severity).toBe('blocking');
    expect(conflict!.message).toContain(`MRN ${coverPatient.mrn}`);
    expect(conflict!.message).toContain(`MRN ${pagePatient.mrn}`);
    expect(doc.pdf).toBeNull();
  });
});
