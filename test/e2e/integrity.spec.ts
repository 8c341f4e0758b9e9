import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';
import { openTestDatabase, stationKeyFor } from '../support/station-key.js';
import { createAdministrator, expect, snap, test } from './station-fixture.js';

test('a page image altered on disk is shown as failing its integrity check, not as the scan', async ({ page, station }) => {
  await page.goto(station.url);
  await createAdministrator(page);

  const pages = await Promise.all([1, 2].map((n) => renderPage({ seed: 70 + n, dpi: 150, title: n === 1 ? 'Consent Form' : undefined })));
  await writeFile(
    join(station.dropDir, 'consent.tif'),
    await writeTiff(
      pages.map((p) => p.png),
      { compression: 'g4', dpi: 150 },
    ),
  );
  const row = page.getByRole('table', { name: 'Batches, newest first' }).getByRole('row').filter({ hasText: 'consent.tif' });
  await expect(row).toBeVisible({ timeout: 60_000 });

  // Someone with access to the disk changes one byte of page 1's stored image.
  const db = openTestDatabase(station.dataDir, await stationKeyFor(station.dataDir));
  const { view } = db.prepare('SELECT view_sha256 AS view FROM pages WHERE source_page_number = 1').get() as { view: string };
  db.close();
  const stored = join(station.dataDir, 'store', view.slice(0, 2), view);
  const bytes = await readFile(stored);
  bytes[bytes.length - 40]! ^= 0x01;
  await writeFile(stored, bytes);

  await row.click();
  await expect(page.getByRole('heading', { name: /^B-\d{6}$/ })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText("This page's stored image failed its integrity check");
  await snap(page, 'integrity-01-tampered-page');

  // The untouched page next to it still shows.
  await page.keyboard.press('PageDown');
  const second = page.getByRole('img', { name: 'Page 2 of 2' });
  await expect(second).toBeVisible();
  await expect.poll(() => second.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
