import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeCrashPoint } from '../../../electron/engine/intake/file-intake.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { openStation } from '../../../electron/engine/station.js';
import { startCli } from '../../support/cli.js';
import { openTestDatabase, stationKeyFor } from '../../support/station-key.js';
import { fastPathDone, letterTiff, must, signInAccounts } from '../../support/station-flow.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * The intake of a rescan and the replacement of the page are one transaction. The headless
 * station is killed with SIGKILL at the steps around that commit and started again: the marked
 * page is replaced exactly once, the file is recorded once, and nothing is left half done.
 */
const points: IntakeCrashPoint[] = ['after-original-archived', 'after-rows-committed'];

const open = async (dataDir: string, dropDir: string, recognition: boolean) =>
  openStation({ dataDir, key: await stationKeyFor(dataDir), dropDir, watch: false, recognition, ocrWorkers: 1, fastWorkers: 1, log: silentLogger, retentionTimer: false });

/**
 * A station whose batch has page 2 marked to be replaced by the next scan, prepared once; each
 * case starts from a copy put back at the same path (rows name files by absolute path).
 */
let prepared: { path: string; remove(): Promise<void> };
let batchId: string;
let original: string[];
beforeAll(async () => {
  const tmp = await makeTempDir('rescan-prepared');
  prepared = tmp;
  const dataDir = join(tmp.path, 'data');
  const dropDir = join(tmp.path, 'drop');
  await mkdir(dropDir, { recursive: true });
  const station = await open(dataDir, dropDir, true);
  try {
    const users = await signInAccounts(station);
    await writeFile(join(dropDir, 'chart.tif'), await letterTiff(11, 3));
    const ingested = await station.ingestFile(join(dropDir, 'chart.tif'), { removeSource: true });
    if (ingested.outcome !== 'ingested') throw new Error(ingested.outcome);
    batchId = ingested.batchId;
    await fastPathDone(station, batchId);
    const [document] = station.context.recognition.documentsOf(batchId);
    original = document!.pageIds;
    await must(station, 'rescan.mark', { documentId: document!.id, kind: 'replace', pageId: original[1]! }, users.clerk);
  } finally {
    await station.close();
  }
  await cp(dataDir, join(tmp.path, 'pristine'), { recursive: true });
}, 300_000);
afterAll(async () => prepared?.remove());

describe('a rescan killed around its commit', () => {
  it.each(points)(
    'replaces the page exactly once after a SIGKILL %s',
    async (point) => {
      const dataDir = join(prepared.path, 'data');
      const dropDir = join(prepared.path, 'drop');
      await rm(dataDir, { recursive: true, force: true });
      await cp(join(prepared.path, 'pristine'), dataDir, { recursive: true });

      // The rescan lands; the station dies at the named step.
      await writeFile(join(dropDir, 'rescan.tif'), await letterTiff(12, 1));
      const killed = await startCli(['--data-dir', dataDir, 'serve', '--port', '0', '--drop-dir', dropDir, '--settle-ms', '100', '--poll-ms', '50'], {
        CHARTDESK_TEST_CRASH_AT: point,
      }).done;
      expect(killed.signal, killed.stderr).toBe('SIGKILL');

      // Between the kill and the restart: all of the replacement, or none of it.
      const key = await stationKeyFor(dataDir);
      const between = openTestDatabase(dataDir, key);
      const pages = (between.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
      const markState = (between.prepare('SELECT state FROM rescan_marks').get() as { state: string }).state;
      const members = (between.prepare('SELECT COUNT(*) AS n FROM document_pages').get() as { n: number }).n;
      expect(point === 'after-rows-committed' ? [4, 'used', 3] : [3, 'armed', 3]).toEqual([pages, markState, members]);
      between.close();

      // Started again, the station finishes what the file's state asks: read it, or only tidy up.
      const station = await open(dataDir, dropDir, false);
      try {
        if ((await readdir(dropDir)).includes('rescan.tif')) {
          expect((await station.ingestFile(join(dropDir, 'rescan.tif'), { removeSource: true })).outcome).toBe('rescanned');
        }
        expect(await readdir(dropDir)).toEqual([]);
        expect(station.context.batches.list(10)).toHaveLength(1);
        const batch = station.context.batches.get(batchId)!;
        expect(batch.sourceFiles.map((f) => f.originalName)).toEqual(['chart.tif', 'rescan.tif']);
        const added = batch.pages.filter((p) => p.sourceFileId === batch.sourceFiles[1]!.id).map((p) => p.id);
        expect(added).toHaveLength(1);
        expect(station.context.recognition.documentsOf(batchId)[0]!.pageIds).toEqual([original[0], added[0], original[2]]);
        expect(station.context.intakeLog.list(10).map((r) => r.originalName)).toEqual(['rescan.tif', 'chart.tif']);
        // The copy a killed ingest archived before its commit is swept; each source file has its one original.
        expect((await readdir(join(dataDir, 'originals'))).sort()).toEqual(batch.sourceFiles.map((f) => f.id).sort());
        const audit = station.context.audit;
        expect(audit.export('2000-01-01', '2100-01-01').filter((e) => e.action === 'rescan-applied')).toHaveLength(1);
        expect(audit.verify()).toEqual({ ok: true, entries: expect.any(Number) });
      } finally {
        await station.close();
      }
      const db = openTestDatabase(dataDir, key);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    },
    120_000,
  );
});
