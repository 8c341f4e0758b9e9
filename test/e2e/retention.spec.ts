import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOOK_ALIKES, fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { runCli } from '../support/cli.js';
import { openTestDatabase, stationKeyFor } from '../support/station-key.js';
import { batchRow, coverAndLetter, expectBatchRead, indexAndAcceptPatient } from './scans.js';
import { NO_REVIEW, importPatients, writeStationConfig } from './site-setup.js';
import { createAdministrator, expect, runCliSteps, snap, stationTest } from './station-fixture.js';

const DAY = 24 * 60 * 60 * 1000;
const { maryOBrien } = LOOK_ALIKES;

/** A station that does no QC review (a confirmed document goes straight out), with its MPI loaded. */
const test = stationTest({
  prepare: async ({ root, dataDir }) => {
    await writeStationConfig(dataDir, NO_REVIEW);
    await runCliSteps(dataDir, [await importPatients(root, fakeMpi({ seed: 17, count: 50 }))]);
  },
});

test('after retention, a delivered document shows placeholders instead of its page images; Settings > Retention', async ({ page, station }) => {
  test.setTimeout(300_000);
  await page.goto(station.url);
  await createAdministrator(page);

  // Scan, index and confirm one document; it is delivered at once (no review on this station).
  await writeFile(join(station.dropDir, 'discharge.tif'), await coverAndLetter(901));
  await expectBatchRead(batchRow(page, 'discharge.tif'), '1 document');
  await indexAndAcceptPatient(page, maryOBrien.mrn);
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
