import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Prefer CHROMIUM_PATH, then the system's Chromium (CI installs it with apt), else Playwright's own.
const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  // A stray test.only would quietly run a fraction of the browser tests and pass.
  forbidOnly: true,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    // The monitor most clerks have: every test runs on it (snap() also shoots 1920x1080).
    viewport: { width: 1366, height: 768 },
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      // As root in a container Chromium needs --no-sandbox; the background-networking flags keep
      // it from calling home, which a hospital network (and this CI) refuses.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    trace: 'retain-on-failure',
  },
});
