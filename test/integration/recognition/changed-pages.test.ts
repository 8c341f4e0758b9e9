import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxPagesPerFetch } from '../../../shared/api/contract.js';
import type { EngineEvent } from '../../../shared/api/events.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { type Accounts, attempt, must, signInAccounts, signedInAccount } from '../../support/station-flow.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/**
 * Recognition's events name the page they are about, and batches.getPages answers with only the
 * pages asked for, so a screen holding a 500-page batch fetches what changed, not all of it
 * (issue 17: no frame over 50 ms while scrolling a box that is being read). The partial answer
 * is the whole answer's pages, for the same caller, under the same access and audit rules.
 */
let t: TestStation;
let accounts: Accounts;
let batchId: string;
let pageIds: string[];
const progress: Extract<EngineEvent, { type: 'recognition.progress' }>[] = [];

beforeAll(async () => {
  t = await openTestStation({ recognition: true, readText: false, fastWorkers: 1 });
  t.station.onEvent((event) => {
    if (event.type === 'recognition.progress') progress.push(event);
  });
  const sheets = await Promise.all([1, 2, 3].map((seed) => renderPage({ seed, dpi: 100 })));
  const tiff = await writeTiff(
    sheets.map((s) => s.png),
    { compression: 'g4', dpi: 100 },
  );
  const file = join(t.root, 'three-pages.tif');
  await writeFile(file, tiff);
  accounts = await signInAccounts(t.station);
  const ingested = await t.station.ingestFile(file, { removeSource: false });
  if (ingested.outcome !== 'ingested') throw new Error(`not ingested: ${ingested.outcome}`);
  batchId = ingested.batchId;
  await t.station.whenRecognised();
  pageIds = t.station.context.batches.get(batchId)!.pages.map((p) => p.id);
});
afterAll(async () => t?.close());

const views = () => t.station.context.audit.export('2000-01-01', '2100-12-31').filter((e) => e.action === 'document-viewed');

describe('recognition progress and batches.getPages', () => {
  it('names the page each recognition event is about, and every page of the batch is named', () => {
    const ofBatch = progress.filter((e) => e.batchId === batchId);
    expect(ofBatch.length).toBeGreaterThanOrEqual(pageIds.length);
    for (const event of ofBatch) expect(pageIds).toContain(event.pageId);
    expect(new Set(ofBatch.map((e) => e.pageId))).toEqual(new Set(pageIds));
  });

  it('answers with only the pages asked for, as the whole batch has them, and the documents whole', async () => {
    const whole = await must(t.station, 'batches.get', { batchId, purpose: 'open' }, accounts.clerk);
    const partial = await must(t.station, 'batches.getPages', { batchId, pageIds: [pageIds[1]!], purpose: 'refresh' }, accounts.clerk);
    expect(partial.pages).toEqual([whole.pages[1]]);
    const { pages: _wholePages, ...wholeRest } = whole;
    const { pages: _partialPages, ...partialRest } = partial;
    expect(partialRest).toEqual(wholeRest);
    // A page that is not in the batch (any more) is simply not in the answer: the screen then fetches the batch whole.
    const gone = await must(t.station, 'batches.getPages', { batchId, pageIds: [pageIds[0]!, 'no-such-page'], purpose: 'refresh' }, accounts.clerk);
    expect(gone.pages.map((p) => p.id)).toEqual([pageIds[0]]);
  });

  it('refuses a caller without a session, validates what it is asked, and says when the batch does not exist', async () => {
    const code = async (input: unknown, token: string | null) => {
      const { result } = await t.station.call('batches.getPages', input, token);
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await code({ batchId, pageIds: [pageIds[0]] }, null)).toBe('not-signed-in');
    expect(await code({ batchId, pageIds: [] }, accounts.clerk)).toBe('invalid-input');
    expect(await code({ batchId, pageIds: Array.from({ length: maxPagesPerFetch + 1 }, (_, i) => `p${i}`) }, accounts.clerk)).toBe('invalid-input');
    expect(await code({ batchId, pageIds: [pageIds[0]], extra: true }, accounts.clerk)).toBe('invalid-input');
    expect(await code({ batchId, pageIds: [''] }, accounts.clerk)).toBe('invalid-input');
    expect(await code({ batchId: 'no-such-batch', pageIds: [pageIds[0]] }, accounts.clerk)).toBe('not-found');
  });

  it('is recorded as batches.get is: an opening once, a refresh of what the session has open never', async () => {
    const token = await signedInAccount(t.station, accounts.admin, { username: 'nora', displayName: 'Nora Nightshift', role: 'clerk' });
    const before = views().length;
    // A session that never opened the batch cannot read it unrecorded by calling the read a refresh.
    for (let i = 0; i < 5; i++) expect((await attempt(t.station, 'batches.getPages', { batchId, pageIds: [pageIds[i % pageIds.length]!], purpose: 'refresh' }, token)).ok).toBe(true);
    const entries = views().slice(before);
    expect(entries.map((e) => [e.subject, e.user?.name])).toEqual([[{ type: 'batch', id: batchId }, 'nora']]);
    // A person's opening is recorded again.
    await must(t.station, 'batches.getPages', { batchId, pageIds: [pageIds[0]!], purpose: 'open' }, token);
    expect(views().length - before).toBe(2);
  });
});
