import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { greyPageTiff } from '../support/hostile-files.js';
import { batchRow } from './scans.js';
import { ADMIN, addAccount } from './site-setup.js';
import { expect, type RunningTestStation, runCliSteps, signIn, signOut, snap, stationTest } from './station-fixture.js';

/** A station with an administrator and two clerks, made with the CLI as a site does. */
const test = stationTest({
  prepare: async ({ dataDir }) => runCliSteps(dataDir, [ADMIN, addAccount('carol.clerk', 'Carol Clerk', 'clerk'), addAccount('bob.baker', 'Bob Baker', 'clerk')]),
});

/** A desk of its own: another browser, its own session. */
async function desk(browser: Browser, station: RunningTestStation, username: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(station.url);
  await signIn(page, username);
  return page;
}

let scans = 0;
/** The scanner writes a file into the drop folder; resolves once the batch is listed at this desk. */
async function scan(page: Page, station: RunningTestStation): Promise<string> {
  scans++;
  const name = `scan-${scans}.tif`;
  await writeFile(join(station.dropDir, name), await greyPageTiff(400 + scans, 520, 100));
  await expect(batchRow(page, name)).toBeVisible({ timeout: 60_000 });
  return name;
}
const operatorOf = (page: Page, name: string) => batchRow(page, name).getByRole('cell').last();
const scannerBar = (page: Page) => page.getByRole('region', { name: 'Who is scanning' });

test('two clerks at two desks: scans go to whoever holds the scanner, a take-over is confirmed, and the report counts the same', async ({ browser, station }) => {
  test.setTimeout(300_000);
  const carol = await desk(browser, station, 'carol.clerk');
  const bob = await desk(browser, station, 'bob.baker', { width: 1920, height: 1080 });

  // Both signed in, nobody scanning: a file that lands now is nobody's.
  await expect(scannerBar(carol)).toContainText('Nobody is scanning');
  await expect(scannerBar(bob)).toContainText('Nobody is scanning');
  await snap(carol, 'scanner-01-nobody-scanning-1366');
  const first = await scan(carol, station);
  await expect(operatorOf(carol, first)).toHaveText('Unclaimed at SCAN-01');

  // Carol claims the scanner from the keyboard; Bob's desk shows it at once.
  await scannerBar(carol).getByRole('button', { name: 'Scan as me' }).focus();
  await carol.keyboard.press('Enter');
  await expect(scannerBar(carol)).toContainText('Scanning as Carol Clerk (you)');
  await expect(scannerBar(bob)).toContainText('Scanning as Carol Clerk');
  await snap(carol, 'scanner-02-scanning-as-carol-1366');
  const second = await scan(bob, station);
  await expect(operatorOf(bob, second)).toHaveText('Carol Clerk at SCAN-01');

  // Bob changes it: asked first; Escape leaves Carol scanning; then he confirms.
  await scannerBar(bob)
    .getByRole('button', { name: /Change: scan as me/ })
    .click();
  const dialog = bob.getByRole('alertdialog', { name: 'Take over the scanner from Carol Clerk?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Take over the scanner' })).toBeFocused();
  await snap(bob, 'scanner-03-take-over-dialog-1920');
  await bob.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(scannerBar(bob)).toContainText('Scanning as Carol Clerk');
  await scannerBar(bob)
    .getByRole('button', { name: /Change: scan as me/ })
    .click();
  await bob.keyboard.press('Enter');
  await expect(scannerBar(bob)).toContainText('Scanning as Bob Baker (you)');
  await expect(scannerBar(carol)).toContainText('Scanning as Bob Baker');
  const third = await scan(carol, station);
  await expect(operatorOf(carol, third)).toHaveText('Bob Baker at SCAN-01');
  // What Carol scanned before stays hers.
  await expect(operatorOf(carol, second)).toHaveText('Carol Clerk at SCAN-01');

  // Bob signs out: the scanner is free again, and the next file is nobody's.
  await signOut(bob);
  await expect(scannerBar(carol)).toContainText('Nobody is scanning');
  const fourth = await scan(carol, station);
  await expect(operatorOf(carol, fourth)).toHaveText('Unclaimed at SCAN-01');

  // The intake screen says who is scanning too.
  await carol.keyboard.press('g');
  await carol.keyboard.press('i');
  await expect(carol.getByRole('heading', { name: 'Intake', level: 1 })).toBeVisible();
  await expect(scannerBar(carol)).toContainText('Nobody is scanning');
  await snap(carol, 'scanner-04-intake-1366');

  // The supervisor's report counts the batches by the operator each recorded.
  await signIn(bob, 'records.admin');
  await bob.keyboard.press('g');
  await bob.keyboard.press('p');
  await expect(bob.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  const byOperator = bob.getByRole('table', { name: 'Work by operator' });
  const batchesOf = async (name: string) =>
    (
      await byOperator
        .getByRole('row')
        .filter({ has: bob.getByRole('rowheader', { name, exact: true }) })
        .getByRole('cell')
        .allTextContents()
    )[0];
  await expect.poll(() => batchesOf('Unclaimed')).toBe('2');
  expect(await batchesOf('Carol Clerk')).toBe('1');
  expect(await batchesOf('Bob Baker')).toBe('1');
  await snap(bob, 'scanner-05-report-by-operator-1920');
});

test('starting a box while another clerk holds the scanner is confirmed first, and then takes the scanner', async ({ browser, station }) => {
  test.setTimeout(240_000);
  const carol = await desk(browser, station, 'carol.clerk');
  const bob = await desk(browser, station, 'bob.baker');
  await scannerBar(carol).getByRole('button', { name: 'Scan as me' }).click();
  await expect(scannerBar(bob)).toContainText('Scanning as Carol Clerk');

  // Bob starts a box: starting one is starting to scan, so he is asked before Carol's scanner is his.
  await bob.getByRole('button', { name: 'Start a box…' }).click();
  const boxForm = bob.getByRole('form', { name: 'Box being scanned' });
  await boxForm.getByLabel('Project', { exact: true }).fill('Cardiology 2019');
  await boxForm.getByLabel('Box', { exact: true }).fill('C-007');
  await boxForm.getByRole('button', { name: 'Scan into this box' }).click();
  const dialog = bob.getByRole('alertdialog', { name: 'Take over the scanner from Carol Clerk?' });
  await expect(dialog.getByRole('button', { name: 'Take over and start the box' })).toBeFocused();
  await snap(bob, 'scanner-06-box-take-over-dialog-1366');

  // Escape leaves Carol scanning and the box unsaved, the form as Bob typed it.
  await bob.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(boxForm.getByLabel('Box', { exact: true })).toHaveValue('C-007');
  await expect(scannerBar(bob)).toContainText('Scanning as Carol Clerk');

  // Asked again, he confirms: the box is set and the scanner is his, at both desks.
  await boxForm.getByRole('button', { name: 'Scan into this box' }).click();
  await expect(dialog).toBeVisible();
  await bob.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(bob.getByRole('region', { name: 'Box being scanned' })).toContainText('Scanning into Cardiology 2019 / box C-007');
  await expect(scannerBar(bob)).toContainText('Scanning as Bob Baker (you)');
  await expect(scannerBar(carol)).toContainText('Scanning as Bob Baker');

  // The question is over: the next box opens the form, not the question again.
  await bob.getByRole('button', { name: 'Next box…' }).click();
  await expect(boxForm).toBeVisible();
  await expect(bob.getByRole('alertdialog')).toHaveCount(0);
});
