import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import type { BoxStatus } from '../../../shared/domain/review.js';
import type { StationStatus } from '../../../shared/domain/station.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/** Back-scanning box by box: the box set on the station is given to every new batch until changed. */
let test: TestStation;
let token: string;
beforeAll(async () => {
  test = await openTestStation();
  const admin = await test.station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: 'long enough password' }, null);
  token = admin.session!.kind === 'signed-in' ? admin.session!.token : '';
});
afterAll(async () => test?.close());

async function scan(seed: number) {
  const file = join(test.root, `scan-${seed}.tif`);
  await writeFile(file, await writeTiff([(await renderPage({ seed, dpi: 100 })).png], { compression: 'g4', dpi: 100 }));
  const result = await test.station.ingestFile(file, { removeSource: false });
  if (result.outcome !== 'ingested') throw new Error(result.outcome);
  return test.station.context.batches.summary(result.batchId)!;
}

describe('the box on the scanner', () => {
  it('files new batches under the current project and box, and stops when cleared', async () => {
    expect((await scan(1)).project).toBeNull();
    const set = await test.station.call('station.setCurrentBox', { box: { project: 'BACKSCAN-2026', box: 'BOX-0042' } }, token);
    expect(set.result.ok && (set.result.value as StationStatus).currentBox).toEqual({ project: 'BACKSCAN-2026', box: 'BOX-0042' });
    const filed = await scan(2);
    expect([filed.project, filed.box]).toEqual(['BACKSCAN-2026', 'BOX-0042']);
    const listed = await test.station.call('boxes.list', {}, token);
    expect(listed.result.ok && (listed.result.value as { boxes: BoxStatus[] }).boxes).toEqual([expect.objectContaining({ project: 'BACKSCAN-2026', box: 'BOX-0042', batches: 1, verified: false })]);

    const bad = await test.station.call('station.setCurrentBox', { box: { project: 'P\nX', box: 'B' } }, token);
    expect(bad.result.ok || bad.result.error.code).toBe('invalid-input');

    await test.station.call('station.setCurrentBox', { box: null }, token);
    expect((await scan(3)).project).toBeNull();
    expect(test.station.status().currentBox).toBeNull();
  });
});
