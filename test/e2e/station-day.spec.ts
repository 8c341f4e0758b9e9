import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';
import { expect, type RunningTestStation, runCliSteps, screenshotDir, signIn, signOut, startStation } from './station-fixture.js';

/** A station with a clerk and a reviewer, made with the CLI before it starts, as a site sets one up. */
const test = base.extend<{ station: RunningTestStation }>({
  station: async ({}, use) => {
    const { station, stop } = await startStation({
      prepare: async ({ dataDir }) =>
        runCliSteps(dataDir, [
          ['users', 'add', '--username', 'carl.clerk', '--name', 'Carl Clerk', '--role', 'clerk'],
          ['users', 'add', '--username', 'rita.reviewer', '--name', 'Rita Reviewer', '--role', 'reviewer'],
        ]),
    });
    await use(station);
    await stop();
  },
});

/** The screen as clerks have it (1366x768) and on a large monitor (1920x1080). */
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

/** A faxed letter at 100 dpi: below 150 dpi the resolution check blocks confirmation. */
async function scan(seed: number, pages: number, dpi: number): Promise<Buffer> {
  const rendered = await Promise.all(Array.from({ length: pages }, (_, i) => renderPage({ seed: seed + i, dpi, title: i === 0 ? 'Progress Note' : undefined })));
  return writeTiff(
    rendered.map((p) => p.png),
    { compression: 'g4', dpi },
  );
}

async function drop(station: RunningTestStation, name: string, bytes: Buffer) {
  await writeFile(join(station.root, name), bytes);
  await rename(join(station.root, name), join(station.dropDir, name));
}

const panel = (page: Page) => page.getByRole('complementary', { name: 'Index values' });

test('a clerk asks for an override and rescans a page; the reviewer grants it from the queue; the answer comes back to the clerk', async ({ page, station }) => {
  test.setTimeout(400_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(station.url);

  // The clerk scans a faint fax: one document, blocked by its resolution.
  await signIn(page, 'carl.clerk');
  await drop(station, 'faint-fax.tif', await scan(510, 2, 100));
  const row = page.getByRole('table', { name: 'Batches, newest first' }).getByRole('row').filter({ hasText: 'faint-fax.tif' });
  await expect(row).toContainText('1 document', { timeout: 200_000 });
  await expect(row.getByRole('progressbar')).toHaveCount(0, { timeout: 200_000 });
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: /^Indexing B-\d{6}$/ })).toBeVisible();
  const gate = page.getByRole('list', { name: 'Blocking findings' });
  await expect(gate).toContainText('Scanned at 100 dpi');

  // O: a clerk cannot override, so O asks a reviewer, with a note.
  await page.keyboard.press('o');
  const ask = page.getByRole('dialog', { name: 'Ask a reviewer to override' });
  await expect(ask).toBeVisible();
  await page.keyboard.type('Only copy the ward holds; it is legible.');
  await page.keyboard.press('Enter');
  await expect(ask).toHaveCount(0);
  await expect(panel(page).locator('[data-request-state="pending"]')).toContainText('Only copy the ward holds');

  // X: page 1 is crooked; the next scan replaces it.
  await page.keyboard.press('x');
  const rescan = page.getByRole('dialog', { name: 'Take pages from the next scan' });
  await expect(rescan.getByRole('radio', { name: /Replace page 1/ })).toBeFocused();
  await page.keyboard.press('Enter');
  const strip = page.getByRole('status', { name: 'Next scan' });
  await expect(strip).toContainText('replace page 1 of document 1');
  await expect(panel(page)).toContainText('Next scan: replace page 1 of this document');
  await snapBoth(page, 'station-day-01-clerk-asked-and-marked');

  await drop(station, 'page-1-again.tif', await scan(530, 1, 200));
  await expect(strip).toHaveCount(0, { timeout: 120_000 });
  // Page 1 is the rescan now (batch page 3); the old page 1 waits in the deleted pages, with its image.
  await expect(page.getByRole('button', { name: /^Page 1 of 2 \(batch page 3\)/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /Deleted pages/ })).toContainText('Batch page 1');
  await expect(panel(page)).toContainText('The rescan arrived and took the page’s place');
  await snapBoth(page, 'station-day-02-page-replaced');
  await signOut(page);

  // The reviewer finds the request in the queue, O opens its document, and grants it there.
  await signIn(page, 'rita.reviewer');
  await expect(page.getByRole('link', { name: /QC review/ })).toContainText('1');
  await page.keyboard.press('g');
  await page.keyboard.press('r');
  const requests = page.getByRole('table', { name: 'Override requests, oldest first' });
  await expect(requests).toContainText('Only copy the ward holds; it is legible.');
  await expect(requests).toContainText('Carl Clerk');
  await snapBoth(page, 'station-day-03-reviewer-queue');
  await page.keyboard.press('o');
  await expect(page.getByRole('heading', { name: /^Indexing B-\d{6}$/ })).toBeVisible();
  const pending = panel(page).locator('[data-request-state="pending"]');
  await expect(pending).toContainText('Only copy the ward holds');
  await snapBoth(page, 'station-day-04-reviewer-document');
  await pending.getByRole('button', { name: 'Grant…' }).click();
  await expect(page.getByRole('dialog', { name: 'Override a blocking finding' })).toBeVisible();
  await page.keyboard.type('Legible at 100%; the only copy in existence.');
  await page.keyboard.press('Enter');
  await expect(panel(page).locator('[data-request-state="granted"]')).toContainText('Legible at 100%');
  await expect(page.getByRole('list', { name: 'Blocking findings' })).toHaveCount(0);
  // Back to the queue: the request has left it.
  await page.keyboard.press('g');
  await page.keyboard.press('r');
  await expect(page.getByRole('table', { name: 'Override requests, oldest first' })).toHaveCount(0);
  await signOut(page);

  // The clerk sees the answer: a badge beside Batches, the list on Batches, and on the document.
  await signIn(page, 'carl.clerk');
  const badge = page.getByLabel('1 answer to your override requests');
  await expect(badge).toBeVisible();
  const answers = page.getByRole('region', { name: 'Your override requests' });
  await expect(answers).toContainText('Granted by Rita Reviewer');
  await snapBoth(page, 'station-day-05-clerk-answer');
  await answers.getByRole('link').first().click();
  await expect(panel(page).locator('[data-request-state="granted"]')).toContainText('Override granted by Rita Reviewer');
  await expect(badge).toHaveCount(0);
  await snapBoth(page, 'station-day-06-clerk-document-answered');
});
