import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { type RunningStation, type StationOptions, openStation } from '../../../electron/engine/station.js';
import { fakeMpi } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { fhirPeerForFile, stationDirForFile } from '../../support/per-file-fixtures.js';
import { ingestOneForPatient } from '../../support/station-flow.js';

/**
 * Found by the crash harness: a clerk confirms a document as soon as its barcodes are read, and
 * OCR finishes later. When the first delivery reached the repository but its answer was lost
 * (a dropped connection, a crash), the retry rendered a new PDF, now with a text layer, and
 * the repository's copy looked like different content: the delivery failed for good. A retry
 * must send the bytes the first attempt sent.
 */
const tmp = stationDirForFile('pinned-pdf');
const fhir = fhirPeerForFile();

const open = (options: Partial<StationOptions>) => openStation({ dataDir: tmp.dataDir, key: tmp.key, watch: false, log: silentLogger, ...options });

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a delivery retried after OCR finished', () => {
  it('sends the PDF of the first attempt again, and the repository holds it once', async () => {
    // A confirmed one-page document, recognised in full, queued for the FHIR peer.
    let station: RunningStation = await open({ delivery: false, ocrWorkers: 1 });
    const [patient] = fakeMpi({ seed: 3, count: 1, lookAlikes: false });
    const page = await renderPage({ seed: 31, dpi: 200, title: 'Consent Form' });
    const file = join(tmp.path, 'consent.tif');
    await writeFile(file, await writeTiff([page.png], { compression: 'g4', dpi: 200 }));
    let documentId: string;
    let pageId: string;
    let ocr: NonNullable<ReturnType<RunningStation['context']['recognition']['ocrOf']>>;
    try {
      const ingested = await ingestOneForPatient(station, patient!, file);
      const ctx = station.context;
      documentId = ingested.documentId;
      pageId = ingested.pageIds[0]!;
      ocr = ctx.recognition.ocrOf(pageId)!;
      expect(ocr.words.length).toBeGreaterThan(0);
      const at = new Date().toISOString();
      ctx.transaction(() => {
        ctx.outbox.saveTarget('fhir', { kind: 'fhir', id: 'fhir', baseUrl: fhir.peer.baseUrl, patientIdentifierSystem: 'urn:oid:1.2.3.4' }, true, at);
        ctx.outbox.saveTarget('local-folder', { kind: 'folder', id: 'local-folder', path: join(tmp.path, 'outgoing') }, false, at);
        ctx.indexing.setIndex(documentId, { patientMrn: patient!.mrn, docTypeCode: '59284-0' }, 'Test Clerk', at);
        ctx.indexing.setStatus(documentId, 'confirmed', 'Test Clerk', at);
        ctx.enqueueDelivery(documentId, patient!.mrn, null);
        // As when the clerk confirmed before OCR had finished: no text layer yet.
        ctx.db.prepare('DELETE FROM page_words WHERE page_id = ?').run(pageId);
      });
    } finally {
      await station.close();
    }

    // The first attempt commits at the repository; the answer never arrives.
    fhir.peer.dropAfterCommitNext(1, { match: (r) => r.isTransaction });
    station = await open({ recognition: false, deliveryBackoff: { baseMs: 60_000, maxMs: 60_000 } });
    try {
      await until('the first attempt is recorded', () => station.context.outbox.forDocument(documentId)[0]?.attempts === 1 && station.context.outbox.forDocument(documentId)[0]?.state === 'pending');
    } finally {
      await station.close();
    }
    expect(await fhir.peer.documentReferences()).toHaveLength(1);

    // Meanwhile OCR finished: a PDF rendered now would carry a text layer.
    station = await open({ recognition: false });
    try {
      const ctx = station.context;
      ctx.transaction(() =>
        ctx.recognition.recordOcr(pageId, { ok: true, kind: 'ocr', text: ocr.text ?? '', meanConfidence: ocr.confidence ?? 0, words: ocr.words, millis: 1 }, new Date().toISOString()),
      );
      const item = ctx.outbox.forDocument(documentId)[0]!;
      ctx.transaction(() => ctx.outbox.release(item.id, new Date().toISOString()));
      ctx.kickDelivery();
      await station.whenDelivered([documentId]);
      expect(ctx.outbox.forDocument(documentId).map((i) => [i.state, i.lastError])).toEqual([['delivered', null]]);
    } finally {
      await station.close();
    }
    await fhir.peer.idle();
    expect(await fhir.peer.documentReferences()).toHaveLength(1);
    expect(await fhir.peer.orphanBinaries()).toEqual([]);
  }, 180_000);
});
