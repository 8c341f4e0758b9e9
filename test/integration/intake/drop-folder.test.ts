import { copyFile, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DropFolderWatcher } from '../../../electron/engine/intake/drop-folder-watcher.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { type TestStation, nextEvent, openTestStation } from '../../support/test-station.js';
import { sampleSetForFile } from '../../support/per-file-fixtures.js';

const samples = sampleSetForFile();
let t: TestStation;

afterEach(async () => t?.close());

describe('the drop folder', () => {
  it('turns a dropped multi-page TIFF into a batch and removes it from the folder only after', async () => {
    t = await openTestStation({ watch: true });
    const created = nextEvent(t.station, (e) => e.type === 'batch.created');
    await copyFile(samples.path('letter-g4.tif'), join(t.dropDir, 'letter-g4.tif'));
    const event = await created;
    await t.station.whenIdle();
    const batch = t.station.context.batches.get((event as { batchId: string }).batchId)!;
    expect(batch.pageCount).toBe(3);
    expect(batch.sourceFileName).toBe('letter-g4.tif');
    expect(await readdir(t.dropDir)).toEqual([]);
    expect(t.station.context.intakeLog.list(10).map((r) => r.outcome)).toEqual(['ingested']);
  });

  it('does not pick up a file while the scanner is still writing it', async () => {
    // The watcher on a real folder, with a clock the test moves: each slice lands 250 ms after
    // the last by that clock however busy the machine is, inside the 600 ms the rule waits for.
    const folder = await makeTempDir('slow-scan');
    let now = 1_000_000;
    const ready: string[] = [];
    const watcher = new DropFolderWatcher({
      folder: folder.path,
      rule: { stableForMs: 600, emptyStableForMs: 5000 },
      onFileReady: async (path) => void ready.push(path),
      log: silentLogger,
      now: () => now,
    });
    try {
      const bytes = await readFile(samples.path('progress-notes-lzw.tif'));
      const target = join(folder.path, 'slow-scan.tif');
      const handle = await open(target, 'w');
      const slices = 6;
      for (let i = 0; i < slices; i++) {
        if (i > 0) now += 250;
        await handle.write(bytes.subarray(Math.floor((i * bytes.length) / slices), Math.floor(((i + 1) * bytes.length) / slices)));
        await handle.sync();
        await watcher.scan();
        expect(ready, `picked up after slice ${i + 1}`).toEqual([]);
      }
      await handle.close();
      // Finished writing at the last scan: it is taken 600 ms after that, not a moment before.
      now += 599;
      await watcher.scan();
      expect(ready, 'picked up before it was still for 600 ms').toEqual([]);
      now += 1;
      await watcher.scan();
      expect(ready).toEqual([target]);
    } finally {
      watcher.stop();
      await folder.remove();
    }
  });

  it('detects the same file dropped twice as a duplicate instead of ingesting it again', async () => {
    t = await openTestStation({ watch: true });
    let recorded = nextEvent(t.station, (e) => e.type === 'intake.recorded');
    await copyFile(samples.path('consent-form.png'), join(t.dropDir, 'consent.png'));
    await recorded;
    recorded = nextEvent(t.station, (e) => e.type === 'intake.recorded');
    await copyFile(samples.path('consent-form.png'), join(t.dropDir, 'consent (rescan).png'));
    expect(await recorded).toMatchObject({ outcome: 'duplicate' });
    await t.station.whenIdle();
    expect(t.station.context.batches.list(10)).toHaveLength(1);
    const [dup, original] = t.station.context.intakeLog.list(10);
    expect(dup).toMatchObject({ outcome: 'duplicate', originalName: 'consent (rescan).png', duplicateOfBatchId: original!.batchId });
    expect(await readdir(t.dropDir)).toEqual([]);
    expect(await readdir(join(t.dataDir, 'duplicates'))).toHaveLength(1);
  });

  it('quarantines a broken file and goes on with the next one', async () => {
    t = await openTestStation({ watch: true });
    const quarantined = nextEvent(t.station, (e) => e.type === 'intake.recorded' && 'outcome' in e && e.outcome === 'quarantined');
    await copyFile(samples.path('truncated.pdf'), join(t.dropDir, 'a-broken.pdf'));
    await quarantined;
    const created = nextEvent(t.station, (e) => e.type === 'batch.created');
    await copyFile(samples.path('referral-scan.pdf'), join(t.dropDir, 'b-good.pdf'));
    await created;
    await t.station.whenIdle();
    const [entry] = t.station.context.intakeLog.listQuarantine(10);
    expect(entry).toMatchObject({ originalName: 'a-broken.pdf', reason: 'truncated' });
    expect(entry!.message).toMatch(/cut short/);
    expect(t.station.context.batches.list(10)[0]!.pageCount).toBe(2);
    expect(await readdir(t.dropDir)).toEqual([]);
  });

  it('ignores files the scanner marks as temporary', async () => {
    t = await openTestStation({ watch: true });
    await writeFile(join(t.dropDir, 'scan.tif.part'), 'partial');
    await writeFile(join(t.dropDir, '.hidden'), 'x');
    // A real scan dropped after them: by the time it is taken in, the watcher has passed over the others several times.
    const created = nextEvent(t.station, (e) => e.type === 'batch.created');
    await copyFile(samples.path('consent-form.png'), join(t.dropDir, 'consent.png'));
    await created;
    await t.station.whenIdle();
    expect(t.station.context.intakeLog.list(10).map((r) => [r.originalName, r.outcome])).toEqual([['consent.png', 'ingested']]);
    expect((await readdir(t.dropDir)).sort()).toEqual(['.hidden', 'scan.tif.part']);
  });

  it('says so when the drop folder is missing instead of failing silently', async () => {
    t = await openTestStation({ watch: true });
    const missing = join(t.root, 'unplugged-share', 'scans');
    const ok = await t.station.context.changeDropDir(missing);
    expect(ok).toEqual({ ok: true });
    // The watcher announces a change of its status; wait for the one that reports the folder gone.
    const noticed = nextEvent(t.station, (e) => e.type === 'station.changed' && t.station.status().watchError !== null);
    await rm(join(t.root, 'unplugged-share'), { recursive: true });
    await noticed;
    const status = t.station.status();
    expect(status.watching).toBe(false);
    expect(status.watchError).toMatch(/does not exist/);
  });
});
