import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { type RunningStation, openStation } from '../../../electron/engine/station.js';
import { drawPaperSheet, scanSheet } from '../../../scripts/samples/paper-sheets.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * Issue 12, part 2: pages judged blank from the image still get their text checked, by OCR at
 * low priority. A letter, a sheet of print faded to pale grey (too faint for the image
 * measures), another letter, and two true blanks (print showing through from the back, punch
 * holes): one grey 150-dpi TIFF, one document. OCR finds the faded words; the page goes back to
 * its document, which warns. The true blanks stay blank and keep no OCR text.
 */
const DPI = 150;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let file: string;

beforeAll(async () => {
  tmp = await makeTempDir('blank-text');
  const letter = async (seed: number, title: string) => (await renderPage({ seed, dpi: DPI, title, lines: ['Seen in clinic today.', 'Plan: continue as before.'] })).png;
  const scanned = async (kind: 'faded-print' | 'blank-bleed-through' | 'blank-punch-holes', seed: number) => scanSheet(await drawPaperSheet(kind, seed), { dpi: DPI, seed });
  const pages = [
    await letter(61, 'Clinic letter'),
    await scanned('faded-print', 62),
    await letter(63, 'Clinic letter continued'),
    await scanned('blank-bleed-through', 64),
    await scanned('blank-punch-holes', 65),
  ];
  file = join(tmp.path, 'faded.tif');
  await writeFile(file, await writeTiff(pages, { compression: 'lzw', dpi: DPI }));
}, 120_000);
afterAll(async () => tmp?.remove());

async function station(name: string, readText: boolean): Promise<RunningStation> {
  const dataDir = join(tmp.path, name);
  return openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, log: silentLogger, ocrWorkers: 1, readText });
}

/** The batch's pages in order: whether blank, its role, whether text was found after it was judged blank. */
function pagesOf(s: RunningStation, batchId: string) {
  return s.context.recognition.pagesOf(batchId).map((p) => ({ blank: p.blank, role: p.role, textOnBlank: p.textOnBlank }));
}

describe('text found on a page judged blank', () => {
  it('puts the page back in its document, which warns; true blanks stay blank', async () => {
    const s = await station('returned', true);
    try {
      const ingested = await s.ingestFile(file, { removeSource: false });
      if (ingested.outcome !== 'ingested') throw new Error(`not ingested: ${ingested.outcome}`);
      await s.whenRecognised();
      expect(pagesOf(s, ingested.batchId)).toEqual([
        { blank: false, role: 'content', textOnBlank: false },
        { blank: false, role: 'content', textOnBlank: true },
        { blank: false, role: 'content', textOnBlank: false },
        { blank: true, role: 'blank', textOnBlank: false },
        { blank: true, role: 'blank', textOnBlank: false },
      ]);
      const pageIds = s.context.recognition.pagesOf(ingested.batchId).map((p) => p.pageId);
      const [document, ...others] = s.context.recognition.documentsOf(ingested.batchId);
      expect(others).toEqual([]);
      expect(document!.pageIds).toEqual(pageIds.slice(0, 3));
      expect(s.context.recognition.ocrOf(pageIds[1]!)!.text).toMatch(/referral letter/);
      // What OCR made of the true blanks is not kept.
      for (const id of pageIds.slice(3)) expect(s.context.recognition.ocrOf(id)).toMatchObject({ status: 'done', text: '', words: [] });
      const qc = s.context.indexingService.view(document!.id)!.qc;
      expect(qc.filter((f) => f.code === 'blank-page-has-text')).toEqual([
        expect.objectContaining({ severity: 'warning', pageIds: [pageIds[1]], message: expect.stringMatching(/put back in this document/) }),
      ]);
    } finally {
      await s.close();
    }
  }, 600_000);

  it('leaves a confirmed document as it was: the page stays aside and the document warns', async () => {
    // Recognised without text first, as `chartdesk process --no-ocr` does, and confirmed.
    const first = await station('confirmed', false);
    let batchId: string;
    let documentId: string;
    try {
      const ingested = await first.ingestFile(file, { removeSource: false });
      if (ingested.outcome !== 'ingested') throw new Error(`not ingested: ${ingested.outcome}`);
      batchId = ingested.batchId;
      await first.whenRecognised();
      expect(pagesOf(first, batchId).map((p) => p.role)).toEqual(['content', 'blank', 'content', 'blank', 'blank']);
      const [document] = first.context.recognition.documentsOf(batchId);
      documentId = document!.id;
      first.context.transaction(() => first.context.indexing.setStatus(documentId, 'confirmed', 'test clerk', new Date().toISOString()));
    } finally {
      await first.close();
    }
    // The station opened again reads the text it had not read, the blank checks included.
    const second = await station('confirmed', true);
    try {
      await second.whenRecognised();
      const pageIds = second.context.recognition.pagesOf(batchId).map((p) => p.pageId);
      expect(pagesOf(second, batchId)[1]).toEqual({ blank: true, role: 'blank', textOnBlank: true });
      expect(second.context.recognition.documentsOf(batchId).map((d) => d.pageIds)).toEqual([[pageIds[0], pageIds[2]]]);
      const qc = second.context.indexingService.view(documentId)!.qc;
      expect(qc.filter((f) => f.code === 'blank-page-has-text')).toEqual([
        expect.objectContaining({ severity: 'warning', pageIds: [pageIds[1]], message: expect.stringMatching(/set aside as blank next to this document/) }),
      ]);
    } finally {
      await second.close();
    }
  }, 600_000);
});
