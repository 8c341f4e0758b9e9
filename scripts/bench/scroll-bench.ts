import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Page, chromium } from '@playwright/test';
import { renderPage } from '../samples/index.js';
import { writeTiff } from '../samples/scan-files.js';
import { startServe } from './chartdesk-cli.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = Number(process.env.BENCH_SCROLL_PAGES ?? 500);
const DISTINCT = 20;
const PASSWORD = 'scanning-station-2026';

/**
 * Scrolling the batch viewer's page strip of a back-scanning box (500 pages) in Chromium, against
 * the built headless station: the longest frame and the long tasks while the strip scrolls from
 * top to bottom and back, and how many page elements the strip keeps laid out. The target is no
 * frame over 50 ms. Needs `npm run build` and a Chromium (CHROMIUM_PATH or /usr/bin/chromium).
 */
export async function scrollBench(): Promise<void> {
  process.stdout.write(`\n## Scrolling a ${PAGES}-page batch in the batch viewer (Chromium, 1366x768)\n`);
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  if (!existsSync(join(repoRoot, 'dist/renderer/index.html'))) {
    process.stdout.write('skipped: run `npm run build` first (the station serves the built screens)\n');
    return;
  }
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-bench-scroll-'));
  const dataDir = join(root, 'data');
  const dropDir = join(root, 'drop');
  await mkdir(dropDir, { recursive: true });
  const { url, stop } = await startStation(root, dataDir, dropDir);
  const browser = await chromium.launch({ executablePath });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // tsx keeps function names with a helper the page does not have; give it one.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(url);
    await createAdministrator(page);

    // A box of pages at 150 dpi: DISTINCT rendered sheets, repeated (the strip's cost is per page, not per content).
    const sheets = await Promise.all(Array.from({ length: DISTINCT }, (_, i) => renderPage({ seed: 500 + i, dpi: 150, label: i % 5 === 0 })));
    const tiff = await writeTiff(
      Array.from({ length: PAGES }, (_, i) => sheets[i % DISTINCT]!.png),
      { compression: 'g4', dpi: 150 },
    );
    const staged = join(root, 'box.tif.part');
    await writeFile(staged, tiff);
    await rename(staged, join(dropDir, 'box.tif'));

    await page
      .getByRole('link', { name: /^B-?0*1$/ })
      .first()
      .waitFor({ timeout: 600_000 });
    await page
      .getByRole('link', { name: /^B-?0*1$/ })
      .first()
      .click();
    const strip = page.locator('.thumbs-list');
    await strip.waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('.thumbs-list .thumb').length >= n, PAGES, { timeout: 600_000 });

    // BENCH_SCROLL_TRACE=file.json: a Chromium performance trace of the first round, to see what the long frames do.
    const tracePath = process.env.BENCH_SCROLL_TRACE;
    // What the open batch cost the screen per round: the batch fetched whole or in part, and the
    // page's main-thread CPU time (Chromium's own counters; wall-clock frames are noise on a shared machine).
    const fetches = { whole: 0, wholeBytes: 0, partial: 0, partialBytes: 0 };
    page.on('response', (response) => {
      const method = new URL(response.url()).pathname.split('/').pop();
      if (method !== 'batches.get' && method !== 'batches.getPages') return;
      void response.body().then(
        (body) => {
          const kind = method === 'batches.get' ? 'whole' : 'partial';
          fetches[kind] += 1;
          fetches[`${kind}Bytes`] += body.length;
        },
        () => undefined,
      );
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const cpu = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const of = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
      return { task: of('TaskDuration'), script: of('ScriptDuration'), style: of('RecalcStyleDuration'), layout: of('LayoutDuration') };
    };
    for (const round of [1, 2]) {
      Object.assign(fetches, { whole: 0, wholeBytes: 0, partial: 0, partialBytes: 0 });
      const before = await cpu();
      if (tracePath && round === 1)
        await browser.startTracing(page, {
          path: tracePath,
          categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler'],
        });
      const result = await scrollThrough(page);
      const after = await cpu();
      if (tracePath && round === 1) await browser.stopTracing();
      process.stdout.write(
        `round ${round}: ${result.frames} frames, longest ${result.longestFrame.toFixed(0)} ms, ` +
          `${result.over50} over 50 ms, p95 ${result.p95.toFixed(0)} ms, long tasks ${result.longTasks} (longest ${result.longestTask.toFixed(0)} ms); ` +
          `thumbnails rendered ${result.rendered} of ${result.total}\n`,
      );
      const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
      process.stdout.write(
        `  main-thread CPU: tasks ${(after.task - before.task).toFixed(0)} ms, script ${(after.script - before.script).toFixed(0)} ms, ` +
          `style ${(after.style - before.style).toFixed(0)} ms, layout ${(after.layout - before.layout).toFixed(0)} ms; ` +
          `batch fetched whole ${fetches.whole}x (${kib(fetches.wholeBytes)}), in part ${fetches.partial}x (${kib(fetches.partialBytes)})\n`,
      );
    }
  } finally {
    await browser.close();
    await stop();
    await rm(root, { recursive: true, force: true });
  }
}

/** Scrolls the strip down and back up in wheel-sized steps, one per frame, and records every frame's length. */
async function scrollThrough(page: Page) {
  return page.evaluate(async () => {
    const list = document.querySelector<HTMLElement>('.thumbs-list')!;
    const scroller = list.scrollHeight > list.clientHeight ? list : (list.closest<HTMLElement>('.thumbs') ?? list);
    const tasks: number[] = [];
    const observer = new PerformanceObserver((entries) => entries.getEntries().forEach((e) => tasks.push(e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    const frames: number[] = [];
    let last = performance.now();
    const frame = () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame((t) => {
          frames.push(t - last);
          last = t;
          resolve();
        }),
      );
    await frame();
    frames.length = 0;
    const step = 120;
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += step;
      await frame();
    }
    while (scroller.scrollTop > 0) {
      scroller.scrollTop -= step * 4;
      await frame();
    }
    await new Promise((r) => setTimeout(r, 200));
    observer.disconnect();
    const sorted = [...frames].sort((a, b) => a - b);
    // Thumbnails the browser is laying out and painting now (the rest are skipped until they near the view).
    const thumbs = Array.from(document.querySelectorAll<HTMLElement>('.thumbs-list .thumb'));
    const rendered = thumbs.filter((t) => t.checkVisibility({ contentVisibilityAuto: true })).length;
    return {
      frames: frames.length,
      longestFrame: sorted.at(-1) ?? 0,
      p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      over50: frames.filter((f) => f > 50).length,
      longTasks: tasks.length,
      longestTask: Math.max(0, ...tasks),
      rendered,
      total: thumbs.length,
    };
  });
}

async function createAdministrator(page: Page): Promise<void> {
  await page.getByLabel('Username').fill('records.admin');
  await page.getByLabel('Display name').fill('Dana Records');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Batches', level: 1 }).waitFor();
}

/** The built CLI (the station serves the built screens), its key beside the data folder. */
const startStation = (root: string, dataDir: string, dropDir: string) =>
  startServe({
    command: process.execPath,
    args: [join(repoRoot, 'electron/cli/chartdesk.mjs'), '--data-dir', dataDir, 'serve', '--port', '0', '--drop-dir', dropDir, '--station', 'BENCH-01'],
    env: { CHARTDESK_KEY_FILE: join(root, 'station.key') },
    cwd: repoRoot,
  });
