import type { DocumentReference } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeliveredStation, openDeliveredStation } from '../../support/delivered-documents.js';
import { type FhirPeer, isTransaction, startFhirPeer } from '../../support/fhir-peer.js';

/**
 * A delivered document corrected through the API against a real FHIR engine (Medplum's router):
 * one transaction creates the replacement DocumentReference (relatesTo replaces) and marks the
 * old one entered-in-error; a lost answer or a change at the server in between never makes a
 * second replacement; "entered in error" without a replacement; four eyes on a correction.
 */
let peer: FhirPeer;
let s: DeliveredStation;

const SYSTEM = 'urn:chartdesk:document';
const idOf = (ref: DocumentReference) => ref.identifier?.find((i) => i.system === SYSTEM)?.value;
const byDocument = async (documentId: string) => (await peer.documentReferences()).filter((r) => idOf(r) === documentId);

beforeAll(async () => {
  peer = await startFhirPeer();
  s = await openDeliveredStation({
    pagesPerDocument: [1, 1, 1, 1],
    filedUnder: [0, 0, 1, 2],
    targets: async () => [
      {
        kind: 'fhir',
        id: 'ehr',
        baseUrl: peer.baseUrl,
        patientIdentifierSystem: 'urn:oid:1.2.3',
        documentIdentifierSystem: SYSTEM,
        attachment: 'binary',
        auth: { type: 'none' },
        timeoutMs: 10_000,
        replacedStatus: 'entered-in-error',
      },
    ],
  });
}, 300_000);

