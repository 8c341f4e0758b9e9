import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { LOOK_ALIKES, fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { coverAndLetter, indexAndAcceptPatient, indexValues as panel, scanAndWaitForRead } from './scans.js';
import { NO_REVIEW, importPatients, writeStationConfig } from './site-setup.js';
import { createAdministrator, expect, goTo, runCliSteps, type RunningTestStation, snap, stationTest } from './station-fixture.js';

const { maryOBrien } = LOOK_ALIKES;

/** The MPI as a site loads it at installation: with the CLI, before the station starts. */
const test = stationTest({
  prepare: async ({ root, dataDir }) => {
    // A station that does no QC review (set in its config file): a confirmed document goes straight out.
    await writeStationConfig(dataDir, NO_REVIEW);
    await runCliSteps(dataDir, [await importPatients(root, fakeMpi({ seed: 17, count: 200 }))]);
  },
});

const deliveries = (page: Page) => page.getByRole('table', { name: 'Deliveries, problems first' });

/** Drops the scan, waits for recognition, opens indexing (I), accepts (A) and confirms (C). Returns the document id. */
async function scanAndConfirm(page: Page, station: RunningTestStation, name: string, seed: number): Promise<string> {
  await scanAndWaitForRead(page, station, name, await coverAndLetter(seed));
  const values = await indexAndAcceptPatient(page, maryOBrien.mrn);
  // Not confirmed yet: nothing about delivery on screen.
  await expect(values.getByRole('status', { name: 'Delivery' })).toHaveCount(0);
  await expect(values.getByRole('button', { name: /Confirm and next/ })).toBeEnabled();
  const documentId = decodeURIComponent(new URL(page.url()).hash.split('/')[3] ?? '');
  expect(documentId).not.toBe('');
  await page.keyboard.press('c');
  await expect(values).toContainText('Document 1 confirmed');
  return documentId;
}

/** Waits for document 1's button in the document list to name its delivery `state`; returns it and the panel's delivery status. */
async function documentShownAs(page: Page, state: string, timeout: number): Promise<{ docButton: Locator; status: Locator }> {
  const docButton = page.getByRole('button', { name: /^Document 1, / });
  await expect(docButton).toHaveAccessibleName(`Document 1, ${state}`, { timeout });
  return { docButton, status: panel(page).getByRole('status', { name: 'Delivery' }) };
}

test('a clerk confirms a document and watches it reach the outgoing folder', async ({ page, station }) => {
  test.setTimeout(300_000);
  await page.goto(station.url);
  await createAdministrator(page);

  // Before anything is confirmed: the Delivery screen says what will appear there.
  await goTo(page, 'Delivery');
  await expect(page.getByText('Confirmed documents appear here on their way to the repository')).toBeVisible();
  // Beside the data folder, never inside it (a plain copy among the encrypted store).
  const outgoing = `${station.dataDir}-outgoing`;
  const targets = page.getByRole('region', { name: 'Target' });
  await expect(targets).toContainText('Folder');
  await expect(targets).toContainText(outgoing);
  await expect(targets).toContainText('Enabled');
  await snap(page, 'delivery-01-empty');

  await goTo(page, 'Batches');
  const documentId = await scanAndConfirm(page, station, 'discharge-21.tif', 801);

  // The document list, the panel and the toolbar follow the delivery live, to Delivered.
  const { docButton, status } = await documentShownAs(page, 'Delivered', 60_000);
  await expect(docButton).toContainText('Delivered');
  await expect(status).toContainText('Delivered ✓');
  await expect(page.locator('.toolbar-delivery')).toContainText('Delivered ✓');
  // Once delivered, it cannot be reopened here (the engine refuses it): no Reopen button, a sentence instead.
  await expect(panel(page).getByRole('button', { name: /Reopen/ })).toHaveCount(0);
  await expect(panel(page)).toContainText('can no longer be reopened here');
  await snap(page, 'delivery-02-indexing-delivered');

  // The PDF and its index file are in the station's outgoing folder.
  const files = await readdir(outgoing);
  expect(files).toContain(`${documentId}.pdf`);
  expect(files).toContain(`${documentId}.json`);
  const pdf = await readFile(join(outgoing, `${documentId}.pdf`));
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const index = JSON.parse(await readFile(join(outgoing, `${documentId}.json`), 'utf8')) as { documentId: string; pdf: { fileName: string; sizeBytes: number }; patient: { mrn: string } };
  expect(index.documentId).toBe(documentId);
  expect(index.pdf.fileName).toBe(`${documentId}.pdf`);
  expect(index.pdf.sizeBytes).toBe(pdf.length);
  expect(index.patient.mrn).toBe(maryOBrien.mrn);

  // The batch viewer's document header says it too.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  await expect(page.locator('.doc-head').first()).toContainText('Delivered ✓');
  await snap(page, 'delivery-03-batch-viewer');

  // The Delivery screen (Alt+5): the backlog counts, and the item with a link to its document.
  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('heading', { name: 'Delivery', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Backlog' })).toContainText('1 delivered');
  const row = deliveries(page).getByRole('row').filter({ hasText: 'document 1' });
  await expect(row).toContainText('Delivered ✓');
  await expect(row).toContainText('Discharge summary');
  await expect(row.getByRole('button', { name: 'Retry now' })).toBeDisabled();
  await expect(row.getByRole('button', { name: 'Hold' })).toBeDisabled();
  // Nothing waiting: no backlog count in the sidebar.
  await expect(
    page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Delivery/ })
      .locator('.nav-count'),
  ).toHaveCount(0);
  await snap(page, 'delivery-04-screen-delivered');

  // Enter opens the document of the selected delivery.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Indexing B-\d{6}$/ })).toBeVisible();
  expect(new URL(page.url()).hash).toContain(documentId);
});

test('with the target down the delivery waits, then goes through by itself when it is back', async ({ page, station }) => {
  test.setTimeout(300_000);
  // The import folder goes away (a share that is down): the folder connector answers "retry".
  // Beside the data folder, never inside it (a plain copy among the encrypted store).
  const outgoing = `${station.dataDir}-outgoing`;
  await rm(outgoing, { recursive: true, force: true });

  await page.goto(station.url);
  await createAdministrator(page);
  const documentId = await scanAndConfirm(page, station, 'discharge-22.tif', 811);

  // Waiting to send, with the problem in words, in the document list and the panel.
  const { docButton, status } = await documentShownAs(page, 'Waiting to send', 30_000);
  await expect(docButton).toContainText('is not reachable');
  await expect(status).toContainText('Waiting to send');
  await expect(status).toContainText(`The import folder ${outgoing} is not reachable.`);
  await snap(page, 'delivery-05-indexing-waiting');

  // The sidebar shows the backlog wherever one is.
  const navLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Delivery/ });
  await expect(navLink.locator('.nav-count')).toHaveText('1');
  await expect(navLink.locator('.nav-count')).toHaveAttribute('aria-label', '1 waiting to send');

  // The batch list's station strip too, as a link to the Delivery screen.
  await goTo(page, 'Batches');
  const strip = page.getByRole('region', { name: 'Station status' });
  await expect(strip.getByRole('link', { name: '1 waiting to send' })).toBeVisible();
  await snap(page, 'delivery-06-batches-backlog');
  await strip.getByRole('link', { name: '1 waiting to send' }).click();

  // The Delivery screen: waiting, how often it was tried, when it tries again.
  await expect(page.getByRole('heading', { name: 'Delivery', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Backlog' })).toContainText('1 waiting');
  const row = deliveries(page).getByRole('row').filter({ hasText: 'document 1' });
  await expect(row).toContainText('Waiting to send');
  await expect(row).toContainText('is not reachable');
  await expect(row).toContainText(/Retrying (in \d+ s|now)/);
  await expect(row.getByRole('button', { name: 'Retry now' })).toBeEnabled();
  await expect(row.getByRole('button', { name: 'Hold' })).toBeEnabled();
  await snap(page, 'delivery-07-screen-waiting');

  // An administrator holds it (H on the selected row), then puts it back in line (R).
  await page.keyboard.press('ArrowDown');
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('h');
  await expect(page.getByRole('status').filter({ hasText: 'Held: it stays here' })).toBeVisible();
  await expect(row).toContainText('Held');
  await expect(row).toContainText('Held until released');
  await expect(page.getByRole('list', { name: 'Backlog' })).toContainText('1 held');
  await snap(page, 'delivery-08-held');
  const attempts = row.locator('td.dlv-attempts');
  const attemptsWhenHeld = Number(await attempts.textContent());
  // The buttons are reachable with Tab from the row.
  await row.getByRole('button', { name: 'Retry now' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Put back in line' })).toBeVisible();
  // The retry is tried at once, and fails again (the folder is still missing): one more attempt, waiting again.
  await expect.poll(async () => Number(await attempts.textContent()), { timeout: 15_000 }).toBeGreaterThan(attemptsWhenHeld);
  await expect(row).toContainText('Waiting to send', { timeout: 15_000 });
  await expect(row).toContainText('is not reachable');

  // The share is back: the sender's next retry delivers it, nobody presses anything.
  await mkdir(outgoing, { recursive: true });
  await expect(row).toContainText('Delivered ✓', { timeout: 120_000 });
  await expect(page.getByRole('list', { name: 'Backlog' })).toContainText('1 delivered');
  await expect(page.getByRole('list', { name: 'Backlog' })).toContainText('0 waiting');
  await expect(navLink.locator('.nav-count')).toHaveCount(0);
  await snap(page, 'delivery-09-delivered-after-outage');
  const files = await readdir(outgoing);
  expect(files).toContain(`${documentId}.pdf`);
  expect(files).toContain(`${documentId}.json`);

  // And the indexing screen says Delivered.
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Document 1, Delivered' })).toBeVisible();
});

test('a delivery that cannot work fails, in red, until an administrator fixes the target and retries it', async ({ page, station }) => {
  test.setTimeout(300_000);
  // A file where the import folder should be: a setting that can never work, so the connector says "failed".
  // Beside the data folder, never inside it (a plain copy among the encrypted store).
  const outgoing = `${station.dataDir}-outgoing`;
  await rm(outgoing, { recursive: true, force: true });
  await writeFile(outgoing, 'not a folder');

  await page.goto(station.url);
  await createAdministrator(page);
  await scanAndConfirm(page, station, 'discharge-23.tif', 821);

  const { status } = await documentShownAs(page, 'Delivery failed', 30_000);
  await expect(status).toContainText(`The import folder ${outgoing} is a file, not a folder.`);
  const navCount = page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /Delivery/ })
    .locator('.nav-count');
  await expect(navCount).toHaveClass(/nav-count-alert/);
  await expect(navCount).toHaveAttribute('aria-label', '1 failed to send');
  await snap(page, 'delivery-10-indexing-failed');

  await page.keyboard.press('Alt+5');
  const row = deliveries(page).getByRole('row').filter({ hasText: 'document 1' });
  await expect(row).toContainText('Failed');
  await expect(row).toContainText('is a file, not a folder');
  await expect(row).toContainText('Waits for an administrator');
  await expect(page.getByRole('list', { name: 'Backlog' })).toContainText('1 failed');
  await snap(page, 'delivery-11-screen-failed');

  // The administrator fixes the folder and presses R on the selected delivery.
  await rm(outgoing, { force: true });
  await mkdir(outgoing);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('r');
  await expect(row).toContainText('Delivered ✓', { timeout: 30_000 });
  await expect(navCount).toHaveCount(0);
});
