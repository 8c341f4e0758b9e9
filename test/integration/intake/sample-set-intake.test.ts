import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokenSampleFile, ScanSampleFile } from '../../../scripts/samples/sample-manifest.js';
import { ContentStore } from '../../../electron/engine/storage/content-store.js';
import { readSealedFile } from '../../../electron/engine/storage/sealed-file.js';
import { stationKeyFor } from '../../support/station-key.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';
import type { PageImage } from '../../../electron/engine/station-types.js';
import { sampleSetForFile } from '../../support/per-file-fixtures.js';

/**
 * Every generated sample goes through a real station (worker-thread decoders, real SQLite,
 * real page store) and must come out as its ground truth says: the scans as batches with
 * every page, in order, the right size and resolution; the broken files in quarantine with
 * the specific reason.
 */
const samples = sampleSetForFile();
let t: TestStation;

beforeAll(async () => {
  t = await openTestStation({ decodeWorkers: 2 });
});
afterAll(async () => {
  await t?.close();
});

describe('decoders on generated scans', () => {
  const scans = () => samples.manifest.files.filter((f): f is ScanSampleFile => f.kind === 'scan');

  it('the sample set has each kind of scan the station must read', () => {
    const kinds = scans().map((f) => `${f.format}/${f.colorMode}`);
    expect(kinds).toEqual(expect.arrayContaining(['tiff/bilevel', 'tiff/gray', 'pdf/gray', 'jpeg/gray', 'png/gray']));
  });

  it('ingests every scan with all its pages, in order, at the recorded size and resolution', async () => {
    for (const file of scans()) {
      const result = await t.station.ingestFile(samples.path(file.name), { removeSource: false });
      expect(result.outcome, file.name).toBe('ingested');
      if (result.outcome !== 'ingested') continue;
      const batch = t.station.context.batches.get(result.batchId)!;
      expect(batch.pageCount, file.name).toBe(file.pageCount);
      expect(
        batch.pages.map((p) => p.sourcePageNumber),
        file.name,
      ).toEqual(file.pages.map((_, i) => i + 1));
      expect(batch.pages.map((p) => p.sequence)).toEqual(file.pages.map((_, i) => i + 1));
      batch.pages.forEach((page, i) => {
        const truth = file.pages[i]!;
        // EXIF orientation honoured: a JPEG stored sideways comes out upright.
        expect([page.width, page.height], `${file.name} page ${i + 1}`).toEqual([truth.width, truth.height]);
        expect(page.dpi, `${file.name} page ${i + 1}`).toBeCloseTo(truth.dpi, 0);
      });
      expect(batch.sourceFiles[0]!.sha256).toBe(file.sha256);
      expect(batch.station).toBe('TEST-STATION');
      // Nobody holds the test station's scanner: the batches are unclaimed, not anyone's.
      expect(batch.operator).toBeNull();
    }
  });

  it('keeps bilevel pages bilevel: a G4 page is stored as 1-bit G4, not re-rendered to grey', async () => {
    const g4 = scans().find((f) => f.format === 'tiff' && f.colorMode === 'bilevel')!;
    const result = await t.station.ingestFile(samples.path(g4.name), { removeSource: false });
    expect(result.outcome).toBe('duplicate');
    const batch = t.station.context.batches.get(result.outcome === 'duplicate' ? result.batchId : '')!;
    for (const page of batch.pages) {
      expect(page.colorMode).toBe('bilevel');
      const master = await new ContentStore(`${t.dataDir}/store`, (await stationKeyFor(t.dataDir)).fileKey()).read(page.imageSha256);
      const meta = await sharp(master).metadata();
      expect(meta.format).toBe('tiff');
      expect(meta.bitsPerSample).toBe(1);
    }
  });

  it('serves a thumbnail and a view image for every page, only to a signed-in user', async () => {
    const batch = t.station.context.batches.list(1)[0]!;
    const page = t.station.context.batches.get(batch.id)!.pages[0]!;
    expect(await t.station.readPageImage(page.id, 'thumb', null)).toBeNull();
    await t.station.context.accounts.createUser({ username: 'clerk1', displayName: 'Clerk One', password: 'correct horse battery', role: 'clerk' });
    const signIn = await t.station.context.accounts.signIn('clerk1', 'correct horse battery');
    if (!signIn.ok) throw new Error('sign-in failed');
    const thumb = (await t.station.readPageImage(page.id, 'thumb', signIn.token)) as PageImage | null;
    const view = (await t.station.readPageImage(page.id, 'view', signIn.token)) as PageImage | null;
    const thumbMeta = await sharp(thumb!.bytes).metadata();
    const viewMeta = await sharp(view!.bytes).metadata();
    expect(thumb!.contentType).toBe('image/jpeg');
    expect(thumbMeta.width).toBeLessThanOrEqual(220);
    expect(viewMeta.width).toBe(Math.min(page.width, 1700));
  });
});

describe('quarantine of bad input', () => {
  const broken = () => samples.manifest.files.filter((f): f is BrokenSampleFile => f.kind === 'broken');

  it('covers every kind of bad input named in the issue', () => {
    expect(broken().map((f) => f.expectedProblem)).toEqual(expect.arrayContaining(['empty-file', 'truncated', 'corrupt', 'unsupported-format', 'encrypted-pdf', 'image-too-large']));
  });

  it('quarantines each broken file with its specific reason, and the station goes on', async () => {
    for (const file of broken()) {
      const result = await t.station.ingestFile(samples.path(file.name), { removeSource: false });
      expect(result.outcome, file.name).toBe('quarantined');
      if (result.outcome === 'quarantined') expect(result.reason, file.name).toBe(file.expectedProblem);
      // The next good file still goes through.
      const next = await t.station.ingestFile(samples.path('consent-form.png'), { removeSource: false });
      expect(next.outcome).toBe('duplicate');
    }
    const entries = t.station.context.intakeLog.listQuarantine(100);
    expect(entries).toHaveLength(broken().length);
    for (const entry of entries) {
      expect(entry.message.length).toBeGreaterThan(20);
      const stored = await readSealedFile(`${t.dataDir}/quarantine/${entry.id}`, (await stationKeyFor(t.dataDir)).fileKey());
      expect(stored.length).toBe(entry.sizeBytes);
    }
  });
});
