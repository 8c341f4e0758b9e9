import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodeOutcome, DecodeProgress } from '../../../electron/engine/imaging/decode-scan.js';
import type { DecodeTask } from '../../../electron/engine/imaging/decode.worker.js';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import { WorkerPool, workerScript } from '../../../electron/engine/workers/worker-pool.js';
import { manyPageTiff } from '../../support/hostile-files.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * The station's decode time limit runs per page: the decoder reports each page it stores and
 * the pool starts the limit again at each report (test/unit/workers/worker-pool.test.ts shows
 * the pool's side). Here, the real decoder in its own process: one report per page, in order,
 * before its answer, so a 500-page box gets 500 allowances and a stalled page still only one.
 */
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let pool: WorkerPool<DecodeTask, DecodeOutcome, DecodeProgress>;

beforeAll(async () => {
  tmp = await makeTempDir('decode-progress');
  pool = new WorkerPool<DecodeTask, DecodeOutcome, DecodeProgress>({
    script: workerScript(new URL('../../../electron/engine/station.ts', import.meta.url).href, './imaging/decode.worker'),
    size: 1,
    taskTimeoutMs: 120_000,
    isolation: 'process',
  });
});
afterAll(async () => {
  await pool?.close();
  await tmp?.remove();
});

describe('the decoder', () => {
  it('reports every page it stores, one by one, before it answers', async () => {
    const file = join(tmp.path, 'twelve.tif');
    await writeFile(file, await manyPageTiff(12));
    const reported: number[] = [];
    const outcome = await pool.run({ filePath: file, store: { root: join(tmp.path, 'store'), key: new Uint8Array(32).fill(7) }, limits: defaultScanLimits }, (progress) =>
      reported.push(progress.pagesStored),
    );
    expect(outcome.ok && outcome.pages.length).toBe(12);
    expect(reported).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  }, 180_000);
});
