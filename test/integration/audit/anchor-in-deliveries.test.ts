import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AuditAnchor, compareWithAnchor } from '../../../electron/engine/audit/audit-anchor.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { openStation } from '../../../electron/engine/station.js';
import { fakeMpi } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import { runCli } from '../../support/cli.js';
import { openTestDatabase, stationKeyFor } from '../../support/station-key.js';
import { fhirPeerForFile, tempDirForFile } from '../../support/per-file-fixtures.js';
import { ingestOneForPatient } from '../../support/station-flow.js';

/**
 * The head of the audit chain leaves the station with every delivery: a repository or an
 * import share keeps what someone who rewrites the station's database cannot reach.
 */
const tmp = tempDirForFile('anchor-deliveries');
const fhir = fhirPeerForFile();

describe('the audit chain head in deliveries', () => {
  it('travels in the JSON index file and the DocumentReference, and catches entries deleted after the delivery', async () => {
    const dataDir = join(tmp.path, 'data');
    const share = join(tmp.path, 'import-share');
    await mkdir(share);
    const key = await stationKeyFor(dataDir);
    const [patient] = fakeMpi({ seed: 8, count: 1, lookAlikes: false });
    const file = join(tmp.path, 'consent.tif');
    await writeFile(file, await writeTiff([(await renderPage({ seed: 81, dpi: 150, title: 'Consent Form' })).png], { compression: 'g4', dpi: 150 }));

    const station = await openStation({ dataDir, key, watch: false, log: silentLogger, ocrWorkers: 1, stationName: 'HIM-2' });
    let documentId: string;
    let headAfter: number;
    try {
      const ctx = station.context;
      documentId = (await ingestOneForPatient(station, patient!, file)).documentId;
      const at = new Date().toISOString();
      ctx.transaction(() => {
        ctx.outbox.saveTarget('local-folder', { kind: 'folder', id: 'local-folder', path: share }, true, at);
        ctx.outbox.saveTarget('fhir', { kind: 'fhir', id: 'fhir', baseUrl: fhir.peer.baseUrl, patientIdentifierSystem: 'urn:oid:1.2.3.4' }, true, at);
        ctx.indexing.setIndex(documentId, { patientMrn: patient!.mrn, docTypeCode: '59284-0' }, 'Test Clerk', at);
        ctx.indexing.setStatus(documentId, 'confirmed', 'Test Clerk', at);
        ctx.audit.record({ user: { id: 'u-1', name: 'clerk1' }, action: 'document-confirmed', subject: { type: 'document', id: documentId }, details: { mrn: patient!.mrn } });
        ctx.enqueueDelivery(documentId, patient!.mrn, { id: 'u-1', name: 'clerk1' });
      });
      station.context.kickDelivery();
      await station.whenDelivered([documentId]);
      expect(ctx.outbox.forDocument(documentId).map((i) => i.state)).toEqual(['delivered', 'delivered']);

      const index = JSON.parse(await readFile(join(share, `${documentId}.json`), 'utf8')) as { auditAnchor: AuditAnchor };
      expect(index.auditAnchor).toMatchObject({ format: 'chartdesk-audit-anchor/1', station: 'HIM-2', chain: ctx.audit.chainId, keyedFrom: 1 });
      // The head when the package was built: the confirmation at least, before the delivery's own entries.
      expect(index.auditAnchor.seq).toBeGreaterThanOrEqual(1);
      expect(compareWithAnchor(ctx.audit, index.auditAnchor, 'the index file').ok).toBe(true);

      const [reference] = await fhir.peer.documentReferences();
      const tag = reference!.meta?.tag?.find((t) => t.system === 'urn:chartdesk:audit-anchor');
      expect(tag?.code).toMatch(new RegExp(`^cda1-${ctx.audit.chainId}-1-\\d+-[0-9a-f]{64}$`));
      headAfter = ctx.audit.head().seq;
      expect(headAfter).toBeGreaterThan(index.auditAnchor.seq);
    } finally {
      await station.close();
    }

    // Someone deletes every entry from the confirmation on, going around the triggers.
    const confirmedAt = await (async () => {
      const db = openTestDatabase(dataDir, key, { readonly: false });
      try {
        const { seq } = db.prepare("SELECT seq FROM audit_log WHERE action = 'document-confirmed'").get() as { seq: number };
        db.exec(`DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= ${seq}`);
        return seq;
      } finally {
        db.close();
      }
    })();
    const alone = await runCli(['--data-dir', dataDir, 'audit', 'verify']);
    expect(alone.code).toBe(0);
    const anchored = await runCli(['--data-dir', dataDir, 'audit', 'verify', '--anchor', share]);
    expect(anchored.code).toBe(1);
    expect(anchored.stdout).toContain(`The audit trail ends at entry ${confirmedAt - 1}, but the anchor in ${join(share, `${documentId}.json`)}`);
    expect(anchored.stdout).toMatch(/were removed\.\n$/);
  }, 240_000);
});
