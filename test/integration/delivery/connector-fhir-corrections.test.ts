import { describe, expect, it } from 'vitest';
import { FhirConnector } from '../../../electron/engine/delivery/connectors/fhir-connector.js';
import { type DeliveryOutcome, type DeliveryPackage } from '../../../electron/engine/delivery/delivery-package.js';
import { FhirTargetConfig } from '../../../shared/domain/delivery-targets.js';
import { type FhirPeer, isTransaction } from '../../support/fhir-peer.js';
import { fhirPeersPerTest, tempDirForFile } from '../../support/per-file-fixtures.js';
import { writePackage } from '../../unit/delivery/delivery-fixture.js';

/**
 * The FHIR connector's corrections against Medplum's FHIR engine: a replacement in one
 * transaction (relatesTo replaces, the old one marked on the version read), "entered in error"
 * alone, and both repeated after lost answers, on a server that commits transactions whole and
 * on one that (like Medplum's router itself) keeps the entries that succeeded.
 */
const dir = tempDirForFile('fhir-corrections');
/** A real FHIR engine for this test (closed after it). */
const peer = fhirPeersPerTest();
const connector = (baseUrl: string, settings: Record<string, unknown> = {}) =>
  new FhirConnector({ ...FhirTargetConfig.parse({ kind: 'fhir', id: 'ehr', baseUrl, patientIdentifierSystem: 'urn:oid:1.2.3', ...settings }), timeoutMs: 5_000 });
const signal = () => new AbortController().signal;
let n = 0;
const newPackage = () => writePackage(dir.path, `doc-${++n}-${Date.now()}`);
const receiptOf = (o: DeliveryOutcome) => (o.kind === 'delivered' ? o.receipt : `not delivered: ${o.reason}`);

/** The original delivered, and its replacement's package naming it. */
async function originalAndReplacement(c: FhirConnector): Promise<{ original: DeliveryPackage; replacement: DeliveryPackage; receipt: string }> {
  const original = await newPackage();
  const receipt = receiptOf(await c.deliver(original, signal()));
  const replacement = { ...(await newPackage()), replaces: { documentId: original.documentId, receipt, at: '2026-03-06T10:00:00.000Z' } };
  return { original, replacement, receipt };
}

const statusOf = async (fhir: FhirPeer, receipt: string) => (await fhir.documentReferences()).find((r) => `DocumentReference/${r.id}` === receipt)?.status;

describe('FHIR corrections', () => {
  it('replaces in one transaction: the new DocumentReference names the old one, which is marked entered-in-error', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl);
    const { replacement, receipt } = await originalAndReplacement(c);
    const transactions = fhir.counters.transactions;
    const outcome = await c.deliver(replacement, signal());
    expect(outcome.kind).toBe('delivered');
    expect(fhir.counters.transactions).toBe(transactions + 1);
    const created = (await fhir.documentReferences()).find((r) => `DocumentReference/${r.id}` === receiptOf(outcome))!;
    expect(created.relatesTo).toEqual([{ code: 'replaces', target: { reference: receipt } }]);
    expect(await statusOf(fhir, receipt)).toBe('entered-in-error');
    // Again (the answer was lost): nothing new is sent.
    expect(await c.deliver(replacement, signal())).toEqual(outcome);
    expect(fhir.counters.transactions).toBe(transactions + 1);
    expect(await fhir.documentReferences()).toHaveLength(2);
    expect(await fhir.orphanBinaries()).toEqual([]);
  });

  it("sets 'superseded' where the server's profile wants it", async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl, { replacedStatus: 'superseded' });
    const { replacement, receipt } = await originalAndReplacement(c);
    expect((await c.deliver(replacement, signal())).kind).toBe('delivered');
    expect(await statusOf(fhir, receipt)).toBe('superseded');
  });

  it('finds the old DocumentReference by its identifier when its receipt is unknown', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl);
    const { replacement, receipt } = await originalAndReplacement(c);
    expect((await c.deliver({ ...replacement, replaces: { ...replacement.replaces!, receipt: null } }, signal())).kind).toBe('delivered');
    expect(await statusOf(fhir, receipt)).toBe('entered-in-error');
  });

  it('on a server that keeps half a transaction, finishes the job on the next attempt without a second replacement', async () => {
    const fhir = await peer({ atomicTransactions: false });
    const c = connector(fhir.baseUrl);
    const { replacement, receipt } = await originalAndReplacement(c);
    // Someone edits the old DocumentReference while the replacing transaction waits at the server.
    fhir.delayNext(1, 800, { match: isTransaction });
    const transactions = fhir.counters.transactions;
    const first = c.deliver(replacement, signal());
    while (fhir.counters.transactions === transactions) await new Promise((r) => setTimeout(r, 10));
    const old = (await fhir.documentReferences()).find((r) => `DocumentReference/${r.id}` === receipt)!;
    const edit = await fetch(`${fhir.baseUrl}/${receipt}`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ ...old, description: 'Edited there' }) });
    expect(edit.status).toBe(200);
    const outcome = await first;
    expect(outcome).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/refused part of the transaction \(HTTP 412\)/) });
    // The replacement and its Binary arrived; the old one was not marked. The next attempt only marks it.
    expect(await statusOf(fhir, receipt)).toBe('current');
    expect((await c.deliver(replacement, signal())).kind).toBe('delivered');
    expect(fhir.counters.transactions).toBe(transactions + 1);
    const marked = (await fhir.documentReferences()).find((r) => `DocumentReference/${r.id}` === receipt)!;
    expect([marked.status, marked.description]).toEqual(['entered-in-error', 'Edited there']);
    expect(await fhir.documentReferences()).toHaveLength(2);
    expect(await fhir.orphanBinaries()).toEqual([]);
  });

  it('marks a document entered in error alone, once, however often it is asked', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl);
    const original = await newPackage();
    const receipt = receiptOf(await c.deliver(original, signal()));
    const retraction = { retractionId: 'r-1', retracted: { documentId: original.documentId, receipt, at: '2026-03-06T10:00:00.000Z' }, replacedBy: null };
    fhir.dropAfterCommitNext(1, { match: (r) => r.method === 'PUT' });
    expect((await c.retract(retraction, signal())).kind).toBe('retry');
    const puts = () => fhir.log.filter((l) => l.method === 'PUT').length;
    const before = puts();
    expect(await c.retract(retraction, signal())).toEqual({ kind: 'delivered', receipt });
    expect(puts()).toBe(before);
    expect(await statusOf(fhir, receipt)).toBe('entered-in-error');
    expect(await fhir.documentReferences()).toHaveLength(1);
  });

  it('leaves it to a person when the document to replace was removed at the server', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl);
    const { replacement } = await originalAndReplacement(c);
    const outcome = await c.deliver({ ...replacement, replaces: { ...replacement.replaces!, receipt: 'DocumentReference/not-there' } }, signal());
    expect(outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/no longer holds the document being corrected/) });
    expect(await fhir.documentReferences()).toHaveLength(1);
  });
});
