import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchDetail } from '../../../electron/engine/api/batch-view.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { openStation } from '../../../electron/engine/station.js';
import { type BoxScenario, renderBoxScenario, writeBoxScenario } from '../../../scripts/samples/box-scenario.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * The whole recognition pipeline (real worker threads, zxing, Tesseract OSD and OCR, SQLite)
 * on a generated back-scanning box, as G4 TIFF and as image-only PDF: barcodes per page, blank
 * backs, rotations, split points and the index values of each document must match the ground
 * truth the generator wrote.
 */
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
const scenarios: Partial<Record<'tiff' | 'pdf', Omit<BoxScenario, 'format'>>> = {};

beforeAll(async () => {
  tmp = await makeTempDir('box');
  const rendered = await renderBoxScenario({ seed: 21, dpi: 150, preset: 'small' });
  for (const format of ['tiff', 'pdf'] as const) {
    const written = await writeBoxScenario(rendered, format);
    scenarios[format] = { bytes: written.bytes, dpi: rendered.dpi, pages: written.pages, documents: rendered.documents };
  }
}, 120_000);
afterAll(async () => tmp?.remove());

describe.each(['tiff', 'pdf'] as const)('a scanned box as %s', (format) => {
  it('is split, set upright and indexed as its ground truth says', async () => {
    const scenario = scenarios[format]!;
    const file = join(tmp.path, `box.${format === 'tiff' ? 'tif' : 'pdf'}`);
    await writeFile(file, scenario.bytes);
    const station = await openStation({ dataDir: join(tmp.path, `data-${format}`), key: await stationKeyFor(join(tmp.path, `data-${format}`)), watch: false, log: silentLogger, ocrWorkers: 1 });
    try {
      const result = await station.ingestFile(file, { removeSource: false });
      if (result.outcome !== 'ingested') throw new Error(`not ingested: ${result.outcome}`);
      await station.whenRecognised();
      const batch = batchDetail(station.context, result.batchId, 'operator')!;
      expect(batch.pages).toHaveLength(scenario.pages.length);

      batch.pages.forEach((page, i) => {
        const truth = scenario.pages[i]!;
        const where = `page ${truth.page} (${truth.role})`;
        expect(page.recognition.fastStatus, where).toBe('done');
        expect(page.recognition.role, where).toBe(truth.role);
        expect(page.recognition.blank, where).toBe(truth.role === 'blank');
        if (truth.role !== 'blank') expect(page.recognition.rotation, where).toBe(truth.rotation);
        const found = page.recognition.barcodes.map((b) => b.text).sort();
        expect(found, where).toEqual(truth.barcodes.map((b) => b.text).sort());
      });

      const pageNumber = new Map(batch.pages.map((p) => [p.id, p.sourcePageNumber]));
      expect(
        batch.documents.map((d) => ({
          pages: d.pageIds.map((id) => pageNumber.get(id)),
          patient: d.patient ? { mrn: d.patient.mrn } : null,
          docType: d.docType?.code ?? null,
          dateOfService: d.dateOfService,
          complete: d.complete,
        })),
      ).toEqual(
        scenario.documents.map((d) => ({
          pages: d.pages,
          patient: d.patient,
          docType: d.docType?.code ?? null,
          dateOfService: d.dateOfService ?? null,
          complete: true,
        })),
      );

      // Content pages were read: every one has words; blank backs have none.
      for (const page of batch.pages) {
        const ocr = station.context.recognition.ocrOf(page.id)!;
        expect(ocr.status).toBe('done');
        if (page.recognition.role === 'content') expect(ocr.words.length, `page ${page.sourcePageNumber}`).toBeGreaterThan(5);
        if (page.recognition.role === 'blank') expect(ocr.words).toEqual([]);
      }
    } finally {
      await station.close();
    }
  }, 300_000);
});

describe('recognition after a restart', () => {
  it('resumes where it stopped and ends with the same result', async () => {
    const scenario = scenarios.tiff!;
    const file = join(tmp.path, 'resume.tif');
    await writeFile(file, scenario.bytes);
    const dataDir = join(tmp.path, 'data-resume');
    const first = await openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, log: silentLogger, ocrWorkers: 1 });
    const result = await first.ingestFile(file, { removeSource: false });
    if (result.outcome !== 'ingested') throw new Error('not ingested');
    // Stop while recognition is still running.
    await new Promise<void>((resolve) => {
      const off = first.onEvent((e) => {
        if (e.type === 'recognition.progress') {
          off();
          resolve();
        }
      });
    });
    const partial = first.context.recognition.progress(result.batchId);
    await first.close();
    expect(partial.ocrDone).toBeLessThan(partial.total);

    const second = await openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, log: silentLogger, ocrWorkers: 1 });
    try {
      await second.whenRecognised();
      const done = second.context.recognition.progress(result.batchId);
      expect(done).toMatchObject({ total: scenario.pages.length, fastDone: scenario.pages.length, ocrDone: scenario.pages.length, failed: 0 });
      expect(second.context.recognition.documentsOf(result.batchId).map((d) => d.pageIds.length)).toEqual(scenario.documents.map((d) => d.pages.length));
    } finally {
      await second.close();
    }
  }, 300_000);
});
