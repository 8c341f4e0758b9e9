import type { Page } from '@playwright/test';
import { coverSheetSpec, separatorSheetSpec } from '../../scripts/samples/capture-sheets.js';
import { LOOK_ALIKES, fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';
import { chooseType, indexValues as panel, scanAndWaitForRead, typeDateOfService } from './scans.js';
import { importPatients } from './site-setup.js';
import { createAdministrator, expect, goTo, runCliSteps, snap, stationTest } from './station-fixture.js';

const DPI = 200;
const { maryOBrien, johnSmith, peterJohnson } = LOOK_ALIKES;

/**
 * The MPI as a site loads it at installation: with the CLI, before the station starts. The
 * station is in a hospital that writes dates day first (its locale is en_GB).
 */
const test = stationTest({
  env: { LC_ALL: 'en_GB.UTF-8' },
  prepare: async ({ root, dataDir }) => runCliSteps(dataDir, [await importPatients(root, fakeMpi({ seed: 17, count: 400 }))]),
});

/**
 * A box as a clerk scans it: a cover sheet and a two-page discharge summary for Mary O'Brien;
 * a separator; then a lab report with John Smith's patient label followed, by mistake, by a
 * consultation note for Peter Johnson (no sheet between them: the clerk has to split).
 */
async function box(): Promise<Buffer> {
  const cover = coverSheetSpec({ mrn: maryOBrien.mrn, docTypeCode: '18842-5', dateOfService: '2026-03-04', patientName: "O'Brien, Mary" });
  const { payload: _payload, ...coverSheet } = cover;
  const pages = await Promise.all([
    renderPage({ ...coverSheet, seed: 701, dpi: DPI }),
    renderPage({ seed: 702, dpi: DPI, title: 'Discharge Summary', patient: maryOBrien }),
    renderPage({ seed: 703, dpi: DPI, title: 'Discharge Summary (continued)', patient: maryOBrien }),
    renderPage({ ...separatorSheetSpec(), seed: 704, dpi: DPI }),
    renderPage({ seed: 705, dpi: DPI, title: 'Laboratory Report', patient: johnSmith, label: johnSmith }),
    renderPage({ seed: 706, dpi: DPI, title: 'Consultation Note', patient: peterJohnson }),
  ]);
  return writeTiff(
    pages.map((p) => p.png),
    { compression: 'g4', dpi: DPI },
  );
}

const toolbar = (page: Page) => page.locator('.viewer-toolbar');

test('a clerk indexes a batch with the keyboard alone; QC blocks the wrong patient until it is fixed', async ({ page, station }) => {
  test.setTimeout(300_000);
  await page.goto(station.url);
  await createAdministrator(page);
  // Recognition reads the box into two documents (the cover sheet and the separator split it).
  const row = await scanAndWaitForRead(page, station, 'box-17.tif', await box(), '2 documents');
  // Document 1 lacks only its values (to do); document 2 carries two patients' MRNs (blocked).
  await expect(row).toContainText('1 to do · 1 blocked');
  await snap(page, 'indexing-01-batch-list');

  // I on the selected batch opens indexing at the first open document.
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: /^Indexing B-\d{6}$/ })).toBeVisible();
  await expect(toolbar(page)).toContainText('Doc 1 of 2');
  const values = panel(page);
  const suggested = values.getByRole('list', { name: 'Suggested patients' });
  await expect(suggested).toContainText(maryOBrien.mrn);
  await expect(suggested).toContainText("O'BRIEN, Mary");
  await expect(values.getByRole('list', { name: 'Suggested types' })).toContainText('Discharge summary');
  // The identifiers read on the page are outlined.
  await expect(page.getByRole('list', { name: 'Identifiers on the page' }).getByRole('listitem').first()).toBeVisible();
  await snap(page, 'indexing-02-first-document-suggestions');

  // A: accept the suggestions (patient, type and date from the cover sheet); C: confirm, next.
  await page.keyboard.press('a');
  await expect(values.getByLabel('Patient chosen')).toContainText(maryOBrien.mrn);
  await expect(values.getByLabel('Type chosen')).toContainText('Discharge summary');
  await expect(values.getByLabel('Date of service chosen')).toContainText('2026-03-04');
  await expect(values.getByRole('button', { name: /Confirm and next/ })).toBeEnabled();
  await snap(page, 'indexing-03-accepted');
  await page.keyboard.press('c');
  await expect(toolbar(page)).toContainText('Doc 2 of 2');
  await expect(values).toContainText('Document 1 confirmed');

  // Document 2 holds two letters: the second page is Peter Johnson's consultation note. Split there.
  await expect(toolbar(page)).toContainText('Page 1 of 2');
  await page.keyboard.press('PageDown');
  await expect(toolbar(page)).toContainText('Page 2 of 2');
  await snap(page, 'indexing-04-before-split');
  await page.keyboard.press('s');
  await expect(toolbar(page)).toContainText('Doc 2 of 3');
  await expect(toolbar(page)).toContainText('Page 1 of 1');
  await expect(values).toContainText('are now document 3');

  // The clerk picks the patient by MRN and slips a digit: Peter Johnson instead of John Smith.
  await page.keyboard.press('/');
  const patientSearch = values.getByRole('combobox', { name: /Find a patient/ });
  await expect(patientSearch).toBeFocused();
  await page.keyboard.type(peterJohnson.mrn);
  const found = page.getByRole('listbox', { name: 'Patients found' });
  await expect(found.getByRole('option').first()).toContainText('JOHNSON, Peter');
  await expect(found.getByRole('option').first()).toContainText('MRN: exact');
  await snap(page, 'indexing-05-patient-search');
  await page.keyboard.press('Enter');
  await expect(values.getByLabel('Patient chosen')).toContainText(peterJohnson.mrn);
  await expect(patientSearch).not.toBeFocused();

  // QC: John Smith's label is on the page, so the document is blocked.
  const mismatch = values.locator('[data-code="patient-mismatch"]');
  await expect(mismatch).toContainText('Blocking');
  await expect(mismatch).toContainText(`a patient label reads MRN ${johnSmith.mrn}`);
  await expect(mismatch).toContainText('page 1');
  const confirmButton = values.getByRole('button', { name: /Confirm and next/ });
  await expect(confirmButton).toBeDisabled();
  await expect(values).toContainText('Confirm waits for');
  await chooseType(page, 'lab', 'Laboratory report');
  await typeDateOfService(page, '2026-02-10');
  await page.keyboard.press('Enter');
  await expect(values.getByLabel('Date of service chosen')).toContainText('2026-02-10');
  await page.keyboard.press('c');
  await expect(values.getByRole('alert').filter({ hasText: 'Cannot confirm yet' })).toBeVisible();
  await expect(toolbar(page)).toContainText('Doc 2 of 3');
  await expect(page.getByRole('button', { name: 'Document 2, Blocked' })).toBeVisible();
  await snap(page, 'indexing-06-qc-blocked');

  // The correction: the right patient, found by name and birth date; the finding clears.
  await page.keyboard.press('/');
  await page.keyboard.type('smith john 15/01/1950');
  await expect(found.getByRole('option').first()).toContainText(johnSmith.mrn);
  await page.keyboard.press('Enter');
  await expect(values.getByLabel('Patient chosen')).toContainText(johnSmith.mrn);
  await expect(mismatch).toHaveCount(0);
  await expect(confirmButton).toBeEnabled();
  await snap(page, 'indexing-07-fixed');
  await page.keyboard.press('c');
  await expect(toolbar(page)).toContainText('Doc 3 of 3');

  // Document 3, made by the split: its suggestions come from its own page.
  await expect(values.getByRole('list', { name: 'Suggested patients' })).toContainText(peterJohnson.mrn);
  await page.keyboard.press('a');
  await expect(values.getByLabel('Patient chosen')).toContainText(peterJohnson.mrn);
  await chooseType(page, 'consult', 'Consultation note');
  await typeDateOfService(page, '12/02/2026');
  await expect(values).toContainText('Will be saved as 12 Feb 2026 (read day first; month first it would be 2 Dec 2026)');
  await page.keyboard.press('Enter');
  await expect(values.getByLabel('Date of service chosen')).toContainText('2026-02-12');

  // R turns the page; Ctrl+Z undoes it.
  await page.keyboard.press('r');
  await expect(values).toContainText('Page turned clockwise');
  await expect(page.locator('.viewer-turn')).toHaveAttribute('style', /rotate\(90deg\)/);
  await snap(page, 'indexing-08-rotated');
  await page.keyboard.press('Control+z');
  await expect(values).toContainText('Undone');
  await expect(page.locator('.viewer-turn')).not.toHaveAttribute('style', /rotate/);

  await page.keyboard.press('Control+Enter');
  await expect(values).toContainText(/Every document of B-\d{6} is confirmed/);
  await expect(page.getByLabel('Indexing progress of the batch')).toContainText('3 of 3 confirmed');
  await snap(page, 'indexing-09-all-confirmed');

  // The shortcuts are on screen and in the ? overlay.
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog.getByRole('rowheader', { name: 'Split: new document from this page' })).toBeVisible();
  await snap(page, 'indexing-10-shortcuts');
  await page.keyboard.press('Escape');

  // Back in the batch list, the batch shows its documents confirmed.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(row).toContainText('3 confirmed');
  await snap(page, 'indexing-11-batch-list-done');
});

