import type { DocumentReference, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MpiPatient } from '../../../scripts/samples/fake-mpi.js';
import type { PatientSyncStatus } from '../../../shared/domain/patient-sync.js';
import { runCli } from '../../support/cli.js';
import { type DeliveredStation, openDeliveredStation } from '../../support/delivered-documents.js';
import { type FhirPeer, isTransaction, startFhirPeer } from '../../support/fhir-peer.js';

/**
 * The patient index kept current from a real FHIR engine (Medplum's router), which is also the
 * repository the documents go to: patients are added and updated there, the station syncs
 * incrementally by _lastUpdated, and a merge made there (a Patient `link` replaced-by) reaches
 * the station: an open and a queued document follow it to the surviving patient (the clerk
 * sees why), nothing new is filed under the retired MRN, and the document already delivered
 * under it is corrected in one step: the server holds the old DocumentReference marked and the
 * new one replacing it. Also a merge file from the ADT feed, and `chartdesk patients sync`.
 */
let peer: FhirPeer;
let s: DeliveredStation;
const MRN_SYSTEM = 'urn:oid:1.2.3';
const SYSTEM = 'urn:chartdesk:document';
const ids = new Map<string, string>();

/** The same facts as the CSV extract the station was loaded with, as the hospital's FHIR server holds them. */
const patientResource = (p: MpiPatient, extra: Partial<Patient> = {}): Patient => ({
  resourceType: 'Patient',
  identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: MRN_SYSTEM, value: p.mrn }],
  name: [{ use: 'official', family: p.family, given: [p.given, ...(p.middle ? [p.middle] : [])] }],
  ...(p.birthDate ? { birthDate: p.birthDate } : {}),
  gender: p.sex,
  ...(p.phone ? { telecom: [{ system: 'phone', value: p.phone }] } : {}),
  ...(p.address ? { address: [{ text: p.address }] } : {}),
  ...extra,
});

