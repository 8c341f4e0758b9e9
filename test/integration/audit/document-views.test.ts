import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greyPageTiff } from '../../support/hostile-files.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/** Reads through the API: a person's opening of a batch is one entry; the screen's refreshes are none. */
const PASSWORD = 'long enough password';
let t: TestStation;
let batchId: string;
let pageId: string;
beforeAll(async () => {
  t = await openTestStation();
  await t.station.call('session.createAdmin', { username: 'admin', displayName: 'Dana Records', password: PASSWORD }, null);
  const file = join(t.root, 'scan.tif');
  await writeFile(file, await greyPageTiff(420, 560, 100));
  const result = await t.station.ingestFile(file, { removeSource: false });
  if (result.outcome !== 'ingested') throw new Error(result.outcome);
  batchId = result.batchId;
  pageId = t.station.context.batches.get(batchId)!.pages[0]!.id;
});
afterAll(async () => t?.close());

const signIn = async () => {
  const signedIn = await t.station.call('session.signIn', { username: 'admin', password: PASSWORD }, null);
  return signedIn.session!.kind === 'signed-in' ? signedIn.session!.token : '';
};
const views = () => t.station.context.audit.export('2000-01-01', '2100-12-31').filter((e) => e.action === 'document-viewed');

describe('document-viewed entries', () => {
  it('are written once per opening, never by a refresh of what the session has open', async () => {
    const token = await signIn();
    const before = views().length;
    expect((await t.station.call('batches.get', { batchId, purpose: 'open' }, token)).result.ok).toBe(true);
    // Recognition progress refreshes the open batch, its page text and its images many times.
    for (let i = 0; i < 20; i++) {
      expect((await t.station.call('batches.get', { batchId, purpose: 'refresh' }, token)).result.ok).toBe(true);
      expect((await t.station.call('pages.ocr', { pageId, purpose: 'refresh' }, token)).result.ok).toBe(true);
      expect(await t.station.readPageImage(pageId, 'view', token)).not.toBeNull();
    }
    expect(
      views()
        .slice(before)
        .map((e) => [e.subject, e.details]),
    ).toEqual([[{ type: 'batch', id: batchId }, {}]]);
    // The person opens it again: another entry. Without a purpose, a read is an opening.
    await t.station.call('batches.get', { batchId }, token);
    expect(views().length - before).toBe(2);
  });

  it('record a read the session never opened, once, whatever the screen called it', async () => {
    const token = await signIn();
    const before = views().length;
    for (let i = 0; i < 5; i++) await t.station.readPageImage(pageId, 'thumb', token);
    await t.station.call('batches.get', { batchId, purpose: 'refresh' }, token);
    expect(
      views()
        .slice(before)
        .map((e) => [e.subject, e.details]),
    ).toEqual([[{ type: 'batch', id: batchId }, { part: 'page-image' }]]);
    // Signing out closes what the session had open.
    await t.station.call('session.signOut', {}, token);
    expect(t.station.context.audit.verify()).toMatchObject({ ok: true });
  });
});