test('page operations by keyboard, each undone with Ctrl+Z; a reviewer-level override needs a reason', async ({ page, station }) => {
  test.setTimeout(300_000);
  await page.goto(station.url);
  await createAdministrator(page);
  await scanAndWaitForRead(page, station, 'box-18.tif', await box(), '2 documents');

  // From the batch viewer: I indexes the document on screen.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  await page.keyboard.press('i');
  await expect(toolbar(page)).toContainText('Doc 1 of 2');
  const pagesOf = page.getByRole('region', { name: /^Pages of document/ });
  const values = panel(page);

  // Alt+↓ moves the first page down; Ctrl+Z puts it back.
  await expect(pagesOf.getByRole('button').first()).toHaveAccessibleName(/batch page 2/);
  await page.keyboard.press('Alt+ArrowDown');
  await expect(values).toContainText('Page moved to position 2');
  await expect(pagesOf.getByRole('button').first()).toHaveAccessibleName(/batch page 3/);
  await page.keyboard.press('Control+z');
  await expect(pagesOf.getByRole('button').first()).toHaveAccessibleName(/batch page 2/);

  // Delete puts the page in the tray; Ctrl+Z restores it.
  await page.keyboard.press('Delete');
  const tray = page.getByRole('region', { name: /Deleted pages/ });
  await expect(tray.getByRole('button', { name: /Restore batch page 2/ })).toBeVisible();
  await expect(toolbar(page)).toContainText('Page 1 of 1');
  await snap(page, 'indexing-12-deleted-tray');
  await page.keyboard.press('Control+z');
  await expect(tray).toHaveCount(0);
  await expect(toolbar(page)).toContainText(/Page \d of 2/);
  await page.keyboard.press('Home');

  // M merges with the next document; Ctrl+Z splits them again.
  await page.keyboard.press('m');
  await expect(toolbar(page)).toContainText('Doc 1 of 1');
  await expect(toolbar(page)).toContainText('Page 1 of 4');
  await page.keyboard.press('Control+z');
  await expect(toolbar(page)).toContainText('Doc 1 of 2');

  // Document 2 carries two patients' pages: blocking. An administrator may let it pass, with a reason.
  await page.keyboard.press(']');
  await expect(toolbar(page)).toContainText('Doc 2 of 2');
  const twoPatients = values.locator('[data-code="patient-mismatch-two-patients"]');
  await expect(twoPatients).toContainText('Blocking');
  await page.keyboard.press('o');
  const dialog = page.getByRole('dialog', { name: 'Override a blocking finding' });
  await expect(dialog.getByLabel('Why may it be filed anyway?')).toBeFocused();
  await page.keyboard.type('ok');
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText('at least 5 characters');
  await page.keyboard.type(' - checked with ward, same episode');
  await snap(page, 'indexing-13-override-dialog');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(twoPatients).toContainText('Overridden');
  await expect(twoPatients).toContainText('checked with ward');
  await snap(page, 'indexing-14-overridden');
});

test('settings: an administrator imports a patient index file and sees the rejected rows; the type catalogue is listed', async ({ page, station }) => {
  await page.goto(station.url);
  await createAdministrator(page);
  await goTo(page, 'Settings');
  const csv = 'mrn,family,given,birthDate,sex\r\n90000001,Okafor,Ada,1970-02-03,F\r\n,Nobody,Without,1980-01-01,M\r\n90000002,Tran,Minh,1999-13-40,M\r\n';
  await page.getByLabel('Patient index file').setInputFiles({ name: 'mpi-extract.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const summary = page.getByLabel('Import summary');
  await expect(summary).toContainText('mpi-extract.csv');
  const rejected = summary.getByRole('table', { name: 'Rejected rows' });
  await expect(rejected.getByRole('row')).toHaveCount(3);
  await expect(rejected).toContainText('3');
  await expect(page.getByRole('table', { name: 'Document types' }).getByLabel('Display name of 18842-5')).toHaveValue('Discharge summary');
  await page.getByRole('table', { name: 'Document types' }).scrollIntoViewIfNeeded();
  await snap(page, 'indexing-15-settings-import');
});