async function fhir<T>(method: 'POST' | 'PUT' | 'GET', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${peer.baseUrl}/${path}`, { method, headers: { 'content-type': 'application/fhir+json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function putPatient(p: MpiPatient, extra: Partial<Patient> = {}): Promise<void> {
  const id = ids.get(p.mrn);
  const saved = id ? await fhir<Patient>('PUT', `Patient/${id}`, { ...patientResource(p, extra), id }) : await fhir<Patient>('POST', 'Patient', patientResource(p, extra));
  ids.set(p.mrn, saved.id!);
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sync = () => s.call('patientSync.run', {}, s.tokens.admin);
const configure = () => s.call('patientSync.save', { config: { baseUrl: peer.baseUrl, mrnSystem: MRN_SYSTEM, intervalMinutes: 30 } }, s.tokens.admin);
const refsOf = async (documentId: string) => (await peer.documentReferences()).filter((r: DocumentReference) => r.identifier?.some((i) => i.system === SYSTEM && i.value === documentId));

beforeAll(async () => {
  peer = await startFhirPeer();
  s = await openDeliveredStation({
    pagesPerDocument: [1, 1, 1],
    filedUnder: [0, 0, 0],
    leaveOpen: [1, 2],
    targets: async () => [
      {
        kind: 'fhir',
        id: 'ehr',
        baseUrl: peer.baseUrl,
        patientIdentifierSystem: MRN_SYSTEM,
        documentIdentifierSystem: SYSTEM,
        attachment: 'binary',
        auth: { type: 'none' },
        timeoutMs: 10_000,
        replacedStatus: 'entered-in-error',
      },
    ],
  });
  for (const p of s.patients) await putPatient(p);
}, 300_000);

afterAll(async () => {
  await s?.test.close();
  await peer?.close();
});

describe('patient sync from a FHIR Patient endpoint', () => {
  it('imports what changed, incrementally by _lastUpdated, and keeps a status line', async () => {
    const before = await sync();
    expect(before.error).toMatch(/not set up/);
    await configure();
    const newcomer: MpiPatient = { mrn: '77000001', family: 'Okafor', given: 'Chidi', middle: null, birthDate: '1990-02-03', sex: 'male', encounter: null, phone: null, address: null };
    await putPatient(newcomer);
    const first = await sync();
    expect(first).toMatchObject({ error: null, changed: 1, merged: 0, rejected: 0 });
    expect(first.watermark).toBeTruthy();
    expect(first.nextRunAt).toBeTruthy();
    expect((await s.call('patients.search', { query: 'Okafor' }, s.tokens.clerk)).results.map((r) => r.patient.mrn)).toEqual(['77000001']);

    // Renamed at the hospital: the next run asks only for what changed since the last one.
    const renamed = s.patients[1]!;
    await putPatient({ ...renamed, family: 'Renamed-Family' });
    const searches = peer.log.length;
    const second = await sync();
    expect(second).toMatchObject({ error: null, changed: 1 });
    expect(s.test.station.context.patients.byMrn(renamed.mrn)!.family).toBe('Renamed-Family');
    const asked = peer.log.slice(searches).filter((l) => l.method === 'GET' && l.path === 'Patient');
    expect(asked.map((l) => l.search)).toEqual([expect.stringContaining(`_lastUpdated=ge${first.watermark}`)]);
    expect(second.watermark! > first.watermark!).toBe(true);
    const view = await s.call('patientSync.get', {}, s.tokens.admin);
    expect(view.status).toMatchObject({ changed: 1, error: null });
  }, 60_000);

  it('says what went wrong in the status line when the server is down, and recovers', async () => {
    await configure();
    peer.failNext(1, { status: 503, match: (r) => r.method === 'GET' && r.path === 'Patient' });
    const failed = await sync();
    expect(failed.error).toMatch(/HTTP 503/);
    expect(failed.lastSuccessAt).not.toBe(failed.lastRunAt);
    expect((await sync()).error).toBeNull();
  }, 60_000);

  it('applies a merge made at the FHIR server: queued documents follow it, the delivered one is corrected in one step', async () => {
    await configure();
    const [retired, , , survivor] = s.patients;
    const [delivered, queued, open] = s.documents;
    // A document confirmed while the repository is down (queued), and one still open, both under the patient about to be retired.
    peer.failNext(100_000, { status: 503, match: isTransaction });
    await s.fileAndConfirm(queued!.documentId, retired!.mrn);
    await s.call('documents.setIndex', { documentId: open!.documentId, patientMrn: retired!.mrn }, s.tokens.clerk);
    // It tried and failed: an administrator holds it while the repository is down (a queued document).
    const outbox = s.test.station.context.outbox;
    await until('the first attempt failed', () => outbox.forDocument(queued!.documentId)[0]?.lastError !== null && outbox.forDocument(queued!.documentId)[0]?.state === 'pending');
    await s.call('delivery.hold', { itemId: outbox.forDocument(queued!.documentId)[0]!.id }, s.tokens.admin);

    await putPatient(retired!, { active: false, link: [{ type: 'replaced-by', other: { reference: `Patient/${ids.get(survivor!.mrn)}` } }] });
    const merged = await sync();
    expect(merged).toMatchObject({ error: null, merged: 1 });

    // The open document moved, and the clerk sees why.
    const openView = await s.call('documents.indexing', { documentId: open!.documentId }, s.tokens.clerk);
    expect(openView.index.patient?.mrn).toBe(survivor!.mrn);
    expect(openView.qc.find((f) => f.code === 'patient-merged')?.message).toMatch(new RegExp(`Moved from MRN ${retired!.mrn} to MRN ${survivor!.mrn}`));
    // Nothing new under the retired MRN: not offered, not accepted.
    expect((await s.call('patients.search', { query: retired!.mrn }, s.tokens.clerk)).results.map((r) => r.patient.mrn)).not.toContain(retired!.mrn);
    const refused = await s.attempt('documents.setIndex', { documentId: open!.documentId, patientMrn: retired!.mrn }, s.tokens.clerk);
    expect(refused.ok ? 'ok' : refused.error.message).toMatch(/was merged into MRN/);

    // Its queued delivery followed, and its PDF (which named the retired MRN) will be made again.
    expect(outbox.forDocument(queued!.documentId)[0]).toMatchObject({ state: 'held', patientMrn: survivor!.mrn, pdfSha256: null });

    // The queued one goes out under the survivor once the repository is back and it is released.
    peer.clearFaults();
    await s.call('delivery.retry', { itemId: outbox.forDocument(queued!.documentId)[0]!.id }, s.tokens.admin);
    await s.test.station.whenDelivered([queued!.documentId]);
    await peer.idle();
    expect((await refsOf(queued!.documentId)).map((r) => r.subject?.identifier?.value)).toEqual([survivor!.mrn]);

    // Nothing new leaves under the retired MRN either: a delivery of the old document to another target is stopped at send time.
    const ctx = s.test.station.context;
    const at = new Date().toISOString();
    ctx.transaction(() => {
      ctx.outbox.saveTarget('archive', { kind: 'folder', id: 'archive', path: s.test.root }, false, at);
      ctx.outbox.enqueue(delivered!.documentId, 'archive', retired!.mrn, at);
    });
    ctx.kickDelivery();
    await s.test.station.whenDelivered([delivered!.documentId]);
    expect(outbox.forDocument(delivered!.documentId).find((i) => i.targetId === 'archive')).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/was merged into MRN/) });

    // The delivered one is listed as filed under a merged MRN, and corrected in one step.
    const listed = (await s.call('documents.find', { mergedOnly: true }, s.tokens.reviewer)).documents;
    expect(listed.map((d) => [d.documentId, d.mergedInto])).toEqual([[delivered!.documentId, survivor!.mrn]]);
    const corrected = await s.call('corrections.followMerge', { documentId: delivered!.documentId }, s.tokens.reviewer);
    expect(corrected.state).toBe('sending');
    const replacement = corrected.replacement!.documentId;
    await s.test.station.whenDelivered([replacement]);
    await peer.idle();
    const [old] = await refsOf(delivered!.documentId);
    const [newer] = await refsOf(replacement);
    expect([old!.status, old!.subject?.identifier?.value]).toEqual(['entered-in-error', retired!.mrn]);
    expect(newer!.subject?.identifier?.value).toBe(survivor!.mrn);
    expect(newer!.relatesTo).toEqual([{ code: 'replaces', target: { reference: `DocumentReference/${old!.id}` } }]);
    expect(await peer.orphanBinaries()).toEqual([]);
    expect((await s.call('documents.find', { mergedOnly: true }, s.tokens.reviewer)).documents.map((d) => d.status)).toEqual(['replaced']);
  }, 120_000);

  it('applies a merge file from the ADT feed, reporting bad lines by number', async () => {
    const [, , , , a, b] = s.patients;
    const summary = await s.call(
      'patients.importMerges',
      { fileName: 'a40.csv', content: `retiredMrn,survivingMrn\r\n${a!.mrn},${b!.mrn}\r\n99999999,${b!.mrn}\r\n${a!.mrn},${b!.mrn}\r\n` },
      s.tokens.admin,
    );
    // A retired MRN the station never saw is recorded all the same: a label printed with it names the survivor.
    expect(summary).toMatchObject({ applied: 2, unchanged: 1, rejected: [] });
    const bad = await s.call('patients.importMerges', { fileName: 'a40.csv', content: `retiredMrn,survivingMrn\n${b!.mrn},88888888\n` }, s.tokens.admin);
    expect(bad.rejected).toEqual([{ line: 2, reason: 'the surviving MRN 88888888 is not in the patient index' }]);
    expect(s.test.station.context.merges.survivorOf(a!.mrn)).toBe(b!.mrn);
  }, 60_000);

  it('syncs from the command line too', async () => {
    await configure();
    await sync();
    const [, , p] = s.patients;
    await putPatient({ ...p!, given: 'Renamed-Given' });
    const run = await runCli(['--data-dir', s.test.dataDir, 'patients', 'sync', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout) as PatientSyncStatus).toMatchObject({ error: null, changed: 1 });
    expect(s.test.station.context.patients.byMrn(p!.mrn)!.given).toBe('Renamed-Given');
  }, 60_000);
});
