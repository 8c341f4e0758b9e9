import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { keyFileFor } from '../support/station-key.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

export interface RunningTestStation {
  url: string;
  dataDir: string;
  dropDir: string;
  root: string;
}

/**
 * A real headless station (the built `chartdesk serve`, as a user runs it) on a fresh data
 * folder for each test. No part of the API is mocked. `prepare` runs before the station starts
 * (e.g. loading the patient index with the CLI, as a site does at installation).
 */
export async function startStation(
  options: {
    prepare?: (paths: { root: string; dataDir: string; dropDir: string }) => Promise<void>;
    /** More environment for the station process (e.g. a test hook of electron/cli/test-hooks.ts). */
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<{ station: RunningTestStation; stop: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-e2e-'));
  const dataDir = join(root, 'data');
  const dropDir = join(root, 'drop');
  await mkdir(dropDir, { recursive: true });
  await options.prepare?.({ root, dataDir, dropDir });
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'electron/cli/chartdesk.mjs'), '--data-dir', dataDir, 'serve', '--port', '0', '--drop-dir', dropDir, '--settle-ms', '400', '--poll-ms', '100', '--station', 'SCAN-01'],
    // The station key beside the data folder (a station refuses one inside it), removed with the root;
    // the same file `runCli` uses for this data folder, so a `prepare` step and the station agree.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env, CHARTDESK_KEY_FILE: keyFileFor(dataDir) } },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`station did not start:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /running at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`station exited with ${code}:\n${stderr}`)));
  });
  return {
    station: { url, dataDir, dropDir, root },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** What a station is given before it starts: see `startStation`. */
export type StationSetUp = Parameters<typeof startStation>[0];

/** The body of a `station` fixture: a station set up as `setUp` says for one test, stopped after it. */
export async function useStation(setUp: StationSetUp, use: (station: RunningTestStation) => Promise<void>): Promise<void> {
  const { station, stop } = await startStation(setUp);
  await use(station);
  await stop();
}

/** `test` with its own station for each test, set up as a site sets one up (see test/e2e/site-setup.ts). */
export function stationTest(setUp: StationSetUp) {
  return base.extend<{ station: RunningTestStation }>({ station: async ({}, use) => useStation(setUp, use) });
}

/** A new station with nobody on it: the first person creates the administrator. */
export const test = stationTest({});

export { expect };

/** The monitors clerks have (the default viewport of the suite) and a large one. */
export const SMALL_SCREEN = { width: 1366, height: 768 } as const;
export const LARGE_SCREEN = { width: 1920, height: 1080 } as const;
/** 1366x768 at 200% browser zoom: the page lays out in half the CSS pixels. */
export const ZOOMED_SCREEN = { width: 683, height: 384 } as const;

/**
 * Screenshots of the screen as it is, at 1366x768 and at 1920x1080 (`<name>-1366x768.png`,
 * `<name>-1920x1080.png`); with `zoom`, also as 1366x768 at 200% zoom (`<name>-zoom200.png`).
 * The viewport goes back to what it was.
 */
export async function snap(page: Page, name: string, options: { zoom?: boolean } = {}): Promise<void> {
  const before = page.viewportSize();
  const sizes: Array<{ width: number; height: number; suffix: string }> = [
    { ...SMALL_SCREEN, suffix: '1366x768' },
    { ...LARGE_SCREEN, suffix: '1920x1080' },
    ...(options.zoom ? [{ ...ZOOMED_SCREEN, suffix: 'zoom200' }] : []),
  ];
  for (const size of sizes) {
    await setViewport(page, size);
    await page.screenshot({ path: join(screenshotDir, `${name}-${size.suffix}.png`), fullPage: false });
  }
  if (before) await setViewport(page, before);
}

/** Resizes and lets the screen lay itself out again (the page viewer fits on a resize). */
async function setViewport(page: Page, size: { width: number; height: number }): Promise<void> {
  const current = page.viewportSize();
  if (current?.width === size.width && current.height === size.height) return;
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * The automated accessibility check (axe-core, WCAG 2.1 A and AA rules): fails with the rules
 * and elements when the screen has a serious or critical violation. One line per screen.
 */
export async function expectAccessible(page: Page, screenName: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const grave = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = grave.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n${v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`)
        .join('\n')}`,
  );
  // Soft: one run reports every screen's violations, and still fails.
  expect.soft(report, `accessibility of ${screenName}`).toEqual([]);
}

/** First run: create the administrator, as the first person at a new station does. */
export async function createAdministrator(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create the administrator account' })).toBeVisible();
  await page.getByLabel('Username').fill('records.admin');
  await page.getByLabel('Display name').fill('Dana Records');
  await page.getByLabel('Password', { exact: true }).fill('scanning-station-2026');
  await page.getByLabel('Confirm password').fill('scanning-station-2026');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Batches' })).toBeVisible();
}

/** The password of the accounts the browser tests make with `chartdesk users add` (see `runCliSteps`). */
export const ACCOUNT_PASSWORD = 'scanning-station-2026';

/** Runs `chartdesk` commands on a station's data folder before it starts, as a site sets one up. */
export async function runCliSteps(dataDir: string, steps: string[][]): Promise<void> {
  const { runCli } = await import('../support/cli.js');
  for (const step of steps) {
    const run = await runCli(['--data-dir', dataDir, ...step], { CHARTDESK_NEW_PASSWORD: ACCOUNT_PASSWORD });
    if (run.code !== 0) throw new Error(`${step.join(' ')} failed:\n${run.stderr}`);
  }
}

/** Signs in from the sign-in screen and starts from the batches (the address may still name the last person's screen). */
export async function signIn(page: Page, username: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(ACCOUNT_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await goTo(page, 'Batches');
}

/** The screens by their heading, and the letter that follows G to reach each. */
const screenKeys = { Batches: 'b', Corrections: 'c', Delivery: 'd', 'QC review': 'r', Settings: 's' } as const;

/** G and the screen's letter, as a clerk moves between screens; waits for the screen's heading. */
export async function goTo(page: Page, screen: keyof typeof screenKeys): Promise<void> {
  await page.keyboard.press('g');
  await page.keyboard.press(screenKeys[screen]);
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}
