import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { coverSheetSpec } from '../../scripts/samples/capture-sheets.js';
import { type DatedLetter, datedBatchPatients, generateDatedBatch } from '../../scripts/samples/dated-batch.js';
import { fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';
import { batchRow } from './scans.js';
import { importPatients } from './site-setup.js';
import { createAdministrator, expect, runCliSteps, snap, stationTest } from './station-fixture.js';

const SEED = 12;
const patients = datedBatchPatients(SEED);

/** A US station (its locale says en_US) with the MPI loaded at installation. */
const test = stationTest({
  env: { LC_ALL: 'en_US.UTF-8' },
  prepare: async ({ root, dataDir }) => {
    const own = Object.values(patients).map((p) => ({ ...p, middle: null, encounter: null, phone: null, address: null }));
    await runCliSteps(dataDir, [await importPatients(root, [...own, ...fakeMpi({ seed: 8, count: 100, lookAlikes: false })])]);
  },
});

const panel = (page: Page) => page.getByRole('complementary', { name: 'Index values' });

async function both(page: Page, name: string) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await snap(page, `${name}-1366`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await snap(page, `${name}-1920`);
  await page.setViewportSize({ width: 1366, height: 768 });
}

test('dates follow the station’s order: a typed date shows how it was read, an other-order date of birth is flagged, the order is a setting', async ({ page, station }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(station.url);
  await createAdministrator(page);

  // Settings > Dates: month first, from the locale, named.
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  const dates = page.getByRole('region', { name: 'Dates' });
  await expect(dates).toContainText('Dates are read month first: 09/02/2026 is 2 Sep 2026');
  await expect(dates).toContainText('en_US.UTF-8, from LC_ALL');
  await dates.scrollIntoViewIfNeeded();
  await both(page, 'dates-01-settings-locale');

  // The US letter: 05/08/1971 for a patient born 8 May 1971, seen 09/02/2026.
  const [letter] = (await generateDatedBatch({ seed: SEED, dateOrder: 'month-first' })) as [DatedLetter];
  await writeFile(join(station.dropDir, 'us-letter.tif'), letter.tiff);
  const { payload: _payload, ...cover } = coverSheetSpec({ mrn: patients.unambiguous.mrn, docTypeCode: '11502-2' });
  const coverPage = await renderPage({ ...cover, seed: 3, dpi: 200 });
  const croppedCover = await sharp(coverPage.png).extract({ left: 0, top: 0, width: coverPage.width, height: 600 }).withDensity(200).png().toBuffer();
  await writeFile(join(station.dropDir, 'cover-alone.tif'), await writeTiff([croppedCover], { compression: 'g4', dpi: 200 }));

  await page.keyboard.press('g');
  await page.keyboard.press('b');
  await expect(batchRow(page, 'us-letter.tif')).toContainText('1 document', { timeout: 200_000 });
  await expect(batchRow(page, 'cover-alone.tif')).toContainText('0 documents', { timeout: 200_000 });
  await expect(batchRow(page, 'cover-alone.tif').getByRole('progressbar')).toHaveCount(0, { timeout: 200_000 });

  // The file of one cover sheet says what is wrong with it.
  await batchRow(page, 'cover-alone.tif').click();
  await expect(page.getByLabel('About this batch')).toContainText('This file holds only a cover sheet: scan it in front of the pages it describes');
  await both(page, 'dates-02-cover-sheet-only');
  await page.keyboard.press('Escape');

  await expect(batchRow(page, 'us-letter.tif').getByRole('progressbar')).toHaveCount(0, { timeout: 200_000 });
  // I pressed while the batch is still opening goes to indexing all the same: the batch's answer
  // is held back (not changed) until after the key, as on a busy station.
  let releaseBatch = () => {};
  const batchHeld = new Promise<void>((resolve) => (releaseBatch = resolve));
  await page.route(
    '**/api/batches.get',
    async (route) => {
      await batchHeld;
      await route.continue();
    },
    { times: 1 },
  );
  await batchRow(page, 'us-letter.tif').click();
  await page.keyboard.press('i');
  releaseBatch();
  const values = panel(page);
  await expect(values.getByRole('list', { name: 'Suggested patients' })).toContainText(letter.patient.mrn);
  await expect(values.getByRole('list', { name: 'Dates read on the pages' })).toContainText('2 Sep 2026');
  await expect(values.getByRole('list', { name: 'Dates read on the pages' })).toContainText('Read day first, it would be 9 Feb 2026');

  // Typed, it shows how it will be saved before Enter.
  await page.keyboard.press('d');
  const dateField = values.getByRole('combobox', { name: /^Date of service/ });
  await expect(dateField).toBeFocused();
  await page.keyboard.type('09/02/2026');
  await expect(values).toContainText('Will be saved as 2 Sep 2026 (read month first; day first it would be 9 Feb 2026)');
  await both(page, 'dates-03-typed-date');
  await page.keyboard.press('Enter');
  await expect(values.getByLabel('Date of service chosen')).toContainText('2 Sep 2026');

  // The administrator says this hospital writes day first: the same page now reads otherwise.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await dates.getByRole('radio', { name: /^Day first/ }).check();
  await dates.getByRole('button', { name: 'Save date order' }).click();
  await expect(dates).toContainText('Saved. Dates are read day first: 09/02/2026 is 9 Feb 2026.');
  await both(page, 'dates-04-settings-day-first');

  await page.keyboard.press('g');
  await page.keyboard.press('b');
  await batchRow(page, 'us-letter.tif').click();
  await page.keyboard.press('i');
  // MRN and name still name the patient; the date of birth is said to fit only the other way round.
  await expect(values).toContainText('fits only if read in the other date order');
  await expect(values.locator('[data-code="birth-date-other-order"]')).toContainText('05/08/1971');
  await expect(values.getByRole('list', { name: 'Dates read on the pages' })).toContainText('9 Feb 2026');
  await both(page, 'dates-05-other-order-flagged');
});
