import { readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { LOOK_ALIKES, fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { coverAndLetter, indexAndAcceptPatient, scanAndOpenBatch } from './scans.js';
import { ADMIN, CLERK, importPatients } from './site-setup.js';
import { api } from './station-api.js';
import { expect, runCliSteps, signIn, snap, stationTest } from './station-fixture.js';

const { maryOBrien } = LOOK_ALIKES;
/** `chartdesk process` scans and confirms as the OS account that runs it, on this computer. */
const cliAccount = `cli:${userInfo().username}@${hostname()}`;

/**
 * History made as a site makes it: the MPI and accounts with the CLI, then a batch run
 * (`chartdesk process --deliver`) that confirms and delivers two documents before the station starts.
 */
const test = stationTest({
  prepare: async ({ root, dataDir }) => {
    const scans = [join(root, 'night-run-1.tif'), join(root, 'night-run-2.tif')];
    await writeFile(scans[0]!, await coverAndLetter(951));
    await writeFile(scans[1]!, await coverAndLetter(961));
    await runCliSteps(dataDir, [
      await importPatients(root, fakeMpi({ seed: 17, count: 200 })),
      ADMIN,
      CLERK,
      ['process', ...scans, '--out', join(root, 'out'), '--deliver', `folder:${join(root, 'central')}`],
    ]);
    // Both documents of the batch run reached the folder.
    expect((await readdir(join(root, 'central'))).filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
  },
});

/** The figure under a headline label. */
const headline = (page: Page, label: string) =>
  page
    .locator('.report-headline')
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator('dd');

test('a supervisor reads the department figures and saves a table as CSV', async ({ page, station }) => {
  test.setTimeout(400_000);
  await page.goto(station.url);

  // A clerk has no Reports (and the engine refuses them anyway); they scan and confirm a document.
  await signIn(page, 'carl.clerk');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Reports/ })).toHaveCount(0);
  // Carl is at the scanner: his scans are his once he says so.
  await page.getByRole('button', { name: 'Scan as me' }).click();
  await expect(page.getByRole('region', { name: 'Who is scanning' })).toContainText('Scanning as Carl Clerk (you)');
  await scanAndOpenBatch(page, station, 'discharge-41.tif', await coverAndLetter(941));
  const values = await indexAndAcceptPatient(page, maryOBrien.mrn);
  await expect(values.getByRole('button', { name: /Confirm and next/ })).toBeEnabled();
  await page.keyboard.press('c');
  await expect(values).toContainText('Waiting for QC review before it is delivered.');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  // A fresh page: a call still on its way from the indexing screen can come back "signed out"
  // after the sign-in form appeared and reset it (seen here once; noted for the session store).
  await page.goto(station.url);

  // The administrator reviews: one of the batch run's documents is rejected (poor image), the other
  // and the clerk's are approved, which sends the clerk's document to the outgoing folder.
  await signIn(page, 'records.admin');
  const queue = await api<{ entries: { batchId: string; operators: string[] }[] }>(page, 'review.queue', {});
  const documentsOf = async (batchId: string) => (await api<{ documents: { documentId: string }[] }>(page, 'review.batch', { batchId })).documents.map((d) => d.documentId);
  const cliBatches = queue.entries.filter((e) => e.operators.includes(cliAccount));
  const clerkBatch = queue.entries.find((e) => e.operators.includes('Carl Clerk'))!;
  expect(cliBatches).toHaveLength(2);
  await api(page, 'review.decide', { decision: 'reject', documentId: (await documentsOf(cliBatches[0]!.batchId))[0], reasonCode: 'poor-image' });
  await api(page, 'review.decide', { decision: 'approve', documentId: (await documentsOf(cliBatches[1]!.batchId))[0] });
  await api(page, 'review.decide', { decision: 'approve', documentId: (await documentsOf(clerkBatch.batchId))[0] });
  const outgoing = `${station.dataDir}-outgoing`;
  await expect.poll(async () => (await readdir(outgoing).catch(() => [] as string[])).filter((f) => f.endsWith('.pdf')).length, { timeout: 60_000 }).toBe(1);

  // Reports (G P): the last 14 days by default.
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /Reports/ })).toHaveAttribute('aria-current', 'page');
  const today = new Date();
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const fortnightAgo = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 13);
  await expect(page.getByLabel('From', { exact: true })).toHaveValue(iso(fortnightAgo));
  await expect(page.getByLabel('To', { exact: true })).toHaveValue(iso(today));
  await expect(page.getByRole('button', { name: '14 days' })).toHaveAttribute('aria-pressed', 'true');

  // Three scans of two pages, three documents confirmed and delivered, one rejection in three decisions.
  await expect(headline(page, 'Pages scanned')).toHaveText('6');
  await expect(headline(page, 'Documents indexed')).toHaveText('3');
  await expect(headline(page, 'QC rejection rate')).toHaveText('33%');
  await expect(headline(page, 'Not yet delivered (now)')).toHaveText('0');
  await expect(headline(page, 'Scan to delivery, median')).toContainText(/min|h/);
  const delivery = page.getByRole('region', { name: 'Scan to delivery' });
  await expect(delivery.locator('.report-figures > div').filter({ hasText: 'Documents delivered' })).toContainText('3');
  await expect(delivery.getByRole('img', { name: 'Scan to delivery per day' })).toBeVisible();
  // A day without deliveries has no median: "—", not "< 1 min".
  const deliveryDays = delivery.getByRole('table', { name: 'Scan to delivery per day' }).getByRole('row');
  await expect(deliveryDays.nth(1).getByRole('cell')).toHaveText(['—', '—']);
  await expect(deliveryDays.last().getByRole('cell').first()).toContainText(/min|h/);

  const work = page.getByRole('region', { name: 'Work per day' });
  const chart = work.getByRole('img', { name: 'Pages scanned per day, by operator' });
  await expect(chart).toBeVisible();
  await expect(work.getByRole('list', { name: 'Operators' })).toContainText('Carl Clerk');
  // The chart's numbers, as a screen reader gets them: today's row totals the six pages.
  const todayRow = work.getByRole('table').getByRole('row').last();
  await expect(todayRow).toContainText('6 pages');
  await work.locator('label').filter({ hasText: 'Documents indexed' }).click();
  await expect(work.getByRole('img', { name: 'Documents indexed per day, by operator' })).toBeVisible();

  const operators = page.getByRole('table', { name: 'Work by operator' });
  const cells = async (name: string) =>
    operators
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
      .getByRole('cell')
      .allTextContents();
  // Batches, pages scanned, documents scanned, documents indexed (pages indexed follow the split).
  expect((await cells('Carl Clerk')).slice(0, 4)).toEqual(['1', '2', '1', '1']);
  // The batch run scanned and confirmed as one OS account: one row.
  expect((await cells(cliAccount)).slice(0, 4)).toEqual(['2', '4', '2', '2']);

  const rejections = page.getByRole('region', { name: 'QC rejections' });
  await expect(rejections.getByRole('listitem', { name: /^Poor image: 33%, 1 of 3 decisions$/ })).toBeVisible();
  await expect(rejections.getByRole('listitem', { name: `${cliAccount}: 50%, 1 of 2 decisions` })).toBeVisible();
  await expect(rejections.getByRole('listitem', { name: 'Carl Clerk: 0%, 0 of 1 decision' })).toBeVisible();
  const outbox = page.getByRole('list', { name: 'Outbox backlog' });
  await expect(outbox).toContainText('0 waiting');
  await expect(outbox).toContainText('0 failed');
  await expect(page.getByRole('region', { name: 'Outbox now' })).toContainText('No document is waiting for QC review.');
  await snap(page, 'reports-01-dashboard');
  await page.getByRole('region', { name: 'QC rejections' }).scrollIntoViewIfNeeded();
  await snap(page, 'reports-02-delivery-and-rejections');

  // A table as CSV: a real download, the same figures, and the station says it was recorded.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download work by operator as CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`chartdesk-work-by-operator-${iso(fortnightAgo)}-to-${iso(today)}.csv`);
  const text = await readFile((await download.path())!, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const lines = text.slice(1).split('\r\n');
  expect(lines[0]).toBe('operator,batches scanned,pages scanned,documents scanned,documents indexed,pages indexed');
  expect(lines).toContainEqual(expect.stringMatching(/^Carl Clerk,1,2,1,1,\d+$/));
  expect(lines).toContainEqual(`${cliAccount},2,4,2,2,${(await cells(cliAccount))[4]}`);
  expect(lines.at(-2)).toMatch(/^Total,3,6,3,3,\d+$/);
  expect(lines.at(-1)).toBe('');
  await expect(page.getByRole('status').filter({ hasText: 'recorded in the audit trail' })).toContainText('chartdesk-work-by-operator-');

  // Days with nothing in them: the report says so and what to do; what waits now is still shown.
  await page.getByLabel('From', { exact: true }).fill('2020-01-06');
  await page.getByLabel('To', { exact: true }).fill('2020-01-12');
  await expect(page.getByText('Nothing was scanned, indexed, reviewed or delivered from')).toBeVisible();
  await expect(headline(page, 'Pages scanned')).toHaveText('0');
  await expect(page.getByRole('region', { name: 'Outbox now' })).toBeVisible();
  await snap(page, 'reports-03-empty-range');

  // A range that ends before it starts is refused in the field; the quick ranges bring the report back.
  await page.getByLabel('To', { exact: true }).fill('2020-01-01');
  await expect(page.getByRole('alert').filter({ hasText: 'The last day is before the first.' })).toBeVisible();
  await page.getByRole('button', { name: '7 days' }).click();
  await expect(headline(page, 'Pages scanned')).toHaveText('6');
});
