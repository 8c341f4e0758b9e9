import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { coverSheetSpec } from '../../scripts/samples/capture-sheets.js';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';
import { createAdministrator, expect, snap, test } from './station-fixture.js';

const DPI = 150;

/**
 * What a clerk scans from a box: a cover sheet, a two-page discharge summary (its second sheet
 * fed upside down), a blank sheet, a second cover sheet and a one-page lab report. Cover sheets
 * carry a DataMatrix of MRN=...;DOCTYPE=... (formatCoverSheetPayload), as printed by the station.
 */
async function boxWithTwoCoverSheets(): Promise<Buffer> {
  const coverA = coverSheetSpec({ mrn: '80011234', docTypeCode: '18842-5', dateOfService: '2025-03-12', patientName: 'Marsh, Helen' });
  const coverB = coverSheetSpec({ mrn: '80022345', docTypeCode: '11502-2' });
  const sheet = ({ payload: _payload, ...spec }: ReturnType<typeof coverSheetSpec>) => spec;
  const pages = await Promise.all([
    renderPage({ ...sheet(coverA), seed: 501, dpi: DPI }),
    renderPage({ seed: 502, dpi: DPI, title: 'Discharge Summary' }),
    renderPage({ seed: 503, dpi: DPI, title: 'Discharge Summary (continued)', rotate: 180 }),
    renderPage({ seed: 504, dpi: DPI, blank: true }),
    renderPage({ ...sheet(coverB), seed: 505, dpi: DPI }),
    renderPage({ seed: 506, dpi: DPI, title: 'Laboratory Report' }),
  ]);
  return writeTiff(
    pages.map((p) => p.png),
    { compression: 'g4', dpi: DPI },
  );
}

/** A document in the batch viewer's page strip: what its summary says, and a button for each of its pages and no other. */
async function expectDocument(strip: Locator, name: string, says: string[], pages: number[]): Promise<void> {
  const region = strip.getByRole('region', { name });
  for (const text of says) await expect(region).toContainText(text);
  await expect(region.getByRole('button')).toHaveCount(pages.length);
  for (const number of pages) await expect(region.getByRole('button', { name: `Page ${number}`, exact: true })).toBeVisible();
}

test('a box with two cover sheets and a blank page is read into two documents with their index values', async ({ page, station }) => {
  test.setTimeout(240_000);
  await page.goto(station.url);
  await createAdministrator(page);

  await writeFile(join(station.dropDir, 'box-17.tif'), await boxWithTwoCoverSheets());

  // The batch list shows recognition advancing, then the documents it found.
  const table = page.getByRole('table', { name: 'Batches, newest first' });
  const row = table.getByRole('row').filter({ hasText: 'box-17.tif' });
  await expect(row).toBeVisible();
  // Usually still reading here (a fast machine may already be done).
  await expect(row.getByRole('cell').filter({ hasText: /Checking \d+ of 6 pages|Reading \d+ of 6 pages|2 documents/ })).toBeVisible();
  await snap(page, 'recognition-01-list-reading');
  await expect(row).toContainText('2 documents', { timeout: 180_000 });
  await expect(row.getByRole('progressbar')).toHaveCount(0);
  await snap(page, 'recognition-02-list-done');

  await row.click();
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  const strip = page.getByRole('navigation', { name: 'Pages' });

  // Two documents with the right pages and index values from the cover sheets.
  await expectDocument(strip, 'Document 1 of 2', ['MRN 80011234', 'from cover sheet', 'Discharge summary', 'Date of service', '2 pages'], [2, 3]);
  await expectDocument(strip, 'Document 2 of 2', ['MRN 80022345', 'from cover sheet', 'Laboratory report', '1 page'], [6]);
  await expect(strip).not.toContainText('still reading…');

  // Cover sheets and the blank page stay in the batch, set aside.
  await expect(strip.getByRole('button', { name: 'Page 1, cover sheet, set aside' })).toBeVisible();
  await expect(strip.getByRole('button', { name: 'Page 4, blank page, set aside' })).toBeVisible();
  await expect(strip.getByRole('button', { name: 'Page 5, cover sheet, set aside' })).toBeVisible();
  await expect(strip.getByText('Blank page (set aside)')).toBeVisible();
  await expect(strip.getByText('Cover sheet', { exact: true })).toHaveCount(2);

  // Page 1 is the first cover sheet: its code is listed, and drawn over the page with B.
  const details = page.getByRole('complementary', { name: 'Page details' });
  const barcodes = details.getByRole('list', { name: 'Barcodes found' });
  await expect(barcodes).toContainText('Data Matrix');
  await expect(barcodes).toContainText('MRN=80011234;DOCTYPE=18842-5');
  await expect(details).toContainText('Cover sheet (set aside)');
  await page.keyboard.press('b');
  await expect(page.getByRole('button', { name: 'Barcodes' })).toHaveAttribute('aria-pressed', 'true');
  const outlines = page.getByRole('list', { name: 'Barcode outlines' });
  await expect(outlines.getByRole('listitem', { name: /^Data Matrix: MRN=80011234;DOCTYPE=18842-5/ })).toBeVisible();
  await snap(page, 'recognition-03-cover-sheet-barcode');

  // ] moves to the next document: the discharge summary, with its index values.
  await page.keyboard.press(']');
  await expect(page.getByRole('img', { name: 'Page 2 of 6' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Document' })).toContainText('Document 1 of 2');
  const thisDocument = details.getByRole('region', { name: 'This document' });
  await expect(thisDocument).toContainText('MRN 80011234');
  await expect(thisDocument).toContainText('Discharge summary');
  await expect(details).toContainText('No barcodes');
  await snap(page, 'recognition-04-first-document');

  // The sheet fed upside down was turned upright.
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('img', { name: 'Page 3 of 6' })).toBeVisible();
  await expect(details).toContainText('Turned upright by 180°');

  await page.keyboard.press(']');
  await expect(page.getByRole('img', { name: 'Page 6 of 6' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Document' })).toContainText('Document 2 of 2');
  await expect(details.getByRole('region', { name: 'This document' })).toContainText('Laboratory report');
  await page.keyboard.press('[');
  await expect(page.getByRole('img', { name: 'Page 2 of 6' })).toBeVisible();

  // T shows the page text, with the words to check marked.
  await page.keyboard.press('t');
  const textPanel = page.getByRole('complementary', { name: 'Page 2 text' });
  await expect(textPanel).toBeVisible();
  await expect(textPanel.getByText(/Reading text…|No text was found|confidence/).first()).toBeVisible();
  await snap(page, 'recognition-05-page-text');
  await expect(textPanel.getByLabel('Text read on the page')).toContainText('Discharge Summary', { timeout: 60_000 });
  await textPanel.getByLabel('Outline the words on the page').check();
  await snap(page, 'recognition-05b-word-outlines');
  await textPanel.getByLabel('Outline the words on the page').uncheck();
  await page.keyboard.press('t');
  await expect(details).toBeVisible();

  // The blank page.
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Page 4, blank page, set aside' }).click();
  await expect(details).toContainText('Blank page (set aside)');
  await snap(page, 'recognition-06-blank-page');

  // The shortcuts are listed.
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog.getByRole('rowheader', { name: 'Next document' })).toBeVisible();
  await expect(dialog.getByRole('rowheader', { name: 'Show or hide barcode outlines' })).toBeVisible();
  await expect(dialog.getByRole('rowheader', { name: 'Show or hide the page text' })).toBeVisible();
  await snap(page, 'recognition-07-shortcuts');
});
