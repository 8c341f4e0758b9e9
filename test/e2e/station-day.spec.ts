import type { Page } from '@playwright/test';
import { LOOK_ALIKES, fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { chooseType, coverAndLetter, dropScan as drop, faintFax, indexValues as panel, typeDateOfService } from './scans.js';
import { CLERK, REVIEWER, importPatients } from './site-setup.js';
import { expect, expectAccessible, goTo, runCliSteps, signIn, signOut, snap, stationTest } from './station-fixture.js';

/**
 * A clerk's run through three batches on a 1366x768 screen with the keyboard alone: a letter
 * with its cover sheet, a faint fax that needs a reviewer's override and has a page replaced
 * from a rescan, and a consent form; the next batch is offered after each one is done. The
 * reviewer answers the override request with the keyboard too.
 */
const { maryOBrien, johnSmith } = LOOK_ALIKES;

/** A station with a clerk, a reviewer and the patient index, made with the CLI before it starts, as a site sets one up. */
const test = stationTest({
  prepare: async ({ root, dataDir }) => runCliSteps(dataDir, [await importPatients(root, fakeMpi({ seed: 17, count: 100 })), CLERK, REVIEWER]),
});

const indexingHeading = (page: Page, label?: string) => page.getByRole('heading', { name: label ? `Indexing ${label}` : /^Indexing B-\d{6}$/ });
const batchRows = (page: Page) => page.getByRole('table', { name: /^Batches, newest first/ }).getByRole('row');
const labelOf = async (page: Page) => (await indexingHeading(page).textContent())!.replace('Indexing ', '');

/** A, then C once the suggestions are in and every page is read: confirmed, from the keyboard. */
async function acceptAndConfirm(page: Page, mrn: string) {
  const values = panel(page);
  await expect(values.getByRole('list', { name: 'Suggested patients' }).or(values.getByLabel('Patient chosen'))).toContainText(mrn, { timeout: 120_000 });
  await page.keyboard.press('a');
  await expect(values.getByLabel('Patient chosen')).toContainText(mrn);
  await expect(values.getByRole('button', { name: /Confirm and next/ })).toBeEnabled({ timeout: 120_000 });
  await page.keyboard.press('c');
}

test('a clerk works through three batches with the keyboard; a reviewer answers the override request; a page is replaced from the rescan', async ({ page, station }) => {
  test.setTimeout(480_000);
  await page.goto(station.url);
  await signIn(page, 'carl.clerk');

  // The morning's scans: a discharge letter, a faint fax, a consent form.
  await drop(station, 'discharge-0001.tif', await coverAndLetter(610));
  await expect(batchRows(page).filter({ hasText: 'discharge-0001.tif' })).toContainText('1 document', { timeout: 120_000 });
  await drop(station, 'faint-fax.tif', await faintFax(510, 2, 100));
  await expect(batchRows(page).filter({ hasText: 'faint-fax.tif' })).toContainText('1 document', { timeout: 120_000 });
  await drop(station, 'consent-0002.tif', await coverAndLetter(630, { patient: johnSmith, docTypeCode: '59284-0', title: 'Consent Form' }));
  await expect(batchRows(page).filter({ hasText: 'consent-0002.tif' })).toContainText('1 document', { timeout: 120_000 });

  // "To index" (1): the three batches, newest first; End goes to the oldest, I indexes it.
  await page.keyboard.press('1');
  await expect(page.getByRole('button', { name: /To index/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(batchRows(page)).toHaveCount(4);
  await snap(page, 'station-day-01-to-index');
  await page.keyboard.press('End');
  await page.keyboard.press('i');
  await expect(indexingHeading(page)).toBeVisible();
  const first = await labelOf(page);

  // Batch 1: accept and confirm; the next batch is offered with the focus on it, Enter takes it:
  // the oldest with work the clerk can do (the consent form; the fax is blocked).
  await acceptAndConfirm(page, maryOBrien.mrn);
  const offer = page.getByRole('region', { name: 'Next batch' });
  await expect(offer).toContainText(`Every document of ${first} is confirmed`);
  const take = offer.getByRole('button', { name: /^Index B-\d{6}/ });
  await expect(take).toBeFocused();
  await expect(page.getByRole('button', { name: 'Document 1, Waiting for review' })).toBeVisible();
  await snap(page, 'station-day-02-next-batch-offered');
  await page.keyboard.press('Enter');
  await expect(indexingHeading(page)).not.toHaveText(`Indexing ${first}`);
  const consent = await labelOf(page);

  // Batch 2, the consent form: the same again; now only the fax is left, blocked, and offered.
  await acceptAndConfirm(page, johnSmith.mrn);
  await expect(offer).toContainText(`Every document of ${consent} is confirmed`);
  await expect(take).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(indexingHeading(page)).not.toHaveText(`Indexing ${consent}`);
  const fax = await labelOf(page);

  // Batch 3, the fax: the patient, type and date by keyboard; blocked by its resolution, not by what is missing.
  const values = panel(page);
  await expect(page.getByRole('list', { name: 'Blocking findings' })).toContainText('Scanned at 100 dpi');
  await expect(page.getByRole('button', { name: 'Document 1, Blocked' })).toBeVisible();
  await page.keyboard.press('/');
  await expect(values.getByRole('combobox', { name: /Find a patient/ })).toBeFocused();
  await page.keyboard.type(maryOBrien.mrn);
  await expect(page.getByRole('listbox', { name: 'Patients found' }).getByRole('option').first()).toContainText(maryOBrien.mrn);
  await page.keyboard.press('Enter');
  await expect(values.getByLabel('Patient chosen')).toContainText(maryOBrien.mrn);
  await chooseType(page, 'progress', 'Progress note');
  await typeDateOfService(page, '2026-03-05');
  await page.keyboard.press('Enter');
  await expect(values.getByLabel('Date of service chosen')).toContainText('2026-03-05');

  // O: a clerk cannot override, so O asks a reviewer, with a note.
  await page.keyboard.press('o');
  const ask = page.getByRole('dialog', { name: 'Ask a reviewer to override' });
  await expect(ask).toBeVisible();
  await page.keyboard.type('Only copy the ward holds; it is legible.');
  await page.keyboard.press('Enter');
  await expect(ask).toHaveCount(0);
  await expect(values.locator('[data-request-state="pending"]')).toContainText('Only copy the ward holds');

  // X: page 1 is crooked; the next scan replaces it.
  await page.keyboard.press('x');
  const rescan = page.getByRole('dialog', { name: 'Take pages from the next scan' });
  await expect(rescan.getByRole('radio', { name: /Replace page 1/ })).toBeFocused();
  await page.keyboard.press('Enter');
  const strip = page.getByRole('status', { name: 'Next scan' });
  await expect(strip).toContainText('replace page 1 of document 1');
  await expect(values).toContainText('Next scan: replace page 1 of this document');
  await snap(page, 'station-day-03-asked-and-marked');
  await expectAccessible(page, 'indexing with an override request and a rescan mark');

  await drop(station, 'page-1-again.tif', await faintFax(530, 1, 200));
  await expect(strip).toHaveCount(0, { timeout: 120_000 });
  // Page 1 is the rescan now (batch page 3); the old page 1 waits in the deleted pages, with its image.
  await expect(page.getByRole('button', { name: /^Page 1 of 2 \(batch page 3\)/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /Deleted pages/ })).toContainText('Batch page 1');
  await expect(values).toContainText('The rescan arrived and took the page’s place');
  await snap(page, 'station-day-04-page-replaced');

  // Still blocked (page 2 is faint too): the batch list under "blocked" (2) shows it, waiting for the reviewer.
  await goTo(page, 'Batches');
  await page.keyboard.press('2');
  await expect(batchRows(page)).toHaveCount(2);
  await expect(batchRows(page).nth(1)).toContainText(fax);
  await expect(batchRows(page).nth(1)).toContainText('1 blocked');
  await signOut(page);

  // The reviewer: O in the queue opens the document of the oldest request; O there overrides, with a reason.
  await signIn(page, 'rita.reviewer');
  await goTo(page, 'QC review');
  const requests = page.getByRole('table', { name: 'Override requests, oldest first' });
  await expect(requests).toContainText('Only copy the ward holds; it is legible.');
  await expect(requests).toContainText('Carl Clerk');
  await snap(page, 'station-day-05-reviewer-queue');
  await expectAccessible(page, 'QC review with an override request');
  await page.keyboard.press('o');
  await expect(indexingHeading(page, fax)).toBeVisible();
  await expect(panel(page).locator('[data-request-state="pending"]')).toContainText('Only copy the ward holds');
  await page.keyboard.press('o');
  await expect(page.getByRole('dialog', { name: 'Override a blocking finding' })).toBeVisible();
  await page.keyboard.type('Legible at 100%; the only copy in existence.');
  await page.keyboard.press('Enter');
  await expect(panel(page).locator('[data-request-state="granted"]')).toContainText('Legible at 100%');
  await expect(page.getByRole('list', { name: 'Blocking findings' })).toHaveCount(0);
  await goTo(page, 'QC review');
  await expect(page.getByRole('table', { name: 'Override requests, oldest first' })).toHaveCount(0);
  await signOut(page);

  // The clerk: the answer is on the badge and the list; "to index" leads back to the fax, now ready.
  await signIn(page, 'carl.clerk');
  await expect(page.getByLabel('1 answer to your override requests')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your override requests' })).toContainText('Granted by Rita Reviewer');
  await page.keyboard.press('1');
  await expect(batchRows(page)).toHaveCount(2);
  await expect(batchRows(page).nth(1)).toContainText('1 ready');
  await snap(page, 'station-day-06-answered');
  await page.keyboard.press('Home');
  await page.keyboard.press('i');
  await expect(indexingHeading(page, fax)).toBeVisible();
  await expect(panel(page).locator('[data-request-state="granted"]')).toContainText('Override granted by Rita Reviewer');
  await expect(page.getByLabel('1 answer to your override requests')).toHaveCount(0);
  await expect(panel(page).getByRole('button', { name: /Confirm and next/ })).toBeEnabled({ timeout: 120_000 });
  await page.keyboard.press('c');
  await expect(offer).toContainText('No other batch is waiting to be indexed.');
  await snap(page, 'station-day-07-all-done');

  // Nothing left to index: every batch is on its way to review.
  await goTo(page, 'Batches');
  await page.keyboard.press('1');
  await expect(page.getByRole('status').filter({ hasText: 'Nothing to index' })).toBeVisible();
});
