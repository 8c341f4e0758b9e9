import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type IntakeCrashPoint, maxInterruptedDecodes } from '../../../electron/engine/intake/file-intake.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { readSealedFile } from '../../../electron/engine/storage/sealed-file.js';
import type { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { type StationOptions, openStation } from '../../../electron/engine/station.js';
import { startCli } from '../../support/cli.js';
import { openTestDatabase, stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { sampleSetForFile } from '../../support/per-file-fixtures.js';

/**
 * A power cut can come at any moment of an ingest. The headless station is started as its own
 * process, killed with SIGKILL at each named step, and restarted: the end state must be the
 * file's pages in exactly one complete batch, the file gone from the drop folder, nothing twice.
 */
const points: IntakeCrashPoint[] = ['while-decoding', 'after-pages-stored', 'after-original-archived', 'after-rows-committed', 'after-source-removed'];

/** `chartdesk serve` as its own process, which kills itself with SIGKILL at the named point. */
const serveUntilCrash = (dataDir: string, dropDir: string, point: IntakeCrashPoint, env: NodeJS.ProcessEnv = {}) =>
  startCli(['--data-dir', dataDir, 'serve', '--port', '0', '--drop-dir', dropDir, '--settle-ms', '100', '--poll-ms', '50'], { CHARTDESK_TEST_CRASH_AT: point, ...env }).done;

/**
 * The station started again on the same folders, in this process, to see how it recovers. Its
 * watcher has looked at the drop folder once before openStation returns, so `whenIdle()` right
 * after waits for a file still there to be taken in.
 */
const restartStation = (dataDir: string, key: StationKey, dropDir: string, options: Partial<StationOptions> = {}) =>
  openStation({
    dataDir,
    key,
    dropDir,
    watch: true,
    completeness: { stableForMs: 100, emptyStableForMs: 400 },
    pollIntervalMs: 50,
    log: silentLogger,
    recognition: false,
    ...options,
  });

const samples = sampleSetForFile();

describe('an ingest killed at any step', () => {
  it.each(points)('ends complete and single after a SIGKILL %s', async (point) => {
    const tmp = await makeTempDir('crash');
    const dataDir = join(tmp.path, 'data');
    const dropDir = join(tmp.path, 'drop');
    await mkdir(dropDir, { recursive: true });
    await copyFile(samples.path('letter-g4.tif'), join(dropDir, 'box-17.tif'));

    const killed = await serveUntilCrash(dataDir, dropDir, point);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');

    // Between the kill and the restart: nothing half-written is visible.
    const key = await stationKeyFor(dataDir);
    const between = openTestDatabase(dataDir, key);
    const pagesBetween = (between.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
    expect([0, 3]).toContain(pagesBetween);
    between.close();

    const station = await restartStation(dataDir, key, dropDir);
    try {
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
    // A death while reading is forgotten once the file has its batch.
    expect(db.prepare('SELECT COUNT(*) AS n FROM decode_attempts').get()).toEqual({ n: 0 });
    db.close();
    await tmp.remove();
  });
});

describe('a file that takes the station down while it is being read', () => {
  // As in the desktop engine, where decoders are threads and one that aborts takes the engine with it.
  const threadDecoders = { CHARTDESK_TEST_DECODE_ISOLATION: 'thread' };

  it('is read again after each death, and quarantined (not read again) after three, where decoders are threads', async () => {
    const tmp = await makeTempDir('poison');
    const dataDir = join(tmp.path, 'data');
    const dropDir = join(tmp.path, 'drop');
    await mkdir(dropDir, { recursive: true });
    const dropped = join(dropDir, 'box-18.tif');
    await copyFile(samples.path('letter-g4.tif'), dropped);
    const sha256 = createHash('sha256')
      .update(await readFile(dropped))
      .digest('hex');

    // The crash point stands in for a decoder that aborts the whole engine process (as a native
    // crash in a decoder thread would in the desktop app): every start dies reading this file.
    for (let life = 1; life <= maxInterruptedDecodes; life += 1) {
      const killed = await serveUntilCrash(dataDir, dropDir, 'while-decoding', threadDecoders);
      expect(killed.signal, `life ${life}: ${killed.stderr}`).toBe('SIGKILL');
      expect(await readdir(dropDir)).toEqual(['box-18.tif']);
    }

    const key = await stationKeyFor(dataDir);
    const station = await restartStation(dataDir, key, dropDir, {
      decodeIsolation: 'thread',
      // Were the file read again, this start would die like the others.
      crashPoint: (point) => {
        if (point === 'while-decoding') throw new Error('the station read the poison file a third time');
      },
    });
    try {
      await station.whenIdle();
      expect(station.context.batches.list(10)).toEqual([]);
      const [entry, ...others] = station.context.intakeLog.listQuarantine(10);
      expect(others).toEqual([]);
      expect(entry).toMatchObject({ originalName: 'box-18.tif', reason: 'decode-interrupted', sha256 });
      expect(entry!.message).toMatch(/stopped three times while reading this file/);
      expect(entry!.detail).toBe(`the station stopped ${maxInterruptedDecodes} times while reading this file`);
      expect(await readdir(dropDir)).toEqual([]);
      // Nothing lost: the quarantined copy is the dropped file, sealed.
      const [stored] = await readdir(join(dataDir, 'quarantine'));
      const copy = await readSealedFile(join(dataDir, 'quarantine', stored!), key.fileKey());
      expect(createHash('sha256').update(copy).digest('hex')).toBe(sha256);
      // The guard's bookkeeping is cleared with the outcome, so a rescan of the pages starts fresh.
      const db = openTestDatabase(dataDir, key);
      expect(db.prepare('SELECT COUNT(*) AS n FROM decode_attempts').get()).toEqual({ n: 0 });
      db.close();
    } finally {
      await station.close();
    }
    await tmp.remove();
  });
});

describe('a station whose decoders are processes', () => {
  it('does not blame a file for the station dying while it was read: a power cut says nothing about it', async () => {
    const tmp = await makeTempDir('power-cuts');
    const dataDir = join(tmp.path, 'data');
    const dropDir = join(tmp.path, 'drop');
    await mkdir(dropDir, { recursive: true });
    await copyFile(samples.path('letter-g4.tif'), join(dropDir, 'box-19.tif'));
    for (let cut = 1; cut <= maxInterruptedDecodes; cut += 1) {
      const killed = await serveUntilCrash(dataDir, dropDir, 'while-decoding');
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
    }
    const key = await stationKeyFor(dataDir);
    const station = await restartStation(dataDir, key, dropDir);
    try {
      await station.whenIdle();
      expect(station.context.intakeLog.listQuarantine(10)).toEqual([]);
      const [batch] = station.context.batches.list(10);
      expect(station.context.batches.get(batch!.id)!.pages.map((p) => p.sourcePageNumber)).toEqual([1, 2, 3]);
    } finally {
      await station.close();
    }
    await tmp.remove();
  });
});
