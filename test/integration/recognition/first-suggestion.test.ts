import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStation } from '../../../electron/engine/station.js';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/import-patients.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { stationKeyFor } from '../../support/station-key.js';
import { must, signInAccounts } from '../../support/station-flow.js';
import { type TestStation, nextEvent, openTestStation } from '../../support/test-station.js';

/**
 * The patient suggestion from a page's label commits as soon as the barcode pass has read it,
 * before orientation, skew and the upright images (issue 17: the first suggestion within 1.5 s).
 * The rest of the fast path is held here (the station's beforeFastCommit hook) until the test
 * lets it go, so "before" is a fact the test arranges, not a race it hopes to win.
 */
const [patient] = fakeMpi({ seed: 171, count: 1, lookAlikes: false });
let t: TestStation | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A gate the station's fast path waits at before committing a page's whole result. */
function fastCommitGate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { beforeFastCommit: () => opened, open };
}

/** One page with the patient's label (name, MRN, birth date and a Code128 of the MRN), as a G4 TIFF. */
async function labelledScan(root: string): Promise<string> {
  const page = await renderPage({ seed: 172, dpi: 200, label: patient! });
  const file = join(root, 'labelled.tif');
  await writeFile(file, await writeTiff([page.png], { compression: 'g4', dpi: 200 }));
  return file;
}

/** Opens the station with its fast path held, imports the patient and ingests the scan; resolves once the page's facts committed. */
async function ingestHeld(gate: ReturnType<typeof fastCommitGate>) {
  t = await openTestStation({ recognition: true, readText: false, fastWorkers: 1, beforeFastCommit: gate.beforeFastCommit });
  const station = t.station;
  await importPatientsCsv(station.context.patients, [mpiCsv([patient!])]);
  const users = await signInAccounts(station);
  const ingested = await station.ingestFile(await labelledScan(t.root), { removeSource: false });
  if (ingested.outcome !== 'ingested') throw new Error(`not ingested: ${ingested.outcome}`);
  const { batchId } = ingested;
  await nextEvent(station, (e) => e.type === 'recognition.progress' && e.batchId === batchId, 180_000);
  return { station, users, batchId };
}

describe('the first suggestion', () => {
  it('is on the indexing view (barcode and patient) before orientation, skew and the upright images exist', async () => {
    const gate = fastCommitGate();
    const { station, users, batchId } = await ingestHeld(gate);

    const [page] = station.context.recognition.pagesOf(batchId);
    expect(page).toMatchObject({ fastStatus: 'pending', rotation: null, skewDegrees: null, uprightWidth: null, blank: false });
    expect(page!.barcodes.map((b) => b.text)).toContain(patient!.mrn);
    const { documents } = await must(station, 'batches.get', { batchId }, users.clerk);
    expect(documents).toHaveLength(1);
    const view = await must(station, 'documents.indexing', { documentId: documents[0]!.id }, users.clerk);
    expect(view.evidence.mrns).toContainEqual({ value: patient!.mrn, source: 'barcode' });
    expect(view.suggestions.patients[0]?.patient.mrn).toBe(patient!.mrn);
    // Checks say the page is still being read.
    expect(view.qc.map((f) => f.code)).toContain('recognition-incomplete');

    gate.open();
    await station.whenRecognised();
    const [done] = station.context.recognition.pagesOf(batchId);
    expect(done).toMatchObject({ fastStatus: 'done', rotation: 0, blank: false });
    expect(done!.uprightWidth).toBeGreaterThan(0);
    expect(done!.barcodes.map((b) => b.text)).toEqual(page!.barcodes.map((b) => b.text));
    // The same document, still suggesting the same patient.
    const after = await must(station, 'documents.indexing', { documentId: documents[0]!.id }, users.clerk);
    expect(after.suggestions.patients[0]?.patient.mrn).toBe(patient!.mrn);
  }, 300_000);

  it('survives a stop between its two commits: the restarted station runs the rest of the fast path and keeps the suggestion', async () => {
    const gate = fastCommitGate();
    const { station, batchId } = await ingestHeld(gate);
    const documentsBefore = station.context.recognition.documentsOf(batchId);
    expect(documentsBefore).toMatchObject([{ patientMrn: patient!.mrn, patientMrnSource: 'patient-label', complete: true }]);
    expect(station.context.recognition.progress(batchId)).toMatchObject({ total: 1, fastDone: 0 });
    expect(station.context.recognition.pagesOf(batchId)).toMatchObject([{ fastStatus: 'pending', rotation: null, uprightWidth: null }]);
    // Stopped with the whole result never committed (the gate stays shut): what a crash leaves.
    await station.close();

    const dataDir = t!.dataDir;
    const restarted = await openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, log: silentLogger, readText: false, fastWorkers: 1 });
    try {
      await restarted.whenRecognised();
      expect(restarted.context.recognition.progress(batchId)).toMatchObject({ total: 1, fastDone: 1, failed: 0 });
      const [page] = restarted.context.recognition.pagesOf(batchId);
      expect(page).toMatchObject({ fastStatus: 'done', rotation: 0, blank: false, role: 'content' });
      expect(page!.uprightWidth).toBeGreaterThan(0);
      expect(page!.barcodes.map((b) => b.text)).toContain(patient!.mrn);
      expect(restarted.context.recognition.documentsOf(batchId)).toEqual(documentsBefore);
      const view = restarted.context.indexingService.view(documentsBefore[0]!.id);
      expect(view?.suggestions.patients[0]?.patient.mrn).toBe(patient!.mrn);
    } finally {
      await restarted.close();
    }
  }, 300_000);
});
