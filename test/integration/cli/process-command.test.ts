import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessReport } from '../../../electron/cli/commands/process-command.js';
import { runCli } from '../../support/cli.js';
import { sampleSet } from '../../support/sample-set.js';
import { makeTempDir } from '../../support/temp-dir.js';

let samples: Awaited<ReturnType<typeof sampleSet>>;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  samples = await sampleSet();
  tmp = await makeTempDir('cli');
});
afterAll(async () => {
  await samples?.remove();
  await tmp?.remove();
});

describe('chartdesk process', () => {
  it('prints a JSON report alone on stdout: one entry per file, pages numbered from 1, errors for rejects', async () => {
    const out = join(tmp.path, 'out');
    const files = ['letter-g4.tif', 'referral-scan.pdf', 'truncated.tif', 'notes.pdf'].map((n) => samples.path(n));
    const run = await runCli(['--data-dir', join(tmp.path, 'data'), 'process', ...files, '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ProcessReport;
    expect(report.files.map((f) => [f.file, f.status])).toEqual([
      [files[0], 'ok'],
      [files[1], 'ok'],
      [files[2], 'rejected'],
      [files[3], 'rejected'],
    ]);
    expect(report.files[0]!.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(report.files[1]!.pages.map((p) => p.page)).toEqual([1, 2]);
    expect(report.files[2]!.error).toMatch(/^truncated: /);
    expect(report.files[3]!.error).toMatch(/^unsupported-format: /);
    expect(report.files[0]).not.toHaveProperty('error');
    // The same report is kept in the output folder, and progress went to stderr.
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8'))).toEqual(report);
    expect(run.stderr).toMatch(/\[1\/4\]/);
    // Files named on the command line are left where they are.
    expect((await readFile(files[0]!)).length).toBeGreaterThan(0);
  });

  it('reports a file processed again as ok, a duplicate of its first batch', async () => {
    const args = ['--data-dir', join(tmp.path, 'data'), 'process', samples.path('letter-g4.tif'), '--out', join(tmp.path, 'out2'), '--json'];
    const report = JSON.parse((await runCli(args)).stdout) as ProcessReport;
    expect(report.files[0]).toMatchObject({ status: 'ok', duplicateOf: 'B-000001' });
    expect(report.files[0]!.pages).toHaveLength(3);
  });

  it('fails with usage help when --out is missing, and refuses to listen beyond loopback', async () => {
    const noOut = await runCli(['--data-dir', join(tmp.path, 'data'), 'process', samples.path('letter-g4.tif')]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out DIR is required/);
    const exposed = await runCli(['--data-dir', join(tmp.path, 'data'), 'serve', '--host', '0.0.0.0', '--port', '0']);
    expect(exposed.code).toBe(2);
    expect(exposed.stderr).toMatch(/refusing to listen on 0\.0\.0\.0/);
  });
});