/** Review on (corrections then wait for a second reviewer, the default) or off. */
function review(required: boolean) {
  const ctx = s.test.station.context;
  ctx.transaction(() => {
    ctx.reviewGate.savePolicy({ ...ctx.reviewGate.policy(), required });
    ctx.corrections.savePolicy({ secondReviewer: true });
  });
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterAll(async () => {
  await s?.test.close();
  await peer?.close();
});

describe('correcting a document delivered to a FHIR server', () => {
  it('finds it by MRN, replaces it under the right patient after a second reviewer approves, and marks the old one', async () => {
    review(true);
    const [a, b] = s.patients;
    const original = s.documents[0]!.documentId;
    const found = await s.call('documents.find', { patient: a!.mrn }, s.tokens.reviewer);
    expect(found.documents.map((d) => [d.documentId, d.status])).toContainEqual([original, 'delivered']);
    const [oldRef] = await byDocument(original);
    expect(oldRef!.status).toBe('current');

    const started = await s.call('corrections.start', { documentId: original, reason: 'Filed under the wrong patient (found on audit).' }, s.tokens.reviewer);
    expect(started.state).toBe('open');
    const replacementId = started.replacement!.documentId;
    expect(replacementId).not.toBe(original);
    // The clerk's ordinary screens cannot change a correction.
    const clerkTry = await s.attempt('documents.setIndex', { documentId: replacementId, patientMrn: b!.mrn }, s.tokens.clerk);
    expect(clerkTry.ok ? 'ok' : clerkTry.error.code).toBe('conflict');

    await s.call('corrections.setIndex', { correctionId: started.correctionId, patientMrn: b!.mrn }, s.tokens.reviewer);
    const sent = await s.call('corrections.confirm', { correctionId: started.correctionId }, s.tokens.reviewer);
    expect(sent.state).toBe('awaiting-review');
    expect(sent.deliveries).toEqual([]);

    // Four eyes: the corrector cannot approve it; another reviewer can.
    const own = await s.attempt('review.decide', { documentId: replacementId, decision: 'approve' }, s.tokens.reviewer);
    expect(own.ok ? 'ok' : own.error.message).toMatch(/another reviewer/);
    await s.call('review.decide', { documentId: replacementId, decision: 'approve' }, s.tokens.reviewer2);
    await s.test.station.whenDelivered([replacementId]);

    const done = await s.call('corrections.get', { correctionId: started.correctionId }, s.tokens.reviewer);
    expect(done.state).toBe('delivered');
    expect(done.deliveries.map((d) => [d.targetId, d.action, d.state])).toEqual([['ehr', 'replace', 'delivered']]);
    await peer.idle();
    const [marked] = await byDocument(original);
    expect(marked!.status).toBe('entered-in-error');
    const [replacement] = await byDocument(replacementId);
    expect(replacement!.status).toBe('current');
    expect(replacement!.subject?.identifier?.value).toBe(b!.mrn);
    expect(replacement!.relatesTo).toEqual([{ code: 'replaces', target: { reference: `DocumentReference/${oldRef!.id}` } }]);
    expect(await peer.orphanBinaries()).toEqual([]);

    // The list says what happened, both ways.
    const [listed] = (await s.call('documents.find', { patient: a!.mrn }, s.tokens.reviewer)).documents.filter((d) => d.documentId === original);
    expect([listed!.status, listed!.replacedBy]).toEqual(['replaced', replacementId]);
    const [listedNew] = (await s.call('documents.find', { patient: b!.mrn }, s.tokens.reviewer)).documents.filter((d) => d.documentId === replacementId);
    expect(listedNew!.replaces).toBe(original);

    // Audited: who, why, before and after.
    const entry = s.test.station.context.db.prepare(`SELECT user_name AS user, details FROM audit_log WHERE action = 'correction-confirmed'`).get() as { user: string; details: string };
    expect(entry.user).toBe('rev1');
    expect(JSON.parse(entry.details)).toMatchObject({ reason: 'Filed under the wrong patient (found on audit).', before: { patientMrn: a!.mrn }, after: { patientMrn: b!.mrn } });
  }, 120_000);

  it('makes one replacement when the answer to the replacing transaction is lost', async () => {
    const [, , c] = s.patients;
    const original = s.documents[1]!.documentId;
    review(false);
    const started = await s.call('corrections.start', { documentId: original, reason: 'Wrong patient: label on page one.' }, s.tokens.reviewer);
    await s.call('corrections.setIndex', { correctionId: started.correctionId, patientMrn: c!.mrn }, s.tokens.reviewer);
    const transactions = peer.counters.transactions;
    peer.dropAfterCommitNext(1, { match: isTransaction });
    const sent = await s.call('corrections.confirm', { correctionId: started.correctionId }, s.tokens.reviewer);
    expect(sent.state).toBe('sending');
    await s.test.station.whenDelivered([started.replacement!.documentId]);
    await peer.idle();
    // The retry found the committed replacement: no second transaction.
    expect(peer.counters.transactions).toBe(transactions + 1);
    expect(await byDocument(started.replacement!.documentId)).toHaveLength(1);
    expect((await byDocument(original)).map((r) => r.status)).toEqual(['entered-in-error']);
    expect(await peer.orphanBinaries()).toEqual([]);
  }, 120_000);

  it('retries when the old DocumentReference changed at the server while the replacement was on its way', async () => {
    const [, , , d] = s.patients;
    review(false);
    const original = s.documents[2]!.documentId;
    const started = await s.call('corrections.start', { documentId: original, reason: 'Wrong patient.' }, s.tokens.reviewer);
    await s.call('corrections.setIndex', { correctionId: started.correctionId, patientMrn: d!.mrn }, s.tokens.reviewer);
    // Hold the replacing transaction at the server; meanwhile someone there edits the old DocumentReference.
    peer.delayNext(1, 1_500, { match: isTransaction });
    const transactions = peer.counters.transactions;
    await s.call('corrections.confirm', { correctionId: started.correctionId }, s.tokens.reviewer);
    await until('the transaction reached the server', () => peer.counters.transactions > transactions);
    const [old] = await byDocument(original);
    const edited = await fetch(`${peer.baseUrl}/DocumentReference/${old!.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ ...old, description: 'Edited at the repository' }),
    });
    expect(edited.status).toBe(200);
    await s.test.station.whenDelivered([started.replacement!.documentId]);
    await peer.idle();
    const item = s.test.station.context.outbox.forDocument(started.replacement!.documentId)[0]!;
    // The first attempt was refused whole (If-Match) and the second one read the new version.
    expect(item.attempts).toBe(2);
    expect(await byDocument(started.replacement!.documentId)).toHaveLength(1);
    const [marked] = await byDocument(original);
    expect([marked!.status, marked!.description]).toEqual(['entered-in-error', 'Edited at the repository']);
    expect(await peer.orphanBinaries()).toEqual([]);
  }, 120_000);

  it('marks a document entered in error with no replacement', async () => {
    const original = s.documents[3]!.documentId;
    const before = (await peer.documentReferences()).length;
    const retracted = await s.call('corrections.retract', { documentId: original, reason: 'Not a patient of this hospital.' }, s.tokens.reviewer);
    expect(retracted.kind).toBe('retract');
    await s.test.station.whenDelivered([retracted.correctionId]);
    const view = await s.call('corrections.get', { correctionId: retracted.correctionId }, s.tokens.reviewer);
    expect([view.state, view.original.status]).toEqual(['delivered', 'retracted']);
    await peer.idle();
    expect((await byDocument(original)).map((r) => r.status)).toEqual(['entered-in-error']);
    expect(await peer.documentReferences()).toHaveLength(before);
    // Once retracted, it cannot be corrected or retracted again.
    const again = await s.attempt('corrections.start', { documentId: original, reason: 'Second thoughts.' }, s.tokens.reviewer);
    expect(again.ok ? 'ok' : again.error.message).toMatch(/entered in error/);
  }, 120_000);
});
