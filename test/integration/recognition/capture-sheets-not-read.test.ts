import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchDetail } from '../../../electron/engine/api/batch-view.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { separateBatch } from '../../../electron/engine/separation/separate-batch.js';
import { openStation } from '../../../electron/engine/station.js';
import { defaultSeparationRules } from '../../../shared/domain/separation-rules.js';
import { renderBoxScenario, writeBoxScenario } from '../../../scripts/samples/box-scenario.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * Separator and cover sheets carry everything they say in their barcodes and belong to no
 * document: full OCR of them is a second or more of CPU a sheet spent on text nothing uses.
 */
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('sheets');
}, 60_000);
afterAll(async () => tmp?.remove());

describe('capture sheets in a scanned box', () => {
  it('are not read for text, the content pages are, and a sheet that stops being one is read after all', async () => {
    const rendered = await renderBoxScenario({ seed: 21, dpi: 150, preset: 'small' });
    const written = await writeBoxScenario(rendered, 'tiff');
    const file = join(tmp.path, 'box.tif');
    await writeFile(file, written.bytes);
    const dataDir = join(tmp.path, 'data');
    const station = await openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, log: silentLogger, ocrWorkers: 1 });
    try {
      const result = await station.ingestFile(file, { removeSource: false });
      if (result.outcome !== 'ingested') throw new Error(`not ingested: ${result.outcome}`);
      await station.whenRecognised();
      const batch = batchDetail(station.context, result.batchId, 'operator')!;
      const roles = batch.pages.map((p) => p.recognition.role);
      expect(roles).toContain('separator');
      expect(roles).toContain('cover');

      const ocr = station.context.recognition;
      for (const page of batch.pages) {
        const read = ocr.ocrOf(page.id)!;
        const where = `page ${page.sourcePageNumber} (${page.recognition.role})`;
        expect(read.status, where).toBe('done');
        if (page.recognition.role === 'separator' || page.recognition.role === 'cover') {
          expect(read.text, where).toBeNull();
          expect(read.words, where).toEqual([]);
        } else if (page.recognition.role === 'content') {
          expect(read.text?.trim().length, where).toBeGreaterThan(20);
        }
      }

      // The station's separator value changes: the sheet is content now, and its text is wanted.
      const separator = batch.pages.find((p) => p.recognition.role === 'separator')!;
      const rules = { ...defaultSeparationRules, separatorValues: ['SOMETHING-ELSE'] };
      station.context.db.transaction(() => ocr.replaceDocuments(result.batchId, separateBatch(ocr.pageFacts(result.batchId), rules), new Date().toISOString()))();
      expect(ocr.ocrOf(separator.id)!.status).toBe('pending');
    } finally {
      await station.close();
    }
  }, 600_000);
});
