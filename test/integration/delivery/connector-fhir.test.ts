import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FhirConnector } from '../../../electron/engine/delivery/connectors/fhir-connector.js';
import { type DeliveryOutcome, type DeliveryPackage } from '../../../electron/engine/delivery/delivery-package.js';
import { FhirTargetConfig } from '../../../shared/domain/delivery-targets.js';
import { type FhirPeer, isSearch, isTransaction } from '../../support/fhir-peer.js';
import { itWith } from '../../support/prerequisites.js';
import { fhirPeersPerTest, tempDirForFile } from '../../support/per-file-fixtures.js';
import { expectNoPhi, fakePdf, writePackage } from '../../unit/delivery/delivery-fixture.js';

const dir = tempDirForFile('fhir-connector');

/** A real FHIR engine for this test (closed after it). */
const peer = fhirPeersPerTest();

/**
 * Settings as an administrator would write them. The time limit is generous unless a test is
 * about time limits, so a busy machine cannot turn an answer into a retry.
 */
function connector(baseUrl: string, settings: Record<string, unknown> = {}, timeoutMs = 30_000, now?: () => number): FhirConnector {
  const config = FhirTargetConfig.parse({ kind: 'fhir', id: 'ehr', baseUrl, patientIdentifierSystem: 'urn:oid:2.16.840.1.113883.3.72.5.9.1', ...settings });
  return new FhirConnector({ ...config, timeoutMs }, { now });
}

let documentCounter = 0;
const newPackage = (overrides: Parameters<typeof writePackage>[2] = {}) => writePackage(dir.path, `doc-${++documentCounter}-${Date.now()}`, overrides);
const deliver = (c: FhirConnector, pkg: DeliveryPackage) => c.deliver(pkg, new AbortController().signal);

/** What the outbox sender does: try again on 'retry' until the outcome is final. */
async function deliverUntilFinal(c: FhirConnector, pkg: DeliveryPackage, maxAttempts = 10): Promise<{ outcome: DeliveryOutcome; attempts: DeliveryOutcome[] }> {
  const attempts: DeliveryOutcome[] = [];
  for (let i = 0; i < maxAttempts; i++) {
    const outcome = await deliver(c, pkg);
    attempts.push(outcome);
    if (outcome.kind !== 'retry') return { outcome, attempts };
  }
  throw new Error(`still retrying after ${maxAttempts} attempts: ${JSON.stringify(attempts)}`);
}

