import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { LOOK_ALIKES, fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { truncated } from '../../scripts/samples/index.js';
import { openTestDatabase, stationKeyFor } from '../support/station-key.js';
import { coverAndLetter, dropScan as drop, faintFax } from './scans.js';
import { ADMIN, CLERK, REVIEWER, addAccount, importPatients, writeStationConfig } from './site-setup.js';
import { api } from './station-api.js';
import { expect, expectAccessible, runCliSteps, signIn, signOut, snap, stationTest } from './station-fixture.js';

/**
 * Every screen with a day's data on it (several batches and operators, long file names, a
 * back-scanning box, a blocked document, deliveries, a quarantined file), looked at on the
 * monitors clerks have: 1366x768, 1920x1080 and 1366x768 at 200% zoom; and checked by axe.
 */
const { maryOBrien, siobhanOBrienWalsh } = LOOK_ALIKES;
const LONG_NAME_CLERK = 'Anneliese Featherstonehaugh-Okonkwo';

const setOperator = async (dataDir: string, name: string) => {
  const db = openTestDatabase(dataDir, await stationKeyFor(dataDir), { readonly: false });
  db.prepare("INSERT INTO settings (key, value) VALUES ('station.operator', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify(name));
  db.close();
};

const test = stationTest({
  prepare: async ({ root, dataDir }) => {
    await runCliSteps(dataDir, [await importPatients(root, fakeMpi({ seed: 17, count: 200 })), ADMIN, CLERK, addAccount('anneliese.fo', LONG_NAME_CLERK, 'clerk'), REVIEWER]);
    // Last night's run, by two operators: delivered at once, sampled for review afterwards.
    for (const [i, operator] of ['Night shift (Ward scanning)', LONG_NAME_CLERK].entries()) {
      await setOperator(dataDir, operator);
      const scan = join(root, `discharge-summaries-night-run-2026-03-04-ward-7-respiratory-${i + 1}.tif`);
      await writeFile(scan, await coverAndLetter(900 + i * 10));
      await runCliSteps(dataDir, [['process', scan, '--out', join(root, 'out'), '--deliver', `folder:${join(root, 'central-import-share', 'health-records', 'incoming')}`]]);
    }
    await setOperator(dataDir, 'Carl Clerk');
    // From today on, two targets: the import share, and a FHIR server that is down.
    await writeStationConfig(dataDir, {
      delivery: {
        targets: [
          { kind: 'folder', id: 'records-share', path: join(root, 'central-import-share', 'health-records', 'incoming') },
          { kind: 'fhir', id: 'ehr-fhir', baseUrl: 'http://127.0.0.1:9/fhir/R4', patientIdentifierSystem: 'urn:oid:2.16.840.1.113883.19.5' },
        ],
      },
    });
  },
});

const go = async (page: Page, keys: string, heading: string | RegExp) => {
  for (const key of keys.split(' ')) await page.keyboard.press(key);
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
};

/** Looks at the screen at every size and checks it with axe. */
async function look(page: Page, name: string) {
  await snap(page, `screens-${name}`, { zoom: true });
  await expectAccessible(page, name);
}

test('every screen fits 1366x768, 1920x1080 and 200% zoom, and passes the accessibility check', async ({ page, station }) => {
  test.setTimeout(600_000);
  await page.goto(station.url);
  await look(page, '00-sign-in');

  // A clerk's morning: a box of back-scanning, a faint fax, a letter with a cover sheet, a file that will not open.
  await signIn(page, 'carl.clerk');
  await api(page, 'station.setCurrentBox', { box: { project: 'Cardiology back-scan 2019–2021', box: 'Box 0042 of 0120' } });
  await drop(station, 'Cardiology outpatient correspondence 2019-2021 box 0042 part 3 of 7.tif', await coverAndLetter(700, { patient: siobhanOBrienWalsh }));
  const table = page.getByRole('table', { name: /^Batches/ });
  await expect(table).toContainText('box 0042 part 3 of 7', { timeout: 120_000 });
  await api(page, 'station.setCurrentBox', { box: null });
  await drop(station, 'ward-7-fax-received-2026-03-05-0714-progress-note-100dpi.tif', await faintFax(710));
  await drop(station, 'discharge-summary-OBrien-scan-0001.tif', await coverAndLetter(720));
  await drop(station, 'scanner-2-output-cut-short.tif', truncated(await faintFax(730), 0.4));
  for (const name of ['progress-note-100dpi', 'discharge-summary-OBrien']) {
    const row = table.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText(/\d+ document/, { timeout: 200_000 });
  }
  await expect(page.getByRole('link', { name: /Quarantine/ })).toContainText('1', { timeout: 60_000 });
  await page.reload();
  await expect(table).toBeVisible();
  await look(page, '01-batches-clerk');

  // Shortcuts overlay.
  // "?": this screen's keys first, then those of anywhere, as far as a clerk may use them.
  await page.keyboard.press('?');
  const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(keys.getByRole('heading', { level: 3 })).toHaveText(['Batch list', 'Anywhere']);
  await expect(keys).toContainText('Show the batches to index');
  await expect(keys).not.toContainText('Go to Reports');
  await expect(keys).not.toContainText('Go to QC review');
  await look(page, '02-shortcuts-clerk');
  await page.keyboard.press('Escape');

  // The batch viewer and indexing of the blocked fax.
  const fax = table.getByRole('row').filter({ hasText: 'progress-note-100dpi' });
  await fax.click();
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/, level: 1 })).toBeVisible();
  await look(page, '03-batch-viewer');
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: /^Indexing B-\d{6}$/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Blocking findings' })).toContainText('Scanned at 100 dpi', { timeout: 120_000 });
  await page.keyboard.press('?');
  await expect(keys.getByRole('heading', { level: 3 })).toHaveText(['Indexing', 'Anywhere']);
  await expect(keys).toContainText('Ask a reviewer to override a blocking finding');
  await expect(keys).not.toContainText('Override a blocking finding, with a reason');
  await page.keyboard.press('Escape');
  await look(page, '04-indexing-blocked');

  // The letter with its cover sheet: accepted and confirmed; it waits for review.
  await go(page, 'g b', 'Batches');
  await table.getByRole('row').filter({ hasText: 'discharge-summary-OBrien' }).click();
  await expect(page.getByRole('group', { name: 'Page' })).toBeVisible();
  await page.keyboard.press('i');
  const panel = page.getByRole('complementary', { name: 'Index values' });
  await expect(panel.getByRole('list', { name: 'Suggested patients' })).toContainText(maryOBrien.mrn, { timeout: 120_000 });
  await look(page, '05-indexing-suggestions');
  await page.keyboard.press('a');
  await expect(panel.getByLabel('Patient chosen')).toContainText(maryOBrien.mrn);
  await expect(panel.getByRole('button', { name: /Confirm and next/ })).toBeEnabled({ timeout: 120_000 });
  await page.keyboard.press('c');
  await expect(panel).toContainText('confirmed');
  await look(page, '06-indexing-confirmed');

  await go(page, 'g i', 'Intake');
  await look(page, '07-intake');
  await go(page, 'g d', 'Delivery');
  await look(page, '08-delivery-clerk');
  await signOut(page);

  // The reviewer.
  await signIn(page, 'rita.reviewer');
  await look(page, '09-batches-reviewer');
  await go(page, 'g r', 'QC review');
  await page.keyboard.press('?');
  await expect(keys.getByRole('heading', { level: 3 })).toHaveText(['QC review', 'Anywhere']);
  await expect(keys).toContainText('Open the oldest override request');
  await expect(keys).toContainText('Go to Reports');
  await page.keyboard.press('Escape');
  await look(page, '10-review-queue');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/B-\d{6}/);
  await look(page, '11-review-batch');
  // The clerk's letter: approved, so it goes out (the FHIR server is down: it waits to be sent again).
  await go(page, 'g r', 'QC review');
  await page.getByRole('row').filter({ hasText: 'Carl Clerk' }).getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/B-\d{6}/);
  await page.keyboard.press('a');
  await expect(page.getByText('Approved: it is on its way')).toBeVisible();
  await go(page, 'g p', 'Reports');
  await look(page, '12-reports');
  await signOut(page);

  // The administrator.
  await signIn(page, 'records.admin');
  await go(page, 'g d', 'Delivery');
  await expect(page.getByRole('table', { name: 'Deliveries, problems first' })).toContainText(/Failed|Waiting to send/, { timeout: 60_000 });
  await look(page, '13-delivery-admin');
  await go(page, 'g q', 'Quarantine');
  await look(page, '14-quarantine');
  await go(page, 'g s', 'Settings');
  await look(page, '15-settings');
});
