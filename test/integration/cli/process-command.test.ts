import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcessReport } from '../../../electron/cli/commands/process-command.js';
import { writeFile } from 'node:fs/promises';
import { generateBoxScenario } from '../../../scripts/samples/box-scenario.js';
import { drawBarcodeSheet, scanSheet } from '../../../scripts/samples/paper-sheets.js';
import { writePnm } from '../../../scripts/samples/scan-files.js';
import { runCli } from '../../support/cli.js';
import { sampleSetForFile, tempDirForFile } from '../../support/per-file-fixtures.js';

const samples = sampleSetForFile();
const tmp = tempDirForFile('cli');

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

  it('reports barcodes, blank, rotation and text per page, and the documents a box splits into', async () => {
    const box = await generateBoxScenario({ seed: 5, dpi: 150, format: 'tiff', preset: 'small' });
    const file = join(tmp.path, 'box.tif');
    await writeFile(file, box.bytes);
    const run = await runCli(['--data-dir', join(tmp.path, 'data-box'), 'process', file, '--out', join(tmp.path, 'out-box'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [entry] = (JSON.parse(run.stdout) as ProcessReport).files;
    expect(entry!.pages.map((p) => p.page)).toEqual(box.pages.map((p) => p.page));
    entry!.pages.forEach((page, i) => {
      const truth = box.pages[i]!;
      expect(page.barcodes.map((b) => b.text).sort(), `page ${page.page}`).toEqual(truth.barcodes.map((b) => b.text).sort());
      expect(page.blank, `page ${page.page}`).toBe(truth.role === 'blank');
      if (truth.role !== 'blank') expect(page.rotation, `page ${page.page}`).toBe(truth.rotation);
      if (truth.role === 'content') expect(page.text!.length, `page ${page.page}`).toBeGreaterThan(50);
    });
    expect(entry!.documents).toEqual(box.documents.map((d) => ({ pages: d.pages, patient: d.patient, docType: d.docType, dateOfService: d.dateOfService ?? null })));
    // Barcode formats are named as a person reads them.
    expect(entry!.pages.flatMap((p) => p.barcodes.map((b) => b.format))).toEqual(expect.arrayContaining(['DataMatrix', 'Code128']));
  }, 180_000);

  it('with --no-ocr skips the text only: barcodes, blank pages, rotation and documents are still reported, PNM included', async () => {
    const box = await generateBoxScenario({ seed: 6, dpi: 150, format: 'tiff', preset: 'small' });
    const file = join(tmp.path, 'box-no-ocr.tif');
    await writeFile(file, box.bytes);
    // A label scanned by `scanimage --mode Lineart`: a PBM with no resolution recorded.
    const label = await drawBarcodeSheet({ format: 'code39', text: 'ASN00123', moduleMm: 0.33 });
    const pbm = join(tmp.path, 'label.pbm');
    await writeFile(pbm, await writePnm(await scanSheet(label, { dpi: 150, seed: 1 }), { kind: 'pbm' }));
    const run = await runCli(['--data-dir', join(tmp.path, 'data-no-ocr'), 'process', file, pbm, '--out', join(tmp.path, 'out-no-ocr'), '--json', '--no-ocr']);
    expect(run.code, run.stderr).toBe(0);
    const [entry, scanned] = (JSON.parse(run.stdout) as ProcessReport).files;
    entry!.pages.forEach((page, i) => {
      const truth = box.pages[i]!;
      expect(page.barcodes.map((b) => b.text).sort(), `page ${page.page}`).toEqual(truth.barcodes.map((b) => b.text).sort());
      expect(page.blank, `page ${page.page}`).toBe(truth.role === 'blank');
      if (truth.role !== 'blank') expect(page.rotation, `page ${page.page}`).toBe(truth.rotation);
      expect(page.text, `page ${page.page}`).toBeNull();
    });
    expect(entry!.documents).toEqual(box.documents.map((d) => ({ pages: d.pages, patient: d.patient, docType: d.docType, dateOfService: d.dateOfService ?? null })));
    expect(scanned).toMatchObject({ status: 'ok', format: 'pnm', pages: [{ page: 1, dpi: 150, colorMode: 'bilevel', blank: false, text: null }] });
    expect(scanned!.pages[0]!.barcodes).toEqual([{ format: 'Code39', text: 'ASN00123' }]);
    expect(scanned!.documents).toEqual([{ pages: [1], patient: null, docType: null, dateOfService: null }]);
  }, 180_000);

  it('fails with usage help when --out is missing, and refuses to listen beyond loopback', async () => {
    const noOut = await runCli(['--data-dir', join(tmp.path, 'data'), 'process', samples.path('letter-g4.tif')]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out DIR is required/);
    const exposed = await runCli(['--data-dir', join(tmp.path, 'data'), 'serve', '--host', '0.0.0.0', '--port', '0']);
    expect(exposed.code).toBe(2);
    expect(exposed.stderr).toMatch(/refusing to listen on 0\.0\.0\.0/);
  });
});
