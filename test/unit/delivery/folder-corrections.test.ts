import { readdir, readFile, stat } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderConnector } from '../../../electron/engine/delivery/connectors/folder-connector.js';
import { type DeliveryPackage } from '../../../electron/engine/delivery/delivery-package.js';
import { FolderTargetConfig } from '../../../shared/domain/delivery-targets.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { writePackage } from './delivery-fixture.js';

/**
 * Corrections in an import folder: the replacement's PDF and index file (naming what it
 * replaces), then a retraction record for the replaced document; "entered in error" alone; both
 * idempotent, in the JSON and the delimited layouts.
 */
let work: { path: string; remove: () => Promise<void> };
let share: string;
beforeEach(async () => {
  work = await makeTempDir('folder-corrections');
  share = join(work.path, 'import');
  await mkdir(share);
});
afterEach(async () => work.remove());

const connector = (settings: Record<string, unknown> = {}) => new FolderConnector(FolderTargetConfig.parse({ kind: 'folder', id: 'him', path: share, ...settings }));
const signal = () => new AbortController().signal;
const at = '2026-03-06T10:00:00.000Z';

async function replacementOf(original: DeliveryPackage): Promise<DeliveryPackage> {
  return { ...(await writePackage(work.path, 'doc-0002')), replaces: { documentId: original.documentId, receipt: join(share, `${original.documentId}.json`), at } };
}

describe('folder corrections', () => {
  it('writes the replacement naming the old document, then a retraction record for the old one; again changes nothing', async () => {
    const c = connector();
    const original = await writePackage(work.path, 'doc-0001');
    await c.deliver(original, signal());
    const replacement = await replacementOf(original);
    expect(await c.deliver(replacement, signal())).toEqual({ kind: 'delivered', receipt: join(share, 'doc-0002.json') });
    expect((await readdir(share)).sort()).toEqual(['doc-0001-retraction.json', 'doc-0001.json', 'doc-0001.pdf', 'doc-0002.json', 'doc-0002.pdf']);
    expect(JSON.parse(await readFile(join(share, 'doc-0002.json'), 'utf8'))).toMatchObject({ documentId: 'doc-0002', replaces: { documentId: 'doc-0001' } });
    expect(JSON.parse(await readFile(join(share, 'doc-0001-retraction.json'), 'utf8'))).toEqual({
      documentId: 'doc-0001',
      action: 'retract',
      status: 'entered-in-error',
      replacedBy: 'doc-0002',
      retractedAt: at,
    });
    // The replacement arrives whole before the retraction record: an import processor never sees the old one withdrawn with nothing in its place.
    const [pdf, index, record] = await Promise.all(['doc-0002.pdf', 'doc-0002.json', 'doc-0001-retraction.json'].map((f) => stat(join(share, f))));
    expect(pdf!.mtimeMs).toBeLessThanOrEqual(index!.mtimeMs);
    expect(index!.mtimeMs).toBeLessThanOrEqual(record!.mtimeMs);
    const written = record!.mtimeMs;
    expect((await c.deliver(replacement, signal())).kind).toBe('delivered');
    expect((await stat(join(share, 'doc-0001-retraction.json'))).mtimeMs).toBe(written);
  });

  it('writes "entered in error" alone as a retraction record, in the delimited layout too', async () => {
    const c = connector({ index: { format: 'delimited', delimiter: '|', extension: 'idx', lineEnding: 'lf', columns: ['documentId', 'mrn', 'replacesDocumentId'] } });
    const original = await writePackage(work.path, 'doc-0001');
    await c.deliver(original, signal());
    const outcome = await c.retract({ retractionId: 'r1', retracted: { documentId: 'doc-0001', receipt: null, at }, replacedBy: null }, signal());
    expect(outcome).toEqual({ kind: 'delivered', receipt: join(share, 'doc-0001-retraction.idx') });
    expect(await readFile(join(share, 'doc-0001-retraction.idx'), 'utf8')).toBe(`documentId|action|status|replacedBy|retractedAt\ndoc-0001|retract|entered-in-error||${at}\n`);
    // A replacement's index file carries the id it replaces in its column.
    const replacement = await replacementOf(original);
    await c.deliver(replacement, signal());
    expect(await readFile(join(share, 'doc-0002.idx'), 'utf8')).toBe('documentId|mrn|replacesDocumentId\ndoc-0002|00123456|doc-0001\n');
  });
});
