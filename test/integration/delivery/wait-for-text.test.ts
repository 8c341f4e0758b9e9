import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchDetail } from '../../../electron/engine/api/batch-view.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { type StationOptions, openStation } from '../../../electron/engine/station.js';
import { fakeMpi } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { stationDirForFile } from '../../support/per-file-fixtures.js';
import { openPdfJs } from '../output/indexed-pdf-fixtures.js';
import { ingestOneForPatient } from '../../support/station-flow.js';

/**
 * Confirmed documents leave as searchable PDFs. At volume OCR runs behind the clerk, who
 * confirms from the barcodes and the page image; the document then waits in the outbox until
 * OCR has read its pages, instead of leaving without a text layer.
 */
const tmp = stationDirForFile('wait-for-text');

const open = (options: Partial<StationOptions>) => openStation({ dataDir: tmp.dataDir, key: tmp.key, watch: false, log: silentLogger, ocrWorkers: 1, ...options });

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await openPdfJs(bytes);
  const content = await (await pdf.getPage(1)).getTextContent();
  return content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
}

describe('a document confirmed before OCR has read it', () => {
  it('waits in the outbox, says why, and goes out with its text layer', async () => {
    // The repository's import share (the station never creates it: a missing share is an outage).
    const outgoing = join(tmp.path, 'outgoing');
    await mkdir(outgoing);
    const [patient] = fakeMpi({ seed: 5, count: 1, lookAlikes: false });
    const page = await renderPage({ seed: 52, dpi: 200, title: 'Consent Form' });
    const file = join(tmp.path, 'consent.tif');
    await writeFile(file, await writeTiff([page.png], { compression: 'g4', dpi: 200 }));

    // The clerk confirms while the page's text is still to be read.
    let station = await open({ delivery: false });
    let documentId: string;
    let batchId: string;
    try {
      const ctx = station.context;
      const ingested = await ingestOneForPatient(station, patient!, file);
      batchId = ingested.batchId;
      documentId = ingested.documentId;
      const at = new Date().toISOString();
      ctx.transaction(() => {
        ctx.outbox.saveTarget('local-folder', { kind: 'folder', id: 'local-folder', path: outgoing }, true, at);
        ctx.indexing.setIndex(documentId, { patientMrn: patient!.mrn, docTypeCode: '59284-0' }, 'Test Clerk', at);
        ctx.indexing.setStatus(documentId, 'confirmed', 'Test Clerk', at);
        ctx.enqueueDelivery(documentId, patient!.mrn, null);
        // As if OCR had not got to the page yet (it runs behind at volume).
        ctx.db.prepare(`UPDATE page_recognition SET ocr_status = 'pending', ocr_text = NULL WHERE page_id = ?`).run(ingested.pageIds[0]);
        ctx.db.prepare('DELETE FROM page_words WHERE page_id = ?').run(ingested.pageIds[0]);
      });
    } finally {
      await station.close();
    }

    // The station starts again: OCR picks the page up, the sender may go from the first moment.
    station = await open({});
    try {
      const ctx = station.context;
      // OCR cannot have finished yet (its engine is still loading): the document waits, and says why.
      expect(ctx.outbox.forDocument(documentId).map((i) => [i.state, i.attempts])).toEqual([['pending', 0]]);
      expect(batchDetail(ctx, batchId, 'operator')!.documents[0]!.delivery).toMatchObject({ state: 'pending', pagesAwaitingText: 1 });
      const overview = ctx.outbox.list(['pending'], 10);
      expect(overview.map((i) => ctx.outbox.pagesAwaitingText(i.documentId))).toEqual([1]);

      await station.whenRecognised();
      await station.whenDelivered([documentId]);
      expect(ctx.outbox.forDocument(documentId).map((i) => [i.state, i.lastError])).toEqual([['delivered', null]]);
      expect(batchDetail(ctx, batchId, 'operator')!.documents[0]!.delivery).toMatchObject({ state: 'delivered', pagesAwaitingText: 0 });
    } finally {
      await station.close();
    }

    const [pdfName] = (await readdir(outgoing, { recursive: true })).filter((name) => String(name).endsWith('.pdf'));
    const text = await pdfText(await readFile(join(outgoing, String(pdfName))));
    expect(text).toMatch(/Consent/);
  }, 180_000);

  it('is read by OCR before older pages nobody is waiting for', async () => {
    const files = await Promise.all(
      [61, 62].map(async (seed) => {
        const file = join(tmp.path, `box-${seed}.tif`);
        await writeFile(file, await writeTiff([(await renderPage({ seed, dpi: 150, title: 'Progress Note' })).png], { compression: 'g4', dpi: 150 }));
        return file;
      }),
    );
    let station = await open({ delivery: false });
    const batchIds: string[] = [];
    try {
      for (const file of files) {
        const ingested = await station.ingestFile(file, { removeSource: false });
        if (ingested.outcome !== 'ingested') throw new Error(ingested.outcome);
        batchIds.push(ingested.batchId);
      }
      await station.whenRecognised();
    } finally {
      await station.close();
    }

    // A backlog: neither page read yet; the clerk confirms the newer batch's document.
    station = await open({ recognition: false, delivery: false });
    try {
      const ctx = station.context;
      const [older, newer] = batchIds.map((id) => ctx.recognition.documentsOf(id)[0]!);
      ctx.transaction(() => {
        ctx.db.prepare(`UPDATE page_recognition SET ocr_status = 'pending' WHERE page_id IN (?, ?)`).run(older!.pageIds[0], newer!.pageIds[0]);
        expect(ctx.recognition.nextOcr(1, new Set()).map((w) => w.pageId)).toEqual(older!.pageIds);
        ctx.indexing.setStatus(newer!.id, 'confirmed', 'Test Clerk', new Date().toISOString());
      });
      expect(ctx.recognition.nextOcr(2, new Set()).map((w) => w.pageId)).toEqual([newer!.pageIds[0], older!.pageIds[0]]);
    } finally {
      await station.close();
    }
  }, 180_000);
});