/** The invariant after any sequence of attempts: one DocumentReference per document, its Binary, nothing else. */
async function expectExactlyOnce(fhir: FhirPeer, pkgs: DeliveryPackage[]): Promise<void> {
  await fhir.idle();
  const references = await fhir.documentReferences();
  for (const pkg of pkgs) {
    const mine = references.filter((r) => r.identifier?.some((i) => i.value === pkg.documentId));
    expect(mine, pkg.documentId).toHaveLength(1);
    const attachment = mine[0]!.content[0]!.attachment;
    expect(attachment.hash).toBe(Buffer.from(pkg.pdf.sha1, 'hex').toString('base64'));
    const binaryId = attachment.url!.replace(/^Binary\//, '');
    const binary = (await fhir.binaries()).find((b) => b.id === binaryId)!;
    const bytes = Buffer.from(binary.data!, 'base64');
    expect(createHash('sha1').update(bytes).digest('hex')).toBe(pkg.pdf.sha1);
    expect(bytes.length).toBe(attachment.size);
  }
  expect(references).toHaveLength(pkgs.length);
  expect(await fhir.binaries()).toHaveLength(pkgs.length);
  expect(await fhir.orphanBinaries()).toEqual([]);
}

describe('FHIR connector against a real FHIR engine', () => {
  it('provides one DocumentReference and one Binary that match the PDF, and recognises a re-delivery', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl, {
      category: { system: 'http://ihe.net/xds/connectathon/classCodes', code: 'REPORTS', display: 'Reports' },
      custodian: { display: 'Health Information Management' },
    });
    const pkg = await newPackage();

    const first = await deliver(c, pkg);
    expect(first.kind).toBe('delivered');
    const [reference] = await fhir.documentReferences();
    expect(first).toEqual({ kind: 'delivered', receipt: `DocumentReference/${reference!.id}` });
    expect(reference).toMatchObject({
      status: 'current',
      masterIdentifier: { system: 'urn:chartdesk:document', value: pkg.documentId },
      identifier: [{ system: 'urn:chartdesk:document', value: pkg.documentId }],
      type: { coding: [{ system: 'http://loinc.org', code: '18842-5', display: 'Discharge summary' }] },
      category: [{ coding: [{ code: 'REPORTS' }] }],
      subject: { identifier: { system: 'urn:oid:2.16.840.1.113883.3.72.5.9.1', value: '00123456' }, display: "O'Brien, Mary" },
      date: '2026-03-05T09:30:00.000Z',
      custodian: { display: 'Health Information Management' },
      context: { period: { start: '2026-03-04', end: '2026-03-04' }, encounter: [{ identifier: { value: 'ENC-7781' } }] },
      content: [{ attachment: { contentType: 'application/pdf', size: pkg.pdf.sizeBytes, title: pkg.index.title } }],
    });
    // The head of the station's audit chain, kept by the repository (docs/audit-trail.md).
    const { chain, keyedFrom, seq, mac } = pkg.auditAnchor;
    expect(reference!.meta?.tag).toEqual([{ system: 'urn:chartdesk:audit-anchor', code: `cda1-${chain}-${keyedFrom}-${seq}-${mac}`, display: 'ChartDesk audit trail head at delivery' }]);
    const pdf = pkg.pdf.bytes;
    const [binary] = await fhir.binaries();
    expect(binary!.contentType).toBe('application/pdf');
    expect(Buffer.from(binary!.data!, 'base64').equals(pdf)).toBe(true);
    await expectExactlyOnce(fhir, [pkg]);

    const transactions = fhir.counters.transactions;
    expect(await deliver(c, pkg)).toEqual(first);
    expect(fhir.counters.transactions).toBe(transactions);
  });

  it('can carry the PDF inline instead of in a Binary', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl, { attachment: 'inline' });
    const pkg = await newPackage();
    expect((await deliver(c, pkg)).kind).toBe('delivered');
    expect((await deliver(c, pkg)).kind).toBe('delivered');
    const references = await fhir.documentReferences();
    expect(references).toHaveLength(1);
    expect(Buffer.from(references[0]!.content[0]!.attachment.data!, 'base64').equals(pkg.pdf.bytes)).toBe(true);
    expect(await fhir.binaries()).toEqual([]);
  });

  it('retries on 5xx, 429 and 408, honouring Retry-After, and then delivers once', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl);
    const pkg = await newPackage();
    fhir.failNext(1, { status: 503, retryAfter: '7', match: isTransaction });
    fhir.failNext(1, { status: 429, retryAfter: new Date(Date.now() + 60_000).toUTCString(), match: isTransaction });
    fhir.failNext(1, { status: 408, match: isSearch });
    fhir.failNext(1, { status: 500, match: isTransaction });

    const { outcome, attempts } = await deliverUntilFinal(c, pkg);
    expect(outcome.kind).toBe('delivered');
    expect(attempts.map((a) => a.kind)).toEqual(['retry', 'retry', 'retry', 'retry', 'delivered']);
    // Each attempt searches before it sends, so the failed search comes first.
    const [a408, a503, a429, a500] = attempts as Extract<DeliveryOutcome, { kind: 'retry' }>[];
    expect(a503).toMatchObject({ retryAfterMs: 7_000 });
    expect(a503!.reason).toMatch(/^The FHIR server is having a problem \(HTTP 503\)/);
    expect(a429!.retryAfterMs).toBeGreaterThan(50_000);
    expect(a408!.reason).toContain('HTTP 408');
    expect(a500!.retryAfterMs).toBeUndefined();
    await expectExactlyOnce(fhir, [pkg]);
  });

  it('treats a commit whose answer was lost as delivered on the next attempt', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl);
    const pkg = await newPackage();
    fhir.dropAfterCommitNext(1, { match: isTransaction });

    const lost = await deliver(c, pkg);
    expect(lost.kind).toBe('retry');
    expect(lost.kind === 'retry' && lost.reason).toMatch(/^The connection to the FHIR server was lost before it answered/);
    expect(fhir.log.at(-1)).toMatchObject({ path: '', status: 'dropped' });
    expect((await fhir.documentReferences()).length).toBe(1);

    const again = await deliver(c, pkg);
    expect(again).toEqual({ kind: 'delivered', receipt: `DocumentReference/${(await fhir.documentReferences())[0]!.id}` });
    expect(fhir.counters.transactions).toBe(1);
    await expectExactlyOnce(fhir, [pkg]);
  });

  it('survives a timeout whose transaction commits after the retry has already delivered', async () => {
    const fhir = await peer();
    const pkg = await newPackage();
    // The first transaction reaches the server and is held there (a gate, not a delay, so the
    // order below holds on a busy machine); it commits only after the station gave up on it and
    // its retry has delivered.
    const held = fhir.holdNext({ match: isTransaction });
    const impatient = connector(fhir.baseUrl, {}, 1_000);

    const timedOut = await deliver(impatient, pkg);
    expect(timedOut).toEqual({ kind: 'retry', reason: 'The FHIR server did not answer within 1 s.' });
    await held.reached;
    // The search finds nothing yet, so the retry sends the transaction again and it commits first.
    expect((await deliver(connector(fhir.baseUrl), pkg)).kind).toBe('delivered');
    held.release();
    await fhir.idle();
    expect(fhir.counters.transactions).toBe(2);
    await expectExactlyOnce(fhir, [pkg]);
  });

  it('ends with exactly one DocumentReference per document and no orphan Binary under mixed faults', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl, {}, 250);
    const pkgs = await Promise.all([1, 2, 3, 4].map(() => newPackage({ pdf: fakePdf(20_000) })));
    fhir.failNext(2, { status: 502, match: isTransaction });
    fhir.dropAfterCommitNext(2, { match: isTransaction });
    fhir.delayNext(1, 500, { phase: 'after', match: isTransaction });
    fhir.failNext(1, { status: 500, match: isSearch });
    fhir.delayNext(1, 400, { phase: 'before', match: isTransaction });
    fhir.dropAfterCommitNext(1, { match: isSearch });

    let retries = 0;
    for (const pkg of pkgs) {
      const { outcome, attempts } = await deliverUntilFinal(c, pkg);
      expect(outcome.kind).toBe('delivered');
      retries += attempts.length - 1;
    }
    expect(retries).toBeGreaterThanOrEqual(6);
    await expectExactlyOnce(fhir, pkgs);
  });

  it('maps a 400 from validation to failed with the server text, and never echoes patient data', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl);
    const invalid = await newPackage({ index: { confirmedAt: 'yesterday' } });
    const refused = await deliver(c, invalid);
    expect(refused.kind).toBe('failed');
    expect(refused.kind === 'failed' && refused.reason).toBe('The FHIR server refused the document (HTTP 400): Invalid instant format');

    const pkg = await newPackage();
    fhir.failNext(1, { status: 422, text: "Patient O'Brien, Mary (MRN 00123456, born 1961-07-14) is not known here", match: isTransaction });
    const echoed = await deliver(c, pkg);
    expect(echoed.kind).toBe('failed');
    const reason = echoed.kind === 'failed' ? echoed.reason : '';
    expectNoPhi(reason, pkg);
    expect(reason).toBe('The FHIR server refused the document (HTTP 422): Patient ***, *** (MRN ***, born ***) is not known here');
    expect(await fhir.documentReferences()).toEqual([]);
    expect(await fhir.binaries()).toEqual([]);
  });

  it('refuses to replace a document already on the server with different content', async () => {
    const fhir = await peer();
    const c = connector(fhir.baseUrl);
    const pkg = await newPackage();
    expect((await deliver(c, pkg)).kind).toBe('delivered');
    const changed = await writePackage(dir.path, pkg.documentId, { pdf: fakePdf(30_000) });
    const outcome = await deliver(c, changed);
    expect(outcome).toEqual({ kind: 'failed', reason: 'The FHIR server already holds this document with different content (another PDF); ChartDesk does not replace it.' });
    expect(await fhir.binaries()).toHaveLength(1);
  });

  it('reports an unreachable server and a wrong base URL differently', async () => {
    const fhir = await peer();
    const deadUrl = fhir.baseUrl;
    // Closed here; closing it again after the test is harmless.
    await fhir.close();
    const pkg = await newPackage();
    const down = await deliver(connector(deadUrl), pkg);
    expect(down).toEqual({ kind: 'retry', reason: 'The FHIR server is not reachable (ECONNREFUSED).' });

    const live = await peer();
    const wrong = await deliver(connector(live.baseUrl.replace('/fhir/R4', '/fhir/R5')), pkg);
    expect(wrong.kind).toBe('failed');
    expect(wrong.kind === 'failed' && wrong.reason).toMatch(/no such endpoint \(HTTP 404\); check the base URL/);
  });

  describe('authorization', () => {
    it('sends a bearer token, and says what is wrong when it is missing or refused', async () => {
      const fhir = await peer({ auth: { kind: 'bearer', token: 's3cret-token' } });
      const pkg = await newPackage();
      expect(await deliver(connector(fhir.baseUrl), pkg)).toEqual({ kind: 'failed', reason: "The FHIR server requires sign-in (HTTP 401); set up authentication in the target's settings." });
      expect(await deliver(connector(fhir.baseUrl, { auth: { type: 'bearer', token: 'wrong' } }), pkg)).toEqual({
        kind: 'failed',
        reason: "The FHIR server refused ChartDesk's credentials (HTTP 401); check the target's settings.",
      });
      expect((await deliver(connector(fhir.baseUrl, { auth: { type: 'bearer', token: 's3cret-token' } }), pkg)).kind).toBe('delivered');
      await expectExactlyOnce(fhir, [pkg]);
    });

    it('gets a client-credentials token, caches it until expiry, and renews once after a 401', async () => {
      const fhir = await peer({ auth: { kind: 'client-credentials', clientId: 'chartdesk station', clientSecret: 'p@ss:word', scope: 'system/DocumentReference.write', tokenLifetimeS: 3600 } });
      let now = Date.now();
      const auth = { type: 'client-credentials', tokenUrl: fhir.tokenUrl, clientId: 'chartdesk station', clientSecret: 'p@ss:word', scope: 'system/DocumentReference.write' };
      const c = connector(fhir.baseUrl, { auth }, 30_000, () => now);
      const [a, b, d, e] = await Promise.all([1, 2, 3, 4].map(() => newPackage()));

      expect((await deliver(c, a!)).kind).toBe('delivered');
      expect((await deliver(c, b!)).kind).toBe('delivered');
      expect(fhir.counters.tokenRequests).toBe(1);

      fhir.revokeTokens();
      expect((await deliver(c, d!)).kind).toBe('delivered');
      expect(fhir.counters.tokenRequests).toBe(2);
      expect(fhir.counters.unauthorized).toBe(1);

      now += 3_600_000;
      expect((await deliver(c, e!)).kind).toBe('delivered');
      expect(fhir.counters.tokenRequests).toBe(3);
      expect(fhir.counters.unauthorized).toBe(1);
      await expectExactlyOnce(fhir, [a!, b!, d!, e!]);

      const body = connector(fhir.baseUrl, { auth: { ...auth, clientAuth: 'body' } });
      const f = await newPackage();
      expect((await deliver(body, f)).kind).toBe('delivered');

      const wrongSecret = connector(fhir.baseUrl, { auth: { ...auth, clientSecret: 'nope' } });
      expect(await deliver(wrongSecret, await newPackage())).toEqual({
        kind: 'failed',
        reason: "The sign-in server refused ChartDesk's client id, secret or scope (invalid_client); check the target's settings.",
      });
    });
  });

  describe('hospital TLS', () => {
    itWith(['openssl'], 'trusts the server only with the hospital CA file', async () => {
      const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir.path, stdio: 'pipe' });
      const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
      run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ChartDesk Test Hospital CA');
      run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
      await writeFile(join(dir.path, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
      run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
      const fhir = await peer({ tls: { key: await readFile(join(dir.path, 'server.key'), 'utf8'), cert: await readFile(join(dir.path, 'server.pem'), 'utf8') } });
      const pkg = await newPackage();

      const untrusted = await deliver(connector(fhir.baseUrl), pkg);
      expect(untrusted.kind).toBe('failed');
      expect(untrusted.kind === 'failed' && untrusted.reason).toMatch(/certificate this station does not trust \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\); add the hospital's CA/);

      expect(await deliver(connector(fhir.baseUrl, { caFile: join(dir.path, 'missing.pem') }), pkg)).toEqual({
        kind: 'failed',
        reason: `The CA certificate file ${join(dir.path, 'missing.pem')} cannot be read.`,
      });
      expect((await deliver(connector(fhir.baseUrl, { caFile: join(dir.path, 'ca.pem') }), pkg)).kind).toBe('delivered');
      await expectExactlyOnce(fhir, [pkg]);
    });
  });
});
