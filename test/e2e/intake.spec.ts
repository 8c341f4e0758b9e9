import { createHash } from 'node:crypto';
import { copyFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderPage, truncated, writeTiff } from '../../scripts/samples/index.js';
import { openTestDatabase, stationKeyFor } from '../support/station-key.js';
import { createAdministrator, expect, snap, stationTest, test } from './station-fixture.js';

test('a dropped 3-page TIFF becomes a batch with thumbnails, and a broken file lands in quarantine with its reason', async ({ page, station }) => {
  await page.goto(station.url);
  await snap(page, '01-first-run');
  await createAdministrator(page);
  await expect(page.getByText(/No batches yet/)).toBeVisible();
  await snap(page, '02-empty-batches');
  // The administrator is at the scanner: her scans are hers once she says so.
  await page.getByRole('button', { name: 'Scan as me' }).click();
  await expect(page.getByRole('region', { name: 'Who is scanning' })).toContainText('Scanning as Dana Records (you)');

  // What a scanner writes: a 3-page Group 4 TIFF, generated from a seed.
  const pages = await Promise.all([1, 2, 3].map((n) => renderPage({ seed: 40 + n, dpi: 150, title: n === 1 ? 'Discharge Summary' : undefined })));
  const tiff = await writeTiff(
    pages.map((p) => p.png),
    { compression: 'g4', dpi: 150 },
  );
  await writeFile(join(station.root, 'ward-7.tif'), tiff);
  await copyFile(join(station.root, 'ward-7.tif'), join(station.dropDir, 'ward-7.tif'));
  // And a file the copy cut short.
  await writeFile(join(station.dropDir, 'cut-short.tif'), truncated(tiff, 0.4));

  const table = page.getByRole('table', { name: 'Batches, newest first' });
  const row = table.getByRole('row').filter({ hasText: 'ward-7.tif' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('3');
  await expect(row).toContainText('SCAN-01');
  await expect(row).toContainText('Dana Records');
  await snap(page, '03-batch-list');

  await row.click();
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  for (const n of [1, 2, 3]) {
    const thumb = page.getByRole('img', { name: `Page ${n}`, exact: true });
    await expect(thumb).toBeVisible();
    // The thumbnail really loaded from the station (a broken image has no natural width).
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  }
  await expect(page.getByRole('img', { name: 'Page 1 of 3' })).toBeVisible();
  await snap(page, '04-batch-viewer');

  await page.keyboard.press('PageDown');
  await expect(page.getByRole('img', { name: 'Page 2 of 3' })).toBeVisible();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await snap(page, '05-viewer-zoomed');

  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: /Quarantine/ }).click();
  await expect(page.getByRole('heading', { name: 'Quarantine', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'cut-short.tif' })).toBeVisible();
  await expect(page.getByText(/cut short/).first()).toBeVisible();
  await snap(page, '06-quarantine');

  await page.getByRole('link', { name: /Intake/ }).click();
  await expect(page.getByRole('heading', { name: 'Intake', level: 1 })).toBeVisible();
  await snap(page, '07-intake-log');
});

test('the same file dropped twice is shown as a duplicate, not ingested twice', async ({ page, station }) => {
  await page.goto(station.url);
  await createAdministrator(page);
  const [first] = await Promise.all([renderPage({ seed: 9, dpi: 120, title: 'Consent Form' })]);
  const tiff = await writeTiff([first!.png], { compression: 'lzw', dpi: 120 });
  await writeFile(join(station.dropDir, 'consent.tif'), tiff);
  const table = page.getByRole('table', { name: 'Batches, newest first' });
  await expect(table.getByRole('row').filter({ hasText: 'consent.tif' })).toBeVisible();

  await writeFile(join(station.dropDir, 'consent-again.tif'), tiff);
  await page.getByRole('link', { name: /Intake/ }).click();
  const log = page.getByRole('table', { name: 'Intake log, newest first' });
  const dupRow = log.getByRole('row').filter({ hasText: 'consent-again.tif' });
  await expect(dupRow).toContainText('Duplicate');
  await snap(page, '08-duplicate');
  await page.getByRole('link', { name: /^Batches/ }).click();
  await expect(table.getByRole('row')).toHaveCount(2); // header + one batch
});

/** A station whose decoders are threads, as in the desktop engine, where the poison-file guard counts deaths. */
const threadDecoderTest = stationTest({ env: { CHARTDESK_TEST_DECODE_ISOLATION: 'thread' } });

threadDecoderTest('an administrator sends a scan the station died on three times back to intake, and it becomes a batch', async ({ page, station }) => {
  await page.goto(station.url);
  await createAdministrator(page);

  const pages = await Promise.all([1, 2].map((n) => renderPage({ seed: 60 + n, dpi: 120, title: n === 1 ? 'Operative Note' : undefined })));
  const tiff = await writeTiff(
    pages.map((p) => p.png),
    { compression: 'g4', dpi: 120 },
  );
  // Three earlier runs of the station died while reading this very file (power cuts, say).
  const db = openTestDatabase(station.dataDir, await stationKeyFor(station.dataDir), { readonly: false });
  const sha256 = createHash('sha256').update(tiff).digest('hex');
  for (const life of ['run-1', 'run-2', 'run-3'])
    db.prepare('INSERT INTO decode_attempts (id, sha256, station_life, started_at) VALUES (?, ?, ?, ?)').run(`a-${life}`, sha256, life, new Date().toISOString());
  db.close();
  await writeFile(join(station.dropDir, 'theatre-3.tif.part'), tiff);
  await rename(join(station.dropDir, 'theatre-3.tif.part'), join(station.dropDir, 'theatre-3.tif'));

  await page.getByRole('link', { name: /Quarantine/ }).click();
  const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'theatre-3.tif' }) });
  await expect(item).toContainText('The station stopped three times while reading this file', { timeout: 30_000 });
  await snap(page, '09-quarantine-interrupted');

  await item.getByRole('button', { name: 'Read it again' }).click();
  await expect(item.getByRole('status')).toContainText('Sent back to intake');
  await expect(item.getByRole('button', { name: 'Read it again' })).toHaveCount(0);
  await snap(page, '10-quarantine-sent-back');

  await page.getByRole('link', { name: /^Batches/ }).click();
  const row = page.getByRole('table', { name: 'Batches, newest first' }).getByRole('row').filter({ hasText: 'theatre-3.tif' });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText('2');
});
