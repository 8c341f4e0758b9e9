import { afterAll, afterEach, beforeAll } from 'vitest';
import { type FhirPeer, type FhirPeerOptions, startFhirPeer } from './fhir-peer.js';
import { makeTempDir } from './temp-dir.js';

/**
 * Vitest hooks for what the tests of one file share. Call them at the top of a test file; they
 * register their own beforeAll/afterAll/afterEach, so a reader sees in one line what is made and
 * that it is cleaned up.
 */

/** A temp folder for the tests of a file: made before the first, removed after the last. Read `path` inside tests and hooks. */
export function tempDirForFile(label: string): { readonly path: string } {
  let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
  beforeAll(async () => {
    dir = await makeTempDir(label);
  });
  afterAll(async () => {
    await dir?.remove();
  });
  return {
    get path(): string {
      if (!dir) throw new Error(`the temp folder "${label}" is made in beforeAll: read its path inside a test or hook`);
      return dir.path;
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
