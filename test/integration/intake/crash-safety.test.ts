import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeCrashPoint } from '../../../electron/engine/intake/file-intake.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { openStation } from '../../../electron/engine/station.js';
import { startCli } from '../../support/cli.js';
import { sampleSet } from '../../support/sample-set.js';
import { openTestDatabase, stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * A power cut can come at any moment of an ingest. The headless station is started as its own
 * process, killed with SIGKILL at each named step, and restarted: the end state must be the
 * file's pages in exactly one complete batch, the file gone from the drop folder, nothing twice.
 */
const points: IntakeCrashPoint[] = ['after-pages-stored', 'after-original-archived', 'after-rows-committed', 'after-source-removed'];

let samples: Awaited<ReturnType<typeof sampleSet>>;
beforeAll(async () => {
  samples = await sampleSet();
});
afterAll(async () => samples?.remove());

describe('an ingest killed at any step', () => {
  it.each(points)('ends complete and single after a SIGKILL %s', async (point) => {
    const tmp = await makeTempDir('crash');
    const dataDir = join(tmp.path, 'data');
    const dropDir = join(tmp.path, 'drop');
    await mkdir(dropDir, { recursive: true });
    await copyFile(samples.path('letter-g4.tif'), join(dropDir, 'box-17.tif'));

    const { done } = startCli(
      ['--data-dir', dataDir, 'serve', '--port', '0', '--drop-dir', dropDir, '--settle-ms', '100', '--poll-ms', '50'],
      { CHARTDESK_TEST_CRASH_AT: point },
    );
    const killed = await done;
    expect(killed.signal, killed.stderr).toBe('SIGKILL');

    // Between the kill and the restart: nothing half-written is visible.
    const key = await stationKeyFor(dataDir);
    const between = openTestDatabase(dataDir, key);
    const pagesBetween = (between.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
    expect([0, 3]).toContain(pagesBetween);
    between.close();

    const station = await openStation({
      dataDir,
      key,
      dropDir,
      watch: true,
      completeness: { stableForMs: 100, emptyStableForMs: 400 },
      pollIntervalMs: 50,
      log: silentLogger,
      recognition: false,
    });
    try {
      await new Promise((r) => setTimeout(r, 200));
      await station.whenIdle();
      const batches = station.context.batches.list(10);
      expect(batches).toHaveLength(1);
      const batch = station.context.batches.get(batches[0]!.id)!;
      expect(batch.pages.map((p) => p.sourcePageNumber)).toEqual([1, 2, 3]);
      const log = station.context.intakeLog.list(10);
      expect(log.map((r) => r.outcome)).toEqual(['ingested']);
      expect(station.context.intakeLog.pendingRemovals()).toEqual([]);
      expect(await readdir(dropDir)).toEqual([]);
      // The copy a killed ingest left behind is swept; only the batch's own original remains.
      expect(await readdir(join(dataDir, 'originals'))).toEqual([batch.sourceFiles[0]!.id]);
    } finally {
      await station.close();
    }
    const db = openTestDatabase(dataDir, key);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    await tmp.remove();
  });
});
