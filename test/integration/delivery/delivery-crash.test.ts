import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/index.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { openStation } from '../../../electron/engine/station.js';
import { fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { startCli } from '../../support/cli.js';
import { openTestDatabase } from '../../support/station-key.js';
import { fhirPeerForFile, stationDirForFile } from '../../support/per-file-fixtures.js';

/**
 * The station is killed with SIGKILL at random moments while it delivers 30 confirmed
 * documents to a real FHIR engine (which also drops connections after committing), and is
 * restarted each time. In the end every document is in the repository exactly once, with no
 * orphan Binary, and the outbox is empty.
 */
const DOCUMENTS = 30;
const tmp = stationDirForFile('delivery-crash');
const fhir = fhirPeerForFile();

// Thirty documents through OCR: a minute idle, more than four under load (a hang guard, not a speed target).
beforeAll(async () => {
  const station = await openStation({ dataDir: tmp.dataDir, key: tmp.key, watch: false, log: silentLogger, delivery: false, ocrWorkers: 1 });
  try {
    const patients = fakeMpi({ seed: 11, count: DOCUMENTS, lookAlikes: false });
    await importPatientsCsv(station.context.patients, [mpiCsv(patients)]);
    for (let i = 0; i < DOCUMENTS; i++) {
      const page = await renderPage({ seed: 500 + i, dpi: 100, title: 'Consent Form' });
      const file = join(tmp.path, `consent-${i}.tif`);
      await import('node:fs/promises').then((fs) => writeTiff([page.png], { compression: 'g4', dpi: 100 }).then((b) => fs.writeFile(file, b)));
      await station.ingestFile(file, { removeSource: false });
    }
    await station.whenRecognised();
    const ctx = station.context;
    const at = new Date().toISOString();
    ctx.transaction(() => {
      ctx.outbox.saveTarget('fhir', { kind: 'fhir', id: 'fhir', baseUrl: fhir.peer.baseUrl, patientIdentifierSystem: 'urn:oid:1.2.3.4' }, true, at);
      ctx.outbox.saveTarget('local-folder', { kind: 'folder', id: 'local-folder', path: join(tmp.path, 'outgoing') }, false, at);
      ctx.batches.list(100).forEach((batch, i) => {
        const [doc] = ctx.recognition.documentsOf(batch.id);
        ctx.indexing.setIndex(doc!.id, { patientMrn: patients[i]!.mrn, docTypeCode: '59284-0' }, 'Test Clerk', at);
        ctx.indexing.setStatus(doc!.id, 'confirmed', 'Test Clerk', at);
        ctx.enqueueDelivery(doc!.id, patients[i]!.mrn, null);
      });
    });
    expect(ctx.outbox.counts().pending).toBe(DOCUMENTS);
  } finally {
    await station.close();
  }
}, 600_000);

const pendingCount = () => {
  const db = openTestDatabase(tmp.dataDir, tmp.key);
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state IN ('pending', 'delivering')`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('delivery under kill -9', () => {
  it('delivers every document exactly once however often the station dies', async () => {
    fhir.peer.dropAfterCommitNext(3, { match: (r) => r.isTransaction });
    let kills = 0;
    let rounds = 0;
    while (pendingCount() > 0 && rounds < 40) {
      rounds++;
      const { child, done } = startCli(['--data-dir', tmp.dataDir, 'serve', '--port', '0', '--no-warm', '--drop-dir', join(tmp.path, 'drop')]);
      const lifetime = 400 + Math.floor(Math.random() * 1600);
      const timer = setTimeout(() => child.kill('SIGKILL'), lifetime);
      // The last rounds run to the end, so the test finishes.
      if (rounds > 12) {
        clearTimeout(timer);
        const deadline = Date.now() + 60_000;
        while (pendingCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
        child.kill('SIGTERM');
      }
      const ended = await done;
      if (ended.signal === 'SIGKILL') kills++;
    }
    await fhir.peer.idle();
    expect(pendingCount()).toBe(0);
    expect(kills).toBeGreaterThan(3);

    const refs = await fhir.peer.documentReferences();
    const ids = refs.map((r) => r.identifier?.find((i) => i.system === 'urn:chartdesk:document')?.value);
    expect(new Set(ids).size).toBe(DOCUMENTS);
    expect(refs).toHaveLength(DOCUMENTS);
    expect(await fhir.peer.orphanBinaries()).toEqual([]);

    const db = openTestDatabase(tmp.dataDir, tmp.key);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'delivered'`).get() as { n: number }).n).toBe(DOCUMENTS);
    db.close();
  }, 600_000);
});
