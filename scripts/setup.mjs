#!/usr/bin/env node
// `npm run setup`: leaves a fresh clone able to run ChartDesk and its tests.
//
// 1. Installs the locked dependencies. The Electron runtime download is skipped during the
//    install (it comes from GitHub, which some networks, CI and hospital proxies block, and a
//    failed download would abort the whole install); step 2 fetches it separately.
// 2. Fetches the Electron runtime where the network allows; otherwise says so and goes on:
//    the headless station (`npm run serve`) needs no Electron.
// 3. Makes sure a Chromium exists for the browser tests (CHROMIUM_PATH, the system's
//    chromium, or Playwright's own download).
// 4. Builds the engine, the UI and the desktop shell into dist/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const step = (title) => process.stdout.write(`\n== ${title}\n`);
const run = (command, args, options = {}) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false, ...options, env: { ...process.env, ...options.env } });
const mustRun = (command, args, options) => {
  const result = run(command, args, options);
  if (result.status !== 0) {
    process.stderr.write(`\nsetup failed at: ${command} ${args.join(' ')}\n`);
    process.exit(result.status ?? 1);
  }
};

step('Installing dependencies (npm ci)');
mustRun(npm, ['ci', '--no-audit', '--no-fund'], { env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });

step('Fetching the Electron runtime for the desktop app');
if (process.env.CHARTDESK_SKIP_ELECTRON === '1') {
  process.stdout.write('Skipped (CHARTDESK_SKIP_ELECTRON=1).\n');
} else {
  const electron = run(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { timeout: 300_000 });
  if (electron.status === 0) process.stdout.write('Electron runtime installed: `npm start` opens the desktop app.\n');
  else
    process.stdout.write(
      [
        'The Electron runtime could not be downloaded (no access to its release server from here).',
        'Everything else works: `npm run serve` runs the headless station, the same UI in a browser.',
        'To add the desktop app later, run `node node_modules/electron/install.js` on a network that allows it.',
        '',
      ].join('\n'),
    );
}

step('Checking for a Chromium for the browser tests');
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
if (process.env.CHROMIUM_PATH) process.stdout.write(`Using CHROMIUM_PATH=${process.env.CHROMIUM_PATH}\n`);
else if (systemChromium) process.stdout.write(`Using the system's ${systemChromium}\n`);
else {
  const browsers = run(npx, ['playwright', 'install', 'chromium'], { timeout: 600_000 });
  if (browsers.status !== 0) process.stdout.write('No Chromium found and Playwright could not download one: install chromium (apt-get install chromium) or set CHROMIUM_PATH before `npm test`.\n');
}

step('Building ChartDesk (engine, UI, desktop shell)');
mustRun(npm, ['run', 'build']);

process.stdout.write(
  [
    '',
    'ChartDesk is set up.',
    '  npm start        the desktop app (needs the Electron runtime)',
    '  npm run serve    the headless station: the same UI at http://127.0.0.1:4873/',
    '  npm test         typecheck, lint, unit/integration and browser tests',
    '',
  ].join('\n'),
);
