import type { Patient } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { FhirPatientFeed, PatientFeedError } from '../../../electron/engine/patient-sync/fhir-patient-feed.js';
import { PatientSyncConfig } from '../../../shared/domain/patient-sync.js';
import { type FhirPeer, type FhirPeerOptions, startFhirPeer } from '../../support/fhir-peer.js';

/** Reading the Patient feed of a real FHIR engine: paging, incremental reads, and the sign-in delivery targets use. */
const peers: FhirPeer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

async function peerWithPatients(count: number, options: FhirPeerOptions = {}, header: Record<string, string> = {}): Promise<FhirPeer> {
  const peer = await startFhirPeer(options);
  peers.push(peer);
  for (let i = 0; i < count; i++) {
    const patient: Patient = { resourceType: 'Patient', identifier: [{ system: 'urn:oid:1.2.3', value: `5500000${i}` }], name: [{ family: `Family${i}`, given: ['Given'] }], gender: 'female' };
    const response = await fetch(`${peer.baseUrl}/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json', ...header }, body: JSON.stringify(patient) });
    expect(response.status).toBe(201);
  }
  return peer;
}

const feed = (baseUrl: string, settings: Record<string, unknown> = {}) => new FhirPatientFeed(PatientSyncConfig.parse({ baseUrl, ...settings }));
const signal = () => AbortSignal.timeout(20_000);
const mrns = (patients: Record<string, unknown>[]) => patients.map((p) => (p.identifier as { value: string }[])[0]!.value).sort();

describe('the FHIR Patient feed', () => {
  it('reads every page, oldest change first, and only what changed since a moment', async () => {
    const peer = await peerWithPatients(5);
    const all = await feed(peer.baseUrl, { pageSize: 2 }).changedSince(null, signal());
    expect(mrns(all)).toEqual(['55000000', '55000001', '55000002', '55000003', '55000004']);
    // Three pages of two, the last short (the server gives no next links: offsets).
    expect(peer.log.filter((l) => l.path === 'Patient' && l.method === 'GET')).toHaveLength(3);
    const since = (all[2]!.meta as { lastUpdated: string }).lastUpdated;
    const later = await feed(peer.baseUrl, { pageSize: 2 }).changedSince(since, signal());
    expect(later.length).toBeGreaterThanOrEqual(3);
    expect(later.length).toBeLessThan(5);
  });

  it('signs in with a bearer token or OAuth2 client credentials, as delivery targets do', async () => {
    const bearer = await peerWithPatients(1, { auth: { kind: 'bearer', token: 'hospital-token' } }, { authorization: 'Bearer hospital-token' });
    expect(await feed(bearer.baseUrl, { auth: { type: 'bearer', token: 'hospital-token' } }).changedSince(null, signal())).toHaveLength(1);
    await expect(feed(bearer.baseUrl, { auth: { type: 'bearer', token: 'wrong' } }).changedSince(null, signal())).rejects.toThrow(/refused ChartDesk \(HTTP 401\)/);

    const oauth = await peerWithPatients(0, { auth: { kind: 'client-credentials', clientId: 'chartdesk', clientSecret: 's3cret' } });
    const config = { auth: { type: 'client-credentials', tokenUrl: oauth.tokenUrl, clientId: 'chartdesk', clientSecret: 's3cret' } };
    expect(await feed(oauth.baseUrl, config).changedSince(null, signal())).toEqual([]);
    expect(oauth.counters.tokenRequests).toBe(1);
    const refused = feed(oauth.baseUrl, { auth: { ...config.auth, clientSecret: 'wrong' } }).changedSince(null, signal());
    await expect(refused).rejects.toBeInstanceOf(PatientFeedError);
    await expect(refused).rejects.toThrow(/patient sync settings/);
  });
});
