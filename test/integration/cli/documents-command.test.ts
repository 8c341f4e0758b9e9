import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryOutcomeReport } from '../../../electron/cli/commands/deliver-command.js';
import type { ProcessReport } from '../../../electron/cli/commands/process-command.js';
import { coverSheetSpec } from '../../../scripts/samples/capture-sheets.js';
import { fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import type { CorrectionView, DeliveredDocument } from '../../../shared/domain/corrections.js';
import { runCli } from '../../support/cli.js';
import { openTestDatabase, stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * Corrections from the command line, for scripting and bulk clean-up: two scans delivered by
 * `chartdesk process --deliver` to two different folders (the second run reuses the target's
 * name for another folder), then listed, corrected and retracted, and sent with `deliver
 * --wait`. Each correction goes where its original went.
 */
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
const patients = fakeMpi({ seed: 83, count: 4, lookAlikes: false });
const dataDir = () => join(tmp.path, 'data');
const cli = (...args: string[]) => runCli(['--data-dir', dataDir(), ...args]);

/** A cover sheet naming the patient, the type and the date, then a letter that prints the patient. */
async function scan(name: string, patientIndex: number, seed: number): Promise<string> {
  const p = patients[patientIndex]!;
  const { payload: _payload, ...cover } = coverSheetSpec({ mrn: p.mrn, docTypeCode: '11506-3', dateOfService: '2026-01-15', patientName: `${p.family}, ${p.given}` });
  const pages = await Promise.all([renderPage({ ...cover, seed, dpi: 150 }), renderPage({ seed: seed + 1, dpi: 150, title: 'Progress Note', patient: p })]);
  const file = join(tmp.path, name);
  await writeFile(
    file,
    await writeTiff(
      pages.map((x) => x.png),
      { compression: 'g4', dpi: 150 },
    ),
  );
  return file;
}

async function processAndDeliver(file: string, folder: string): Promise<string> {
  const run = await cli('process', file, '--out', join(tmp.path, `out-${folder}`), '--patients', join(tmp.path, 'mpi.csv'), '--deliver', `folder:${join(tmp.path, folder)}`, '--json');
  expect(run.code, run.stderr).toBe(0);
  const [doc] = (JSON.parse(run.stdout) as ProcessReport).files[0]!.documents!.filter((d) => d.delivered);
  expect(doc, 'the scan was delivered').toBeDefined();
  return doc!.documentId!;
}

let first: string;
let second: string;
beforeAll(async () => {
  tmp = await makeTempDir('documents-cli');
  await writeFile(join(tmp.path, 'mpi.csv'), mpiCsv(patients));
  first = await processAndDeliver(await scan('first.tif', 0, 700), 'import-a');
  second = await processAndDeliver(await scan('second.tif', 1, 710), 'import-b');
}, 400_000);
afterAll(async () => tmp?.remove());

describe('chartdesk documents and deliver', () => {
  it('lists delivered documents by MRN, with where they went', async () => {
    const run = await cli('documents', 'list', '--mrn', patients[0]!.mrn, '--delivered', '--json');
    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as DeliveredDocument[];
    expect(listed.map((d) => [d.documentId, d.status, d.deliveries.map((x) => [x.targetId, x.state])])).toEqual([[first, 'delivered', [['cli-folder', 'delivered']]]]);
  }, 60_000);

  it('corrects the first document and delivers the replacement to the folder the original went to', async () => {
    const run = await cli(
      'documents',
      'correct',
      first,
      '--mrn',
      patients[2]!.mrn,
      '--dos',
      '2026-01-16',
      '--reason',
      'Wrong patient: found on audit',
      '--override-qc',
      'Cover sheet was for the wrong patient',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    const view = JSON.parse(run.stdout) as CorrectionView;
    const replacement = view.replacement!.documentId;
    expect(view.deliveries.map((d) => [d.targetId, d.action, d.state])).toEqual([['cli-folder', 'replace', 'pending']]);

    const sent = await cli('deliver', '--wait', '--json');
    expect(sent.code, sent.stderr).toBe(0);
    const outcomes = JSON.parse(sent.stdout) as DeliveryOutcomeReport[];
    expect(outcomes.map((o) => [o.documentId, o.action, o.state])).toEqual([[replacement, 'replace', 'delivered']]);
    // The first run's folder, not the one the target's name points at now.
    expect((await readdir(join(tmp.path, 'import-a'))).sort()).toEqual([`${first}-retraction.json`, `${first}.json`, `${first}.pdf`, `${replacement}.json`, `${replacement}.pdf`].sort());
    expect((await readdir(join(tmp.path, 'import-b'))).sort()).toEqual([`${second}.json`, `${second}.pdf`]);
    const index = JSON.parse(await readFile(join(tmp.path, 'import-a', `${replacement}.json`), 'utf8'));
    expect(index).toMatchObject({ patient: { mrn: patients[2]!.mrn }, dateOfService: '2026-01-16', replaces: { documentId: first } });
    expect(JSON.parse(await readFile(join(tmp.path, 'import-a', `${first}-retraction.json`), 'utf8'))).toMatchObject({ replacedBy: replacement, status: 'entered-in-error' });

    const listed = JSON.parse((await cli('documents', 'list', '--json')).stdout) as DeliveredDocument[];
    expect(listed.find((d) => d.documentId === first)).toMatchObject({ status: 'replaced', replacedBy: replacement });
    // Sent at once by the operator's choice, and reviewed afterwards: the review owed on the original is owed on its replacement.
    const db = openTestDatabase(dataDir(), await stationKeyFor(dataDir()));
    try {
      const reviews = db.prepare('SELECT document_id AS id, state, delivered_first AS first FROM document_review WHERE document_id IN (?, ?)').all(first, replacement);
      expect(reviews).toEqual([{ id: replacement, state: 'awaiting', first: 1 }]);
    } finally {
      db.close();
    }
    expect(listed.find((d) => d.documentId === replacement)).toMatchObject({ status: 'delivered', replaces: first, mrn: patients[2]!.mrn });
  }, 120_000);

  it('refuses a correction QC blocks, and leaves the original as it was', async () => {
    const run = await cli('documents', 'correct', second, '--mrn', patients[3]!.mrn, '--reason', 'Wrong patient');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/was not corrected: The correction cannot be sent yet/);
    const listed = JSON.parse((await cli('documents', 'list', '--mrn', patients[1]!.mrn, '--json')).stdout) as DeliveredDocument[];
    expect(listed.map((d) => [d.documentId, d.status])).toEqual([[second, 'delivered']]);
  }, 60_000);

  it('retracts the second document at its folder, and deliver without --wait sends what is due', async () => {
    const run = await cli('documents', 'retract', second, '--reason', 'Not a patient of this hospital', '--json');
    expect(run.code, run.stderr).toBe(0);
    const sent = await cli('deliver', '--json');
    expect(sent.code, sent.stderr).toBe(0);
    expect((JSON.parse(sent.stdout) as DeliveryOutcomeReport[]).map((o) => [o.action, o.state])).toEqual([['retract', 'delivered']]);
    expect(JSON.parse(await readFile(join(tmp.path, 'import-b', `${second}-retraction.json`), 'utf8'))).toMatchObject({ documentId: second, replacedBy: null });
    // Nothing left: a second run sends nothing and says so.
    const again = await cli('deliver', '--wait', '--json');
    expect([again.code, again.stdout.trim()]).toEqual([0, '[]']);
  }, 120_000);
});
