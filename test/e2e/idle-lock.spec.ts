import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { createAdministrator, expect, snap, test } from './station-fixture.js';

const CLERK = { username: 'cleo.clerk', displayName: 'Cleo Clerk', password: 'clerk password 2026' };

/** The station's API as the signed-in browser calls it (same cookies, same CSRF header). */
const api = (page: Page, url: string, method: string, body: unknown) => page.request.post(`${url}api/${method}`, { headers: { 'x-chartdesk-csrf': '1' }, data: body, failOnStatusCode: false });

async function signIn(page: Page, user: { username: string; password: string }) {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('the screen locks when the clerk goes idle and unlocks with the password, the half-typed field as it was', async ({ page, station }) => {
  test.setTimeout(120_000);
  await page.goto(station.url);
  await createAdministrator(page);
  expect((await api(page, station.url, 'users.create', { ...CLERK, role: 'clerk' })).status()).toBe(200);
  // The administrator sets the idle time in Settings: ten minutes by default, a tenth of a minute for this test.
  await page.getByRole('link', { name: /Settings/ }).click();
  const screenLock = page.getByRole('region', { name: 'Screen lock' });
  const minutes = screenLock.getByLabel('Lock after (minutes)');
  await expect(minutes).toHaveValue('10');
  await minutes.fill('0.1');
  await screenLock.getByRole('button', { name: 'Save' }).click();
  await expect(screenLock.getByRole('status')).toContainText('Saved.');
  await screenLock.scrollIntoViewIfNeeded();
  await snap(page, 'idle-lock-00-setting');
  expect(await (await api(page, station.url, 'session.status', {})).json()).toMatchObject({ ok: true, value: { idleLockSeconds: 6 } });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, CLERK);
  await page.getByRole('link', { name: /Batches/ }).click();
  await expect(page.getByRole('heading', { name: 'Batches' })).toBeVisible();

  // The clerk starts a back-scanning box and is halfway through typing its label (nothing saved yet).
  await page.getByRole('button', { name: 'Start a box…' }).click();
  const boxForm = page.getByRole('form', { name: 'Box being scanned' });
  await boxForm.getByLabel('Project', { exact: true }).fill('Cardiology 2019');
  const boxField = boxForm.getByLabel('Box', { exact: true });
  await boxField.click();
  await page.keyboard.type('C-00');
  await expect(boxField).toHaveValue('C-00');

  // Hands off the keyboard and mouse: the lock screen covers everything and names who is signed in.
  const lock = page.getByRole('dialog', { name: 'Screen locked' });
  await expect(lock).toBeVisible({ timeout: 20_000 });
  await expect(lock).toContainText('Cleo Clerk');
  await expect(lock).toContainText('cleo.clerk');
  await expect(lock.getByLabel('Password')).toBeFocused();
  // The work underneath is out of reach (inert, covered), and the station refuses the session too.
  await expect(page.locator('.app')).toHaveAttribute('inert', '');
  expect(await lock.boundingBox()).toEqual({ x: 0, y: 0, ...page.viewportSize()! });
  const refused = await api(page, station.url, 'batches.list', {});
  expect(refused.status()).toBe(423);
  expect((await refused.json()).error.code).toBe('session-locked');
  await snap(page, 'idle-lock-01-locked');

  // A wrong password is refused, the screen stays locked.
  await lock.getByLabel('Password').fill('not my password');
  await page.keyboard.press('Enter');
  await expect(lock.getByRole('alert')).toContainText('That password is not right.');
  await snap(page, 'idle-lock-02-wrong-password');

  await lock.getByLabel('Password').fill(CLERK.password);
  await page.keyboard.press('Enter');
  await expect(lock).toBeHidden();
  // Exactly where the clerk left off: same screen, same half-typed text, the cursor still in it.
  await expect(page.getByRole('heading', { name: 'Batches' })).toBeVisible();
  await expect(boxForm.getByLabel('Project', { exact: true })).toHaveValue('Cardiology 2019');
  await expect(boxField).toHaveValue('C-00');
  await expect(boxField).toBeFocused();
  await snap(page, 'idle-lock-03-unlocked');
  await page.keyboard.type('17');
  await expect(boxField).toHaveValue('C-0017');
  expect((await api(page, station.url, 'batches.list', {})).status()).toBe(200);

  // Locked again, the clerk hands over: "sign in as someone else" ends the session.
  await expect(lock).toBeVisible({ timeout: 20_000 });
  await lock.getByRole('button', { name: 'Sign in as someone else' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect((await api(page, station.url, 'batches.list', {})).status()).toBe(401);
});

/**
 * Session expiry needs the station's clock: this test runs the built engine and server in the
 * test's own process (the same code `chartdesk serve` runs) with a clock it moves.
 */
test('after the session expires the browser is sent to the sign-in screen and the station answers 401', async ({ page }) => {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const built = (path: string) => import(pathToFileURL(join(repoRoot, 'dist', path)).href);
  const { openStation } = await built('electron/engine/station.js');
  const { startStationServer } = await built('electron/server/http-server.js');
  const { silentLogger } = await built('electron/engine/log/logger.js');
  const { loadOrCreateKeyFile } = await built('electron/engine/crypto/key-file.js');

  const root = await mkdtemp(join(tmpdir(), 'chartdesk-e2e-expiry-'));
  const dataDir = join(root, 'data');
  let clock = Date.now();
  const key = (await loadOrCreateKeyFile(`${dataDir}.station.key`, { dataDir })).key;
  const station = await openStation({ dataDir, key, stationName: 'SCAN-01', watch: false, recognition: false, delivery: false, log: silentLogger, now: () => new Date(clock) });
  const server = await startStationServer({ station, rendererDir: join(repoRoot, 'dist', 'renderer'), host: '127.0.0.1', port: 0, log: silentLogger });
  try {
    await page.goto(server.url);
    await createAdministrator(page);

    // Eight hours and a minute without a call: the session is over.
    clock += 8 * 60 * 60_000 + 60_000;
    expect((await api(page, server.url, 'station.status', {})).status()).toBe(401);
    // The next screen the clerk opens asks the station, and is told the session has ended. (The
    // app may learn it first on its own, from the event stream the station closes: then the
    // sign-in screen is already there and there is no link left to click.)
    const signInHeading = page.getByRole('heading', { name: 'Sign in' });
    if (!(await signInHeading.isVisible()))
      await page
        .getByRole('link', { name: /Intake/ })
        .click({ timeout: 5_000 })
        .catch(() => undefined);
    await expect(signInHeading).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Your session has ended. Sign in again.');
    await snap(page, 'session-expired-01-sign-in');
  } finally {
    await server.close();
    await station.close();
    await rm(root, { recursive: true, force: true });
    await rm(`${dataDir}.station.key`, { force: true });
  }
});
