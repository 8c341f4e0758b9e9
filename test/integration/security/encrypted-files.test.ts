import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TamperedFileError } from '../../../electron/engine/crypto/file-cipher.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { readSealedFile } from '../../../electron/engine/storage/sealed-file.js';
import { type StationServer, startStationServer } from '../../../electron/server/http-server.js';
import { httpPaths } from '../../../shared/api/transport.js';
import { sessionCookieName } from '../../../electron/server/session-cookie.js';
import { stationKeyFor } from '../../support/station-key.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';
import { sampleSetForFile } from '../../support/per-file-fixtures.js';

const samples = sampleSetForFile();
let test: TestStation;
let server: StationServer;
beforeAll(async () => {
  test = await openTestStation();
  server = await startStationServer({ station: test.station, rendererDir: join(test.root, 'no-ui'), host: '127.0.0.1', port: 0, log: silentLogger });
});
afterAll(async () => {
  await server?.close();
  await test?.close();
});

const filesUnder = async (folder: string): Promise<string[]> => {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
};

describe('files the station keeps', () => {
  it('are encrypted: page images, thumbnails and the archived original; each opens with the key', async () => {
    const source = samples.path('letter-g4.tif');
    const result = await test.station.ingestFile(source, { removeSource: false });
    if (result.outcome !== 'ingested') throw new Error(result.outcome);
    const plain = await readFile(source);
    const key = (await stationKeyFor(test.dataDir)).fileKey();

    const stored = await filesUnder(join(test.dataDir, 'store'));
    expect(stored.length).toBeGreaterThanOrEqual(9);
    for (const file of stored) {
      const bytes = await readFile(file);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('CDX1');
      // No image signature anywhere at the start: TIFF, PNG, JPEG.
      expect([Buffer.from('II*\0'), Buffer.from('\x89PNG', 'latin1'), Buffer.from([0xff, 0xd8, 0xff])].some((m) => bytes.subarray(16, 20).includes(m))).toBe(false);
    }
    const batch = test.station.context.batches.get(result.batchId)!;
    const archive = batch.sourceFiles[0]!;
    const archived = await readFile(join(test.dataDir, 'originals', archive.id));
    expect(archived.includes(plain.subarray(0, 256))).toBe(false);
    expect((await readSealedFile(join(test.dataDir, 'originals', archive.id), key)).equals(plain)).toBe(true);
  });

  it('quarantine keeps its copy encrypted too', async () => {
    const copy = join(test.root, 'notes.pdf');
    await writeFile(copy, 'Plain text notes saved with a .pdf name by mistake');
    const quarantined = await test.station.ingestFile(copy, { removeSource: true });
    if (quarantined.outcome !== 'quarantined') throw new Error(quarantined.outcome);
    const kept = await readFile(join(test.dataDir, 'quarantine', quarantined.quarantineId));
    expect(kept.subarray(0, 4).toString('latin1')).toBe('CDX1');
    expect(kept.includes(Buffer.from('Plain text notes'))).toBe(false);
    const key = (await stationKeyFor(test.dataDir)).fileKey();
    expect((await readSealedFile(join(test.dataDir, 'quarantine', quarantined.quarantineId), key)).toString()).toContain('Plain text notes');
  });

  it('a page image altered on disk is refused as tampered, named by its id, over HTTP too', async () => {
    const [batch] = test.station.context.batches.list(10).filter((b) => b.pageCount === 3);
    const page = test.station.context.batches.get(batch!.id)!.pages[0]!;
    const image = test.station.context.batches.pageImage(page.id, 'thumb')!;
    const path = join(test.dataDir, 'store', image.sha256.slice(0, 2), image.sha256);
    const bytes = await readFile(path);
    bytes[bytes.length - 20]! ^= 0xff;
    await writeFile(path, bytes);

    const ctx = test.station.context;
    const token = await signIn(ctx);
    const announced: string[] = [];
    const stopListening = test.station.onEvent((event) => {
      if (event.type === 'storage.tampered') announced.push(event.pageId);
    });
    await expect(test.station.readPageImage(page.id, 'thumb', token)).rejects.toThrow(TamperedFileError);
    await expect(test.station.readPageImage(page.id, 'thumb', token)).rejects.toThrow(new RegExp(`stored file ${image.sha256} failed its integrity check`));

    const response = await fetch(new URL(httpPaths.pageImage(page.id, 'thumb'), server.url), { headers: { cookie: `${sessionCookieName}=${token}` } });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'tampered', message: expect.stringContaining(image.sha256) } });

    // The screens are told (they say so on the page instead of a bare "could not be loaded"), and
    // the audit trail records who met the altered file: once, however often it is asked for.
    stopListening();
    expect(announced).toEqual([page.id]);
    const found = ctx.audit.export('2000-01-01', '2100-01-01').filter((e) => e.action === 'storage-tampered');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ user: { name: 'admin' }, subject: { type: 'page', id: page.id }, details: { storedId: image.sha256 } });
    expect(ctx.audit.verify().ok).toBe(true);
  });
});

async function signIn(ctx: TestStation['station']['context']): Promise<string> {
  if (!ctx.accounts.hasAnyUser()) await ctx.accounts.createUser({ username: 'admin', displayName: 'Admin', role: 'admin', password: 'a long enough password' });
  const session = await ctx.accounts.signIn('admin', 'a long enough password');
  if (!session.ok) throw new Error('sign-in failed');
  return session.token;
}
