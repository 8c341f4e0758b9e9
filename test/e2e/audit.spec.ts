import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { LOOK_ALIKES, fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { coverAndLetter, indexAndAcceptPatient, scanAndOpenBatch } from './scans.js';
import { ADMIN, CLERK, REVIEWER, importPatients } from './site-setup.js';
import { expect, runCliSteps, signIn, signOut, snap, stationTest } from './station-fixture.js';

const { maryOBrien } = LOOK_ALIKES;

/** The MPI and the accounts, set up with the CLI as a site does. */
const test = stationTest({
  prepare: async ({ root, dataDir }) => runCliSteps(dataDir, [await importPatients(root, fakeMpi({ seed: 17, count: 50 })), ADMIN, CLERK, REVIEWER]),
});

async function atBothSizes(page: Page, name: string, focus?: () => Promise<void>): Promise<void> {
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await focus?.();
    await snap(page, `${name}-${width}x${height}`);
  }
}

test('a reviewer finds who touched a patient’s document, opens the change and exports the trail', async ({ page, station }) => {
  test.setTimeout(400_000);
  await page.goto(station.url);

  // A clerk indexes and confirms a scanned discharge letter for Mary O'Brien.
  await signIn(page, 'carl.clerk');
  await scanAndOpenBatch(page, station, 'discharge.tif', await coverAndLetter(971));
  const values = await indexAndAcceptPatient(page, maryOBrien.mrn);
  await expect(values.getByRole('button', { name: /Confirm and next/ })).toBeEnabled();
  await page.keyboard.press('c');
  await expect(values).toContainText(/Waiting for QC review|Delivered|delivery/i);
  // A clerk's Settings have no audit trail.
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Audit trail' })).toHaveCount(0);
  await signOut(page);
  await page.goto(station.url);

  // The reviewer: Settings > Audit trail, searched by the patient's MRN.
  await signIn(page, 'rita.reviewer');
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  const audit = page.getByRole('region', { name: 'Audit trail' });
  await audit.scrollIntoViewIfNeeded();
  const table = audit.getByRole('table', { name: 'Audit entries, newest first' });
  // Nothing of the trail until the reviewer searches; then, with no filters, everything.
  await expect(table).toHaveCount(0);
  await audit.getByRole('button', { name: 'Search' }).click();
  await expect(table).toContainText('Signed in');
  await audit.getByLabel('Patient MRN').fill(maryOBrien.mrn);
  await audit.getByLabel('Patient MRN').press('Enter');
  await expect(table.getByRole('row').filter({ hasText: 'Signed in' })).toHaveCount(0);
  const changed = table.getByRole('row').filter({ hasText: 'Index changed' });
  await expect(changed).toHaveCount(1);
  await expect(changed).toContainText('carl.clerk');
  await expect(table.getByRole('row').filter({ hasText: 'Confirmed' })).toContainText(maryOBrien.mrn);
  await expect(table.getByRole('row').filter({ hasText: 'Opened' }).filter({ hasText: 'carl.clerk' }).first()).toBeVisible();
  await expect(audit.getByRole('status').filter({ hasText: /^Entries 1–\d+ of \d+, newest first$/ })).toBeVisible();
  // The results in view, with the filters above them as far as the screen allows.
  await atBothSizes(page, 'audit-01-by-mrn', () => table.evaluate((el) => el.scrollIntoView({ block: 'end' })));

  // The change, opened: the patient before and after.
  await changed.getByRole('button', { name: /^Open entry \d+: Index changed$/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Audit entry \d+: Index changed$/ });
  await expect(dialog).toBeVisible();
  const mrnRow = dialog
    .getByRole('table', { name: 'Values before and after' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Patient MRN' }) });
  await expect(mrnRow.getByRole('cell')).toHaveText(['—', maryOBrien.mrn]);
  await expect(dialog).toContainText('carl.clerk');
  await atBothSizes(page, 'audit-02-entry');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // What the filter selects, as CSV: a real download, and the station records the export.
  const downloading = page.waitForEvent('download');
  await audit.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^chartdesk-audit-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
  const text = await readFile((await download.path())!, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const lines = text.slice(1).split('\r\n');
  expect(lines[0]).toBe('seq,at,user,action,subject type,subject id,details,hash');
  expect(lines.filter((l) => l.includes(',index-changed,'))).toHaveLength(1);
  expect(lines.find((l) => l.includes(',document-confirmed,'))).toContain(maryOBrien.mrn);
  await expect(audit.getByRole('status').filter({ hasText: 'recorded in the audit trail' })).toContainText('chartdesk-audit-');

  // The export and the search are in the trail themselves, under the reviewer's name.
  await audit.getByLabel('Patient MRN').fill('');
  await audit.getByLabel('Action').selectOption({ label: 'Audit trail exported' });
  await audit.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByRole('row').filter({ hasText: 'Audit trail exported' })).toContainText('rita.reviewer');
  await expect(audit.getByRole('status').filter({ hasText: /^Entries 1–1 of 1, newest first$/ })).toBeVisible();
});
