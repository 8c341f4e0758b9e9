import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { renderPage, truncated, writeTiff } from '../../scripts/samples/index.js';
import { openTestDatabase, stationKeyFor } from '../support/station-key.js';
import { dropScan as drop } from './scans.js';
import { ADMIN } from './site-setup.js';
import { expect, type RunningTestStation, runCliSteps, screenshotDir, signIn, useStation } from './station-fixture.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A sound 3-page scan, and the power cuts that set it aside: three runs of the station died reading it. */
let ward: Buffer;
const test = base.extend<{ station: RunningTestStation }>({
  station: async ({}, use) => {
    const pages = await Promise.all([1, 2, 3].map((n) => renderPage({ seed: 70 + n, dpi: 150, title: n === 1 ? 'Discharge Summary' : undefined })));
    ward = await writeTiff(
      pages.map((p) => p.png),
      { compression: 'g4', dpi: 150 },
    );
    await useStation(
      {
        // Decoder threads, as in the desktop engine, where a station that died reading a file counts against it.
        env: { CHARTDESK_TEST_DECODE_ISOLATION: 'thread' },
        prepare: async ({ dataDir }) => {
          await runCliSteps(dataDir, [ADMIN]);
          const db = openTestDatabase(dataDir, await stationKeyFor(dataDir), { readonly: false });
          const insert = db.prepare('INSERT INTO decode_attempts (id, sha256, station_life, started_at) VALUES (?, ?, ?, ?)');
          for (const life of ['power-cut-1', 'power-cut-2', 'power-cut-3']) insert.run(life, sha(ward), life, new Date().toISOString());
          db.close();
        },
      },
      use,
    );
  },
});

async function snapBoth(page: Page, name: string) {
  const before = page.viewportSize();
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(screenshotDir, `${name}-${size.width}x${size.height}.png`) });
  }
  if (before) await page.setViewportSize(before);
}

test('an administrator looks at a quarantined file, saves it, marks one entry handled and deletes another; the badge counts what is left', async ({ page, station }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(station.url);
  await signIn(page, 'records.admin');
  await drop(station, 'ward-7.tif', ward);
  await drop(station, 'cut-short.tif', truncated(ward, 0.4));

  const nav = page.getByRole('link', { name: /Quarantine/ });
  await expect(nav.getByLabel('2 files in quarantine')).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('g');
  await page.keyboard.press('q');
  await expect(page.getByRole('heading', { name: 'Quarantine', level: 1 })).toBeVisible();
  const entry = (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
  await expect(entry('ward-7.tif')).toContainText('decode-interrupted');
  await expect(entry('cut-short.tif')).toContainText('truncated');
  await snapBoth(page, 'quarantine-desk-01-list');

  // Its pages, decoded again in isolation from the sealed copy.
  await entry('ward-7.tif').getByRole('button', { name: 'View pages' }).click();
  const viewer = page.getByRole('dialog', { name: 'ward-7.tif' });
  await expect(viewer.getByText('Page 1 of 3')).toBeVisible({ timeout: 60_000 });
  const image = viewer.getByRole('img', { name: 'Page 1 of 3 of the quarantined file' });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByRole('img', { name: 'Page 2 of 3 of the quarantined file' })).toBeVisible();
  await snapBoth(page, 'quarantine-desk-02-pages');
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  // A damaged file: the preview says why instead of showing pages.
  await entry('cut-short.tif').getByRole('button', { name: 'View pages' }).click();
  const damaged = page.getByRole('dialog', { name: 'cut-short.tif' });
  await expect(damaged).toContainText('cannot be shown');
  await expect(damaged).toContainText('cut short');
  await snapBoth(page, 'quarantine-desk-03-not-decodable');
  await page.keyboard.press('Escape');

  // The original, as it arrived, saved where the administrator chooses.
  const download = page.waitForEvent('download');
  await entry('ward-7.tif').getByRole('button', { name: 'Save the original…' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^chartdesk-quarantine-[0-9a-f]{8}-ward-7\.tif$/);
  const path = join(station.root, 'saved.tif');
  await saved.saveAs(path);
  expect(sha(await readFile(path))).toBe(sha(ward));

  await entry('ward-7.tif').getByRole('button', { name: 'Mark handled…' }).click();
  await page.keyboard.type('Power cuts on the ward; read again as batch B-000001.');
  await page.keyboard.press('Enter');
  await expect(entry('ward-7.tif')).toContainText('Handled');
  await expect(nav.getByLabel('1 files in quarantine')).toBeVisible();

  await entry('cut-short.tif').getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByRole('dialog', { name: 'Delete the quarantined file' })).toBeVisible();
  await page.keyboard.type('Rescanned from paper the same day.');
  await snapBoth(page, 'quarantine-desk-04-delete');
  await page.keyboard.press('Enter');
  await expect(entry('cut-short.tif')).toContainText('Deleted');
  await expect(entry('cut-short.tif').getByRole('button', { name: 'View pages' })).toHaveCount(0);
  await expect(nav.getByLabel(/files in quarantine/)).toHaveCount(0);
  await snapBoth(page, 'quarantine-desk-05-worked');
});
