import { copyFile, open, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleSet } from '../../support/sample-set.js';
import { type TestStation, nextEvent, openTestStation } from '../../support/test-station.js';

let samples: Awaited<ReturnType<typeof sampleSet>>;
let t: TestStation;

beforeAll(async () => {
  samples = await sampleSet();
});
afterAll(async () => samples?.remove());
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
    t = await openTestStation({ watch: true, completeness: { stableForMs: 600, emptyStableForMs: 5000 } });
    const bytes = await import('node:fs/promises').then((fs) => fs.readFile(samples.path('progress-notes-lzw.tif')));
    const target = join(t.dropDir, 'slow-scan.tif');
    const handle = await open(target, 'w');
    // Write the file in slices with pauses shorter than the stability interval.
    const slices = 6;
    for (let i = 0; i < slices; i++) {
      await handle.write(bytes.subarray(Math.floor((i * bytes.length) / slices), Math.floor(((i + 1) * bytes.length) / slices)));
      await handle.sync();
      await new Promise((r) => setTimeout(r, 250));
      expect(t.station.context.intakeLog.list(10), `picked up after slice ${i + 1}`).toEqual([]);
    }
    await handle.close();
    await nextEvent(t.station, (e) => e.type === 'batch.created');
    const [batch] = t.station.context.batches.list(10);
    expect(batch!.pageCount).toBe(2);
    expect(t.station.context.intakeLog.listQuarantine(10)).toEqual([]);
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
    await new Promise((r) => setTimeout(r, 500));
    expect(t.station.context.intakeLog.list(10)).toEqual([]);
    expect((await readdir(t.dropDir)).sort()).toEqual(['.hidden', 'scan.tif.part']);
  });

  it('says so when the drop folder is missing instead of failing silently', async () => {
    t = await openTestStation({ watch: true });
    const missing = join(t.root, 'unplugged-share', 'scans');
    const ok = await t.station.context.changeDropDir(missing);
    expect(ok).toEqual({ ok: true });
    await import('node:fs/promises').then((fs) => fs.rm(join(t.root, 'unplugged-share'), { recursive: true }));
    await new Promise((r) => setTimeout(r, 300));
    const status = t.station.status();
    expect(status.watching).toBe(false);
    expect(status.watchError).toMatch(/does not exist/);
  });
});
