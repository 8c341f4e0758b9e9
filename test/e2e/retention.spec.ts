import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { coverSheetSpec } from '../../scripts/samples/capture-sheets.js';
import { LOOK_ALIKES, fakeMpi, mpiCsv } from '../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';
import { runCli } from '../support/cli.js';
import { openTestDatabase, stationKeyFor } from '../support/station-key.js';
import { createAdministrator, expect, type RunningTestStation, snap, startStation } from './station-fixture.js';

const DPI = 200;
const DAY = 24 * 60 * 60 * 1000;
const { maryOBrien } = LOOK_ALIKES;

/** A station that does no QC review (a confirmed document goes straight out), with its MPI loaded. */
const test = base.extend<{ station: RunningTestStation }>({
  station: async ({}, use) => {
    const { station, stop } = await startStation({
      prepare: async ({ root, dataDir }) => {
        await mkdir(dataDir, { recursive: true });
        await writeFile(join(dataDir, 'chartdesk.json'), JSON.stringify({ review: { required: false } }));
        const csv = join(root, 'mpi.csv');
        await writeFile(csv, mpiCsv(fakeMpi({ seed: 17, count: 50 })));
        const run = await runCli(['--data-dir', dataDir, 'patients', 'import', csv]);
        if (run.code !== 0) throw new Error(`patients import failed:\n${run.stderr}`);
      },
    });
    await use(station);
    await stop();
  },
});

async function coverAndLetter(seed: number): Promise<Buffer> {
  const { payload: _payload, ...cover } = coverSheetSpec({ mrn: maryOBrien.mrn, docTypeCode: '18842-5', dateOfService: '2026-03-04', patientName: "O'Brien, Mary" });
  const pages = await Promise.all([renderPage({ ...cover, seed, dpi: DPI }), renderPage({ seed: seed + 1, dpi: DPI, title: 'Discharge Summary', patient: maryOBrien })]);
  return writeTiff(
    pages.map((p) => p.png),
    { compression: 'g4', dpi: DPI },
  );
}

test('after retention, a delivered document shows placeholders instead of its page images; Settings > Retention', async ({ page, station }) => {
  test.setTimeout(300_000);
  await page.goto(station.url);
  await createAdministrator(page);

  // Scan, index and confirm one document; it is delivered at once (no review on this station).
  await writeFile(join(station.dropDir, 'discharge.tif'), await coverAndLetter(901));
  const row = page.getByRole('table', { name: 'Batches, newest first' }).getByRole('row').filter({ hasText: 'discharge.tif' });
  await expect(row).toContainText('1 document', { timeout: 200_000 });
  await expect(row.getByRole('progressbar')).toHaveCount(0, { timeout: 200_000 });
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: /^Indexing B-\d{6}$/ })).toBeVisible();
  const values = page.getByRole('complementary', { name: 'Index values' });
  await expect(values.getByRole('list', { name: 'Suggested patients' })).toContainText(maryOBrien.mrn);
  await page.keyboard.press('a');
  await expect(values.getByLabel('Patient chosen')).toContainText(maryOBrien.mrn);
  await page.keyboard.press('c');
  await expect(page.getByRole('button', { name: /^Document 1, / })).toHaveAccessibleName('Document 1, Delivered', { timeout: 60_000 });

  // Eight days pass (the delivery is dated back: the station runs on the real clock), then the
  // administrator runs the purge the station would run within the hour.
  const db = openTestDatabase(station.dataDir, await stationKeyFor(station.dataDir), { readonly: false });
  try {
    db.prepare('UPDATE outbox SET delivered_at = ?').run(new Date(Date.now() - 8 * DAY).toISOString());
  } finally {
    db.close();
  }
  const run = await runCli(['--data-dir', station.dataDir, 'purge']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('Removed the local copies of 1 document');

  // The batch viewer: every page says its image was removed, none shows a broken image or an error.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('Image removed after delivery (retention: 7 days)');
  await expect(page.getByRole('alert')).toHaveCount(0);
  const thumbs = page.getByRole('navigation', { name: 'Pages' }).getByRole('button');
  await expect(thumbs).toHaveCount(2);
  for (const thumb of await thumbs.all()) await expect(thumb).toHaveAccessibleName(/image removed after delivery$/);
  await snap(page, 'retention-01-batch-viewer-purged');

  // Settings > Retention: both settings, saved and read back.
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  const panel = page.getByRole('region', { name: 'Retention' });
  await expect(panel.getByLabel('Days to keep delivered documents')).toHaveValue('7');
  await expect(panel.getByLabel('Days to keep quarantined files')).toHaveValue('30');
  await panel.getByLabel('Days to keep quarantined files').fill('0');
  await panel.getByRole('button', { name: 'Save retention' }).click();
  await expect(panel).toContainText('Retention saved');
  await panel.scrollIntoViewIfNeeded();
  await snap(page, 'retention-02-settings');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Retention' }).getByLabel('Days to keep quarantined files')).toHaveValue('0');
});
