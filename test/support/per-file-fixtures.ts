import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { StationKey } from '../../electron/engine/crypto/station-key.js';
import { type FhirPeer, type FhirPeerOptions, startFhirPeer } from './fhir-peer.js';
import { sampleSet } from './sample-set.js';
import { stationKeyFor } from './station-key.js';
import { makeTempDir } from './temp-dir.js';

/**
 * Vitest hooks for what the tests of one file share. Call them at the top of a test file; they
 * register their own beforeAll/afterAll/afterEach, so a reader sees in one line what is made and
 * that it is cleaned up.
 */

/** Something the tests of a file share: made before the first, disposed of after the last. The getter throws when read outside a test or hook. */
function sharedByFile<T>(what: string, make: () => Promise<T>, dispose: (made: T) => Promise<void>): () => T {
  let made: T | undefined;
  beforeAll(async () => {
    made = await make();
  });
  afterAll(async () => {
    if (made !== undefined) await dispose(made);
  });
  return () => {
    if (made === undefined) throw new Error(`${what} is made in beforeAll: read it inside a test or hook`);
    return made;
  };
}

/** A temp folder for the tests of a file: made before the first, removed after the last. Read `path` inside tests and hooks. */
export function tempDirForFile(label: string): { readonly path: string } {
  const dir = sharedByFile(
    `the temp folder "${label}"`,
    () => makeTempDir(label),
    (made) => made.remove(),
  );
  return {
    get path(): string {
      return dir().path;
    },
  };
}

/** A temp folder whose `data` folder is a station's, with that station's key (kept beside it, station-key.ts), for the tests of a file. */
export function stationDirForFile(label: string): { readonly path: string; readonly dataDir: string; readonly key: StationKey } {
  const station = sharedByFile(
    `the station folder "${label}"`,
    async () => {
      const dir = await makeTempDir(label);
      const dataDir = join(dir.path, 'data');
      return { dir, dataDir, key: await stationKeyFor(dataDir) };
    },
    (made) => made.dir.remove(),
  );
  return {
    get path(): string {
      return station().dir.path;
    },
    get dataDir(): string {
      return station().dataDir;
    },
    get key(): StationKey {
      return station().key;
    },
  };
}

/** The generated sample scans for the tests of a file: made before the first, removed after the last. Read them inside tests and hooks. */
export function sampleSetForFile(): Omit<Awaited<ReturnType<typeof sampleSet>>, 'remove'> {
  const samples = sharedByFile(
    'the sample set',
    () => sampleSet(),
    (made) => made.remove(),
  );
  return {
    get dir() {
      return samples().dir;
    },
    get manifest() {
      return samples().manifest;
    },
    path: (name) => samples().path(name),
  };
}

/** One real FHIR peer for all the tests of a file: started before the first, closed after the last. Read `peer` inside tests and hooks. */
export function fhirPeerForFile(options: FhirPeerOptions = {}): { readonly peer: FhirPeer } {
  const peer = sharedByFile(
    'the FHIR peer',
    () => startFhirPeer(options),
    (made) => made.close(),
  );
  return {
    get peer(): FhirPeer {
      return peer();
    },
  };
}

/** Real FHIR peers for the tests of a file: a test starts the ones it needs (`await peer(options)`); all are closed after it. */
export function fhirPeersPerTest(): (options?: FhirPeerOptions) => Promise<FhirPeer> {
  const running: FhirPeer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.close()));
  });
  return async (options = {}) => {
    const started = await startFhirPeer(options);
    running.push(started);
    return started;
  };
}
