import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, readFile, readdir, rename, stat, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stationPaths } from '../../../electron/engine/config/station-paths.js';
import { readSealedFile } from '../../../electron/engine/storage/sealed-file.js';
import { type TestStation, nextEvent, openTestStation } from '../../support/test-station.js';
import { sampleSetForFile } from '../../support/per-file-fixtures.js';

/**
 * Issue 18, item 2: a dropped file is opened once, without following links, and what is hashed
 * is what is decoded and archived. Links, pipes and devices in the drop folder are set aside with
 * a reason, and nothing ever waits on a read that does not end.
 */
const samples = sampleSetForFile();
let t: TestStation;
const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

afterEach(async () => t?.close());

const recorded = () => nextEvent(t.station, (e) => e.type === 'intake.recorded', 20_000) as Promise<{ outcome: string }>;

describe.skipIf(process.platform === 'win32')('what is in the drop folder', () => {
  it('a file swapped for a link after the completeness check is set aside, not read; the real file is taken in later, not as a duplicate', async () => {
    const other = samples.path('letter-g4.tif');
    let swaps = 0;
    t = await openTestStation({
      watch: true,
      // Between the watcher's check and intake's open: the name becomes a link to another scan.
      beforeIntakeOpen: async (path) => {
        if (swaps++ > 0) return;
        // Moved to a hidden name, which the watcher skips, so the test can drop it again later.
        await rename(path, join(dirname(path), '.moved-away'));
        await symlink(other, path);
      },
    });
    const consent = samples.path('consent-form.png');
    let next = recorded();
    await copyFile(consent, join(t.dropDir, 'consent.png'));
    expect(await next).toMatchObject({ outcome: 'quarantined' });
    await t.station.whenIdle();

    const [entry] = t.station.context.intakeLog.listQuarantine(10);
    expect(entry).toMatchObject({ reason: 'not-a-regular-file', detail: 'a symbolic link', originalName: 'consent.png', sizeBytes: 0 });
    expect(t.station.context.batches.list(10)).toEqual([]);
    // Neither scan's hash was recorded as received; the link left the folder, its target did not move.
    expect(await sha256(other)).not.toBe(entry!.sha256);
    expect(await readdir(t.dropDir)).toEqual(['.moved-away']);
    expect((await stat(other)).isFile()).toBe(true);

    // The real file, dropped again, is read and stored as itself.
    next = recorded();
    await rename(join(t.dropDir, '.moved-away'), join(t.dropDir, 'consent.png'));
    expect(await next).toMatchObject({ outcome: 'ingested' });
    await t.station.whenIdle();
    const [batch] = t.station.context.batches.list(10);
    const stored = t.station.context.batches.get(batch!.id)!;
    expect(stored.sourceFiles.map((f) => f.sha256)).toEqual([await sha256(consent)]);
    // The archived original is exactly the bytes hashed.
    const [archive] = await readdir(stationPaths(t.dataDir).originals);
    const key = (await import('../../support/station-key.js')).stationKeyFor;
    const plain = await readSealedFile(join(stationPaths(t.dataDir).originals, archive!), (await key(t.dataDir)).fileKey());
    expect(plain.equals(await readFile(consent))).toBe(true);
  });

  it('sets aside a named pipe and a link to a device at once, with a reason, without waiting on either', async () => {
    t = await openTestStation({ watch: true });
    execFileSync('mkfifo', [join(t.dropDir, 'scan-0001.tif')]);
    await symlink('/dev/zero', join(t.dropDir, 'scan-0002.pdf'));
    let seen = 0;
    const both = new Promise<void>((resolve) => {
      const off = t.station.onEvent((e) => {
        if (e.type === 'intake.recorded' && ++seen === 2) {
          off();
          resolve();
        }
      });
    });
    await both;
    await t.station.whenIdle();
    const entries = t.station.context.intakeLog.listQuarantine(10);
    expect(entries.map((e) => [e.originalName, e.reason, e.detail]).sort()).toEqual([
      ['scan-0001.tif', 'not-a-regular-file', 'a named pipe'],
      ['scan-0002.pdf', 'not-a-regular-file', 'a symbolic link'],
    ]);
    expect(entries[0]!.message).toMatch(/link, a pipe or a device/);
    expect(await readdir(t.dropDir)).toEqual([]);
    // Nothing was left half-read in the station's own folders.
    expect(await readdir(stationPaths(t.dataDir).incoming)).toEqual([]);
  });

  it('follows a link named on the command line (the operator chose it) but still reads only what it hashed', async () => {
    t = await openTestStation();
    const link = join(t.root, 'chosen.png');
    await symlink(samples.path('consent-form.png'), link);
    const result = await t.station.ingestFile(link, { removeSource: false });
    expect(result.outcome).toBe('ingested');
    const pipe = join(t.root, 'pipe.tif');
    execFileSync('mkfifo', [pipe]);
    expect(await t.station.ingestFile(pipe, { removeSource: false })).toMatchObject({ outcome: 'quarantined', reason: 'not-a-regular-file' });
  });
});
