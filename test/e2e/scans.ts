import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { coverSheetSpec } from '../../scripts/samples/capture-sheets.js';
import { LOOK_ALIKES, type MpiPatient } from '../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';
import { expect, type RunningTestStation } from './station-fixture.js';

/** Scans as the browser tests make them (Group 4 TIFF, as a production scanner writes), and the batch each becomes. */

const DPI = 200;

/**
 * A cover sheet and the letter behind it at 200 dpi: one document whose patient, type and date of
 * service (4 March 2026) are on the sheet. Unless told otherwise, Mary O'Brien's discharge summary.
 */
export async function coverAndLetter(seed: number, letter: { patient?: MpiPatient; patientName?: string; docTypeCode?: string; title?: string } = {}): Promise<Buffer> {
  const { patient = LOOK_ALIKES.maryOBrien, docTypeCode = '18842-5', title = 'Discharge Summary' } = letter;
  const patientName = letter.patientName ?? `${patient.family}, ${patient.given}`;
  const { payload: _payload, ...cover } = coverSheetSpec({ mrn: patient.mrn, docTypeCode, dateOfService: '2026-03-04', patientName });
  const pages = await Promise.all([renderPage({ ...cover, seed, dpi: DPI }), renderPage({ seed: seed + 1, dpi: DPI, title, patient })]);
  return writeTiff(
    pages.map((p) => p.png),
    { compression: 'g4', dpi: DPI },
  );
}

/** A faxed progress note (by default two pages at 100 dpi: below 150 dpi the resolution check blocks it). */
export async function faintFax(seed: number, pages = 2, dpi = 100): Promise<Buffer> {
  const rendered = await Promise.all(Array.from({ length: pages }, (_, i) => renderPage({ seed: seed + i, dpi, title: i === 0 ? 'Progress Note' : undefined })));
  return writeTiff(
    rendered.map((p) => p.png),
    { compression: 'g4', dpi },
  );
}

/** Puts a scan in the drop folder whole: written beside it, then renamed in, as scanner software does. */
export async function dropScan(station: RunningTestStation, name: string, bytes: Buffer): Promise<void> {
  await writeFile(join(station.root, name), bytes);
  await rename(join(station.root, name), join(station.dropDir, name));
}

/** The row of a batch in the batch list, by its file name. */
export const batchRow = (page: Page, name: string): Locator => page.getByRole('table', { name: 'Batches, newest first' }).getByRole('row').filter({ hasText: name });

/** Waits for recognition to have read a batch: its documents counted (e.g. "1 document") and no progress bar left. */
export async function expectBatchRead(row: Locator, documents: string): Promise<void> {
  await expect(row).toContainText(documents, { timeout: 200_000 });
  await expect(row.getByRole('progressbar')).toHaveCount(0, { timeout: 200_000 });
}

/** Drops a scan and waits for recognition to read it into `documents`. Returns the batch's row in the batch list. */
export async function scanAndWaitForRead(page: Page, station: RunningTestStation, name: string, bytes: Buffer, documents = '1 document'): Promise<Locator> {
  await writeFile(join(station.dropDir, name), bytes);
  const row = batchRow(page, name);
  await expectBatchRead(row, documents);
  return row;
}

/**
 * Drops a scan, waits for recognition to read it into `documents` and opens the batch in the
 * batch viewer; the keys pressed next go to the viewer once it is there (a CI run pressed one
 * while it was opening). Returns the batch's row in the batch list.
 */
export async function scanAndOpenBatch(page: Page, station: RunningTestStation, name: string, bytes: Buffer, documents = '1 document'): Promise<Locator> {
  const row = await scanAndWaitForRead(page, station, name, bytes, documents);
  await row.click();
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  return row;
}

/** The indexing screen's panel of index values. */
export const indexValues = (page: Page): Locator => page.getByRole('complementary', { name: 'Index values' });

/**
 * I on the selected batch opens indexing at its first open document; A accepts the first
 * suggested patient, which must be the one with `mrn`. Returns the panel of index values.
 */
export async function indexAndAcceptPatient(page: Page, mrn: string): Promise<Locator> {
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: /^Indexing B-\d{6}$/ })).toBeVisible();
  const values = indexValues(page);
  await expect(values.getByRole('list', { name: 'Suggested patients' })).toContainText(mrn);
  await page.keyboard.press('a');
  await expect(values.getByLabel('Patient chosen')).toContainText(mrn);
  return values;
}

/** Y, then the type's name, as a person does: typing once the cursor is in the field, Enter once the text is there. */
export async function chooseType(page: Page, typed: string, display: string): Promise<void> {
  await page.keyboard.press('y');
  const typeField = indexValues(page).getByRole('combobox', { name: /^Pick a type/ });
  await expect(typeField).toBeFocused();
  await page.keyboard.type(typed);
  await expect(typeField).toHaveValue(typed);
  await page.keyboard.press('Enter');
  await expect(indexValues(page).getByLabel('Type chosen')).toContainText(display);
}

/**
 * D, then the date of service as written, as a person does: type once the cursor is in the
 * field; the caller presses Enter (after looking at how it will be read, if it likes).
 */
export async function typeDateOfService(page: Page, written: string): Promise<void> {
  const dateField = indexValues(page).getByRole('combobox', { name: /^Date of service/ });
  // Right after a type is chosen its save is still on its way and the fields are disabled:
  // D once the field takes the keyboard again.
  await expect(dateField).toBeEnabled();
  await page.keyboard.press('d');
  await expect(dateField).toBeFocused();
  await page.keyboard.type(written);
  await expect(dateField).toHaveValue(written);
}
