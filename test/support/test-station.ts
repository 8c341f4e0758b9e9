import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger } from '../../electron/engine/log/logger.js';
import { type RunningStation, type StationOptions, openStation } from '../../electron/engine/station.js';
import { type StationServer, startStationServer } from '../../electron/server/http-server.js';
import { stationKeyFor } from './station-key.js';
import { makeTempDir } from './temp-dir.js';

export interface TestStation {
  station: RunningStation;
  dataDir: string;
  dropDir: string;
  root: string;
  close(): Promise<void>;
}

/** A real station on a temp folder, with a quick completeness rule so tests do not wait seconds. */
export async function openTestStation(options: Partial<StationOptions> = {}): Promise<TestStation> {
  const tmp = await makeTempDir('station');
  const dataDir = join(tmp.path, 'data');
  const dropDir = join(tmp.path, 'drop');
  const station = await openStation({
    dataDir,
    key: await stationKeyFor(dataDir),
    dropDir,
    stationName: 'TEST-STATION',
    watch: false,
    decodeWorkers: 1,
    recognition: false,
    completeness: { stableForMs: 150, emptyStableForMs: 400 },
    pollIntervalMs: 50,
    log: silentLogger,
    ...options,
  });
  return {
    station,
    dataDir,
    dropDir,
    root: tmp.path,
    async close() {
      await station.close();
      await tmp.remove();
    },
  };
}

/**
 * The test station served over HTTP on a free loopback port, as `chartdesk serve` serves it, with
 * a one-line stand-in for the built UI (`<root>/renderer/index.html`).
 */
export async function serveTestStation(t: TestStation): Promise<StationServer> {
  const rendererDir = join(t.root, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>ChartDesk</title>');
  return startStationServer({ station: t.station, rendererDir, host: '127.0.0.1', port: 0, log: silentLogger });
}

/** Resolves with the first engine event matching the predicate (tests wait on events, never on sleeps). */
export function nextEvent<T extends { type: string }>(station: { onEvent(listener: (event: T) => void): () => void }, predicate: (event: T) => boolean, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for an engine event'));
    }, timeoutMs);
    const off = station.onEvent((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}
