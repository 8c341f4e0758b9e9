import { readdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { LOOK_ALIKES, fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { batchRow, chooseType, coverAndLetter, indexAndAcceptPatient, indexValues as panel, scanAndWaitForRead } from './scans.js';
import { ADMIN, CLERK, REVIEWER, importPatients } from './site-setup.js';
import { expect, goTo, runCliSteps, signIn, signOut, snap, stationTest } from './station-fixture.js';

const { maryOBrien } = LOOK_ALIKES;

/** A station as a site sets it up: the MPI and the accounts made with the CLI before it starts. */
const test = stationTest({
  prepare: async ({ root, dataDir }) => runCliSteps(dataDir, [await importPatients(root, fakeMpi({ seed: 17, count: 200 })), ADMIN, CLERK, REVIEWER]),
});

const reviewPanel = (page: Page) => page.getByRole('complementary', { name: 'Index values and checks' });

test('a reviewer rejects a document, the clerk fixes it, the reviewer approves, and only then is it delivered', async ({ page, station }) => {
  test.setTimeout(400_000);
  const outgoing = `${station.dataDir}-outgoing`;
  const delivered = async () => (await readdir(outgoing).catch(() => [] as string[])).filter((f) => f.endsWith('.pdf'));
  await page.goto(station.url);

  // The clerk scans, accepts the suggestions and confirms; the document waits for review.
  await signIn(page, 'carl.clerk');
  await expect(page.getByRole('link', { name: /QC review/ })).toHaveCount(0);
  await scanAndWaitForRead(page, station, 'discharge-31.tif', await coverAndLetter(931));
  await indexAndAcceptPatient(page, maryOBrien.mrn);
  // A slip a tired clerk makes: the wrong type, over the cover sheet's.
  await chooseType(page, 'referral', 'Referral note');
  await expect(panel(page).getByRole('button', { name: /Confirm and next/ })).toBeEnabled();
  await page.keyboard.press('c');
  await expect(panel(page)).toContainText('Waiting for QC review before it is delivered.');
  await snap(page, 'review-01-clerk-confirmed-awaiting-review');
  expect(await delivered()).toEqual([]);
  await signOut(page);

  // The reviewer finds it in the queue and sends it back: wrong document type, with a note.
  await signIn(page, 'rita.reviewer');
  await goTo(page, 'QC review');
  const queue = page.getByRole('table', { name: 'Batches awaiting review, oldest first' });
  await expect(queue.getByRole('row').filter({ hasText: 'Carl Clerk' })).toContainText('1');
  await snap(page, 'review-02-queue');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Review B-\d{6}/ })).toBeVisible();
  await expect(reviewPanel(page).getByLabel('Index data')).toContainText(maryOBrien.mrn);
  await expect(reviewPanel(page).getByLabel('Index data')).toContainText('Referral note');
  await expect(page.getByRole('img', { name: /^Page 1 of \d+ of document 1$/ })).toBeVisible();
  await snap(page, 'review-03-document');
  await page.keyboard.press('r');
  const form = page.getByRole('form', { name: 'Reject the document' });
  await expect(form).toBeVisible();
  await page.keyboard.press('2');
  await expect(form.getByLabel('Wrong document type')).toBeChecked();
  await form.getByLabel('Note for the clerk (optional)').fill('The page is a discharge summary.');
  await snap(page, 'review-04-reject-form');
  await form.getByRole('button', { name: 'Send back to the clerk' }).click();
  await expect(reviewPanel(page)).toContainText('Sent back to the clerk with your reason.');
  await expect(page.getByRole('button', { name: 'Document 1, Sent back' })).toBeVisible();
  expect(await delivered()).toEqual([]);
  await signOut(page);

  // The clerk sees the document back, with the reason, changes the type (Y) and confirms again.
  await signIn(page, 'carl.clerk');
  const returned = batchRow(page, 'discharge-31.tif');
  await expect(returned).toContainText('1 document');
  await returned.click();
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: /^Indexing B-\d{6}$/ })).toBeVisible();
  await expect(panel(page)).toContainText('Sent back by QC review (Rita Reviewer): Wrong document type — The page is a discharge summary.');
  await expect(page.getByRole('navigation', { name: 'Documents and pages' })).toContainText('Sent back by QC review');
  await snap(page, 'review-05-clerk-sees-rejection');
  await chooseType(page, 'discharge', 'Discharge summary');
  await expect(panel(page).getByRole('button', { name: /Confirm and next/ })).toBeEnabled();
  await page.keyboard.press('c');
  await expect(panel(page)).toContainText('Waiting for QC review before it is delivered.');
  expect(await delivered()).toEqual([]);
  await signOut(page);

  // The reviewer approves the second round (A); now, and only now, it is delivered.
  await signIn(page, 'rita.reviewer');
  await page.keyboard.press('Alt+6');
  await expect(page.getByRole('heading', { name: 'QC review', level: 1 })).toBeVisible();
  await queue.getByRole('button', { name: 'Review' }).click();
  await expect(reviewPanel(page)).toContainText('back after a rejection');
  await expect(reviewPanel(page).getByLabel('Index data')).toContainText('Discharge summary');
  await page.keyboard.press('a');
  await expect(reviewPanel(page)).toContainText('Approved: it is on its way to the repository.');
  await expect(page.getByRole('button', { name: 'Document 1, Approved' })).toBeVisible();
  await snap(page, 'review-06-approved');
  await expect.poll(delivered, { timeout: 60_000 }).toHaveLength(1);

  // The queue is empty again and says what happens next.
  await page.keyboard.press('Escape');
  await expect(page.getByText('Nothing to review')).toBeVisible();
  await snap(page, 'review-07-queue-empty');
});
