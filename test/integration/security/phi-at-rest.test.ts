import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessReport } from '../../../electron/cli/commands/process-command.js';
import { mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { runCli } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * A full ingest-to-delivery run with a patient whose name and MRN exist nowhere else, then a
 * byte search for them everywhere the station writes: its data folder, the temp folder of the
 * run and its logs. Only the repository's copy (the import folder) and the export the operator
 * asked for (--out) may hold them in plain text.
 */
const patient = { family: 'Zyxwarbleton', given: 'Philomena', birthDate: '1958-11-23', sex: 'female' as const, mrn: '48213957' };

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('phi-at-rest');
});
afterAll(async () => tmp?.remove());

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Every spelling a careless writer could leave: UTF-8, UTF-16 either way round, any letter case. */
function spellings(value: string): string[] {
  const lower = value.toLowerCase();
  const utf16be = Buffer.from(lower, 'utf16le').swap16();
  return [Buffer.from(lower, 'utf8'), Buffer.from(lower, 'utf16le'), utf16be].map((b) => b.toString('latin1'));
}

function hitsIn(bytes: Buffer, needles: string[]): string[] {
  const haystack = bytes.toString('latin1').toLowerCase();
  return needles.filter((needle) => spellings(needle).some((s) => haystack.includes(s)));
}

async function hitsUnder(folder: string, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await filesUnder(folder)) {
    const found = hitsIn(await readFile(file), needles);
    if (found.length > 0) hits.push(`${file}: ${found.join(', ')}`);
  }
  return hits;
}

describe('no patient data in plain text at rest', () => {
  it('leaves the name and MRN only in the delivered copy after ingest, recognition, indexing and delivery', async () => {
    const page = await renderPage({
      seed: 9001,
      dpi: 200,
      title: 'Discharge Summary',
      patient,
      label: patient,
      lines: ['Date of service: 2026-03-04', 'Admitted with pneumonia, treated with antibiotics.', 'Discharged home in stable condition.'],
    });
    const inputs = join(tmp.path, 'inputs');
    await mkdir(inputs);
    await writeFile(join(inputs, 'scan.tif'), await writeTiff([page.png], { compression: 'g4', dpi: 200 }));
    await writeFile(join(inputs, 'mpi.csv'), mpiCsv([{ ...patient, middle: null, encounter: null, phone: null, address: null }]));

    const dataDir = join(tmp.path, 'data');
    const runTemp = join(tmp.path, 'run-temp');
    await mkdir(runTemp);
    const importFolder = join(tmp.path, 'repository-import');
    const run = await runCli(
      [
        '--data-dir',
        dataDir,
        '--verbose',
        'process',
        join(inputs, 'scan.tif'),
        '--out',
        join(tmp.path, 'export'),
        '--patients',
        join(inputs, 'mpi.csv'),
        '--deliver',
        `folder:${importFolder}`,
        '--json',
      ],
      { TMPDIR: runTemp, TMP: runTemp, TEMP: runTemp },
    );
    expect(run.code, run.stderr).toBe(0);
    const [document] = (JSON.parse(run.stdout) as ProcessReport).files[0]!.documents!;
    expect(document).toMatchObject({ patient: { mrn: patient.mrn }, delivered: true });

    const needles = [patient.family, patient.given, patient.mrn];
    // The search finds them where they belong, so finding nothing elsewhere means something.
    expect((await hitsUnder(importFolder, needles)).length).toBeGreaterThan(0);
    expect(await hitsUnder(join(tmp.path, 'export'), needles)).not.toEqual([]);

    const stored = await filesUnder(dataDir);
    expect(stored.some((f) => f.endsWith('.pdf'))).toBe(true);
    expect(stored.filter((f) => f.includes('/store/')).length).toBeGreaterThan(3);
    expect(await hitsUnder(dataDir, needles)).toEqual([]);
    expect(await hitsUnder(runTemp, needles)).toEqual([]);
    // Logs go to standard error (the report on standard output is the requested result).
    expect(run.stderr).toContain('"level"');
    expect(hitsIn(Buffer.from(run.stderr), needles)).toEqual([]);
  }, 240_000);
});
