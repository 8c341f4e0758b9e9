import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coverSheetSpec } from '../../scripts/samples/capture-sheets.js';
import { fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';
import { runCli } from '../support/cli.js';
import { parseCsv } from '../support/csv.js';
import { batchRow } from './scans.js';
import { importPatients } from './site-setup.js';
import { api } from './station-api.js';
import { createAdministrator, expect, runCliSteps, stationTest } from './station-fixture.js';

const DPI = 200;
const DOCUMENTS = 10;
const patients = fakeMpi({ seed: 23, count: 60, lookAlikes: false }).slice(0, DOCUMENTS);

const test = stationTest({
  prepare: async ({ root, dataDir }) => runCliSteps(dataDir, [await importPatients(root, fakeMpi({ seed: 23, count: 60, lookAlikes: false }))]),
});

/** Ten progress notes, each behind its cover sheet: one file, twenty pages, ten documents. */
async function tenDocuments(): Promise<Buffer> {
  const pages = await Promise.all(
    patients.flatMap((patient, i) => {
      const { payload: _payload, ...cover } = coverSheetSpec({ mrn: patient.mrn, docTypeCode: '11506-3', dateOfService: '2026-02-10', patientName: `${patient.family}, ${patient.given}` });
      return [renderPage({ ...cover, seed: 300 + 2 * i, dpi: DPI }), renderPage({ seed: 301 + 2 * i, dpi: DPI, title: 'Progress Note', patient })];
    }),
  );
  return writeTiff(
    pages.map((p) => p.png),
    { compression: 'g4', dpi: DPI },
  );
}

/** The audit trail's entries as `chartdesk audit export` writes them (seq, at, user, action, subject type, subject id, ...). */
async function auditRows(dataDir: string): Promise<string[][]> {
  const day = (offset: number) => {
    const d = new Date();
    d.setDate(d.getDate() + offset);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  const run = await runCli(['--data-dir', dataDir, 'audit', 'export', '--from', day(-1), '--to', day(1)]);
  if (run.code !== 0) throw new Error(`audit export failed:\n${run.stderr}`);
  // Without the header row.
  return parseCsv(run.stdout).slice(1);
}

/**
 * The measurement of issue 13: a clerk indexes a ten-document batch while OCR is still reading
 * it; recognition progress refreshes the open batch and document many times over. The trail must
 * hold one "document-viewed" per document opened (and one for the batch), not one per refresh.
 */
test('indexing a ten-document batch while OCR runs records one view per document opened, none per refresh', async ({ page, station }) => {
  test.setTimeout(600_000);
  await page.goto(station.url);
  await createAdministrator(page);
  await writeFile(join(station.dropDir, 'ten-notes.tif'), await tenDocuments());

  // The clerk starts as soon as the first document is split off, and keeps up with the scanner:
  // recognition goes on reading the batch (and refreshing the open screens) all the while.
  const row = batchRow(page, 'ten-notes.tif');
  await expect(row.getByRole('cell').nth(5)).toHaveText(/^[1-9]/, { timeout: 300_000 });
  const backlog = await api<{ recognitionBacklog: { ocr: number } }>(page, 'station.status', {});
  console.log(`[view-audit] pages waiting for OCR when indexing starts: ${backlog.recognitionBacklog.ocr}`);
  expect(backlog.recognitionBacklog.ocr, 'OCR must still be running while the clerk indexes').toBeGreaterThan(0);

  await row.click();
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: /^Indexing B-\d{6}$/ })).toBeVisible();
  const toolbar = page.locator('.viewer-toolbar');
  const values = page.getByRole('complementary', { name: 'Index values' });
  const docAt = async () =>
    /Doc (\d+) of (\d+)/
      .exec((await toolbar.textContent()) ?? '')
      ?.slice(1)
      .map(Number) ?? [0, 0];
  // Documents the screen itself went to after a confirmation, other than the next (it picks the
  // next open one from the batch as it last fetched it): each is an opening too.
  let openedByTheScreen = 0;
  for (let n = 1; n <= DOCUMENTS; n++) {
    if (n > 1) {
      // The next document may still be on its way: wait for it, then open it if the screen did not.
      await expect.poll(async () => (await docAt())[1], { timeout: 300_000 }).toBeGreaterThanOrEqual(n);
      const [at] = await docAt();
      if (at !== n) {
        if (at !== n - 1) openedByTheScreen++;
        await page.getByRole('button', { name: new RegExp(`^Document ${n},`) }).click();
      }
    }
    await expect(toolbar).toContainText(`Doc ${n} of`);
    await expect(values.getByRole('list', { name: 'Suggested patients' })).toContainText(patients[n - 1]!.mrn);
    // A takes the patient once the page's own text agrees with the cover sheet (OCR may not have
    // read it yet): the clerk presses A again until Confirm is open, as at the desk.
    await expect(async () => {
      await page.keyboard.press('a');
      await expect(values.getByRole('button', { name: /Confirm and next/ })).toBeEnabled({ timeout: 2_000 });
    }).toPass({ timeout: 300_000 });
    await page.keyboard.press('c');
    await expect(values).toContainText(`Document ${n} confirmed`);
  }
  const ocrLeft = (await api<{ recognitionBacklog: { ocr: number } }>(page, 'station.status', {})).recognitionBacklog.ocr;
  console.log(`[view-audit] pages waiting for OCR when the last document was confirmed: ${ocrLeft}`);

  const views = (await auditRows(station.dataDir)).filter((r) => r[3] === 'document-viewed');
  const count = (type: string) => views.filter((r) => r[4] === type).length;
  console.log(`[view-audit] document-viewed entries: ${views.length} (batch ${count('batch')}, document ${count('document')}, page ${count('page')})`);
  const documentIds = new Set(views.filter((r) => r[4] === 'document').map((r) => r[5]));
  expect(documentIds.size).toBe(DOCUMENTS);
  console.log(`[view-audit] documents the screen went to by itself: ${openedByTheScreen}`);
  expect(count('document')).toBe(DOCUMENTS + openedByTheScreen);
  // The batch: once when its row's indexing counts were first fetched (index data reached this
  // session), once when the clerk opened it. Not once per recognition event.
  expect(count('batch')).toBeLessThanOrEqual(2);
  expect(count('page')).toBe(0);
});
