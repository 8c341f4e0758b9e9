import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('coversheet');
});
afterAll(async () => {
  await tmp?.remove();
});
/** The station whose audit trail records the sheets (never the user's own app-data folder). */
const dataDir = () => join(tmp.path, 'data');

async function pdfText(path: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(await readFile(path)), verbosity: 0 }).promise;
  try {
    expect(doc.numPages).toBe(1);
    const content = await (await doc.getPage(1)).getTextContent();
    return content.items.map((item) => ('str' in item ? item.str : '')).join('\n');
  } finally {
    await doc.destroy();
  }
}

describe('chartdesk coversheet', () => {
  it('writes the cover sheet PDF and prints its path', async () => {
    const out = join(tmp.path, 'sheets', 'a.pdf');
    const run = await runCli(['--data-dir', dataDir(), 'coversheet', '--mrn', 'MRN:4455667', '--doctype', '11506-3', '--dos', '2025-01-31', '--enc', 'E42', '--name', 'NGUYEN, Wen', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    expect((await stat(out)).size).toBeGreaterThan(1000);
    const text = await pdfText(out);
    expect(text).toContain('COVER SHEET');
    expect(text).toContain('NGUYEN, Wen');
    expect(text).toContain('Progress note (LOINC 11506-3)');
    // The MRN prefix form is accepted, and the sheet carries the digits alone.
    expect(text).toContain('MRN=4455667;DOCTYPE=11506-3;DOS=2025-01-31;ENC=E42');
    // No temp files left behind by the durable write.
    expect(await readdir(join(tmp.path, 'sheets'))).toEqual(['a.pdf']);
  });

  it('notes a missing date of service for types that need one, and still writes the sheet', async () => {
    const out = join(tmp.path, 'b.pdf');
    const run = await runCli(['--data-dir', dataDir(), 'coversheet', '--mrn', '123456', '--doctype', '18842-5', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/needs a date of service/);
    expect(await pdfText(out)).toMatch(/Patient name: _+/);
  });

  it('refuses bad input with exit code 2 and a message that says what is wrong', async () => {
    const out = join(tmp.path, 'bad.pdf');
    const badMrn = await runCli(['--data-dir', dataDir(), 'coversheet', '--mrn', '12AB', '--doctype', '18842-5', '--out', out]);
    expect(badMrn.code).toBe(2);
    expect(badMrn.stderr).toMatch(/--mrn "12AB" is not a medical record number: it must be 6 to 10 digits/);

    const tooShort = await runCli(['--data-dir', dataDir(), 'coversheet', '--mrn', '12345', '--doctype', '18842-5', '--out', out]);
    expect(tooShort.code).toBe(2);

    const badType = await runCli(['--data-dir', dataDir(), 'coversheet', '--mrn', '1234567', '--doctype', '99999-9', '--out', out]);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(/--doctype "99999-9" is not in the document-type catalogue; valid codes include 18842-5 \(Discharge summary\)/);

    const badDate = await runCli(['--data-dir', dataDir(), 'coversheet', '--mrn', '1234567', '--doctype', '18842-5', '--dos', '2025-02-30', '--out', out]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--dos "2025-02-30" is not a real date/);

    const noOut = await runCli(['--data-dir', dataDir(), 'coversheet', '--mrn', '1234567', '--doctype', '18842-5']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out FILE\.pdf is required/);

    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('explains itself with --help', async () => {
    const run = await runCli(['--data-dir', dataDir(), 'coversheet', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^chartdesk \[--data-dir DIR\] coversheet --mrn MRN --doctype CODE/);
  });
});
