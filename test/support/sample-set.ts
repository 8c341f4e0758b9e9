import { join } from 'node:path';
import type { SampleManifest } from '../../scripts/samples/sample-manifest.js';
import { generateSampleSet } from '../../scripts/samples/index.js';
import { makeTempDir } from './temp-dir.js';

/** Generates the standard sample set once per test file (seeded: a failure reproduces exactly). */
export async function sampleSet(seed = 7, dpi = 100): Promise<{ dir: string; manifest: SampleManifest; path: (name: string) => string; remove: () => Promise<void> }> {
  const tmp = await makeTempDir('samples');
  const manifest = await generateSampleSet(tmp.path, { seed, dpi });
  return { dir: tmp.path, manifest, path: (name) => join(tmp.path, name), remove: tmp.remove };
}
