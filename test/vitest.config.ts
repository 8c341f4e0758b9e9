import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // A stray .only would quietly run a fraction of the suite and pass.
    allowOnly: false,
    // Says loudly when CHARTDESK_TESTS_MAY_SKIP lets tests with missing inputs skip (test/support/prerequisites.ts).
    globalSetup: ['test/support/prerequisites-banner.ts'],
    // Native modules (the SQLite driver, sharp) and worker threads behave best in child processes.
    pool: 'forks',
    maxWorkers: 2,
    // Hang guards, not speed targets: sized for a shared 2-core machine under load. At a load
    // average of 30 the heaviest tests (OCR and barcodes on 300-dpi pages, the CLI on a box of
    // scans) passed a minute; idle, they take seconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
