import { readdir, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../electron/engine/audit/audit-log.js';
import type { ProcessReport } from '../../../electron/cli/commands/process-command.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { type RunningStation, openStation } from '../../../electron/engine/station.js';
import { coverSheetSpec, separatorSheetSpec } from '../../../scripts/samples/capture-sheets.js';
import { LOOK_ALIKES, fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import type { ApiResult } from '../../../shared/api/result.js';
import { runCli } from '../../support/cli.js';
import { greyPageTiff } from '../../support/hostile-files.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * "Done when" of issue 13, part 2: a fresh station used through the command line and through the
 * API the screens use. Every change is in the trail, and names a person or the operating-system
 * account that ran the command; only the station's own work (a delivery's outcome) names nobody.
 */
const PASSWORD = 'long enough password';
const DPI = 200;
const { maryOBrien } = LOOK_ALIKES;
const osAccount = `cli:${userInfo().username}@${hostname()}`;
/** What the station does by itself: no person made these happen. */
const STATIONS_OWN = new Set(['delivery-delivered', 'delivery-failed', 'sign-in-failed', 'account-locked']);

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let dataDir: string;
let station: RunningStation | null = null;
beforeAll(async () => {
  tmp = await makeTempDir('complete-trail');
  dataDir = join(tmp.path, 'data');
  await writeFile(join(tmp.path, 'mpi.csv'), mpiCsv(fakeMpi({ seed: 5, count: 40 })));
  // Two documents: a discharge summary behind its cover sheet (filed by the batch run), then after
  // a separator a note with no identifier at all (left for a clerk).
  const { payload: _payload, ...cover } = coverSheetSpec({ mrn: maryOBrien.mrn, docTypeCode: '18842-5', dateOfService: '2026-03-04', patientName: "O'Brien, Mary" });
  const pages = await Promise.all([
    renderPage({ ...cover, seed: 11, dpi: DPI }),
    renderPage({ seed: 12, dpi: DPI, title: 'Discharge Summary', patient: maryOBrien }),
    renderPage({ ...separatorSheetSpec(), seed: 13, dpi: DPI }),
    renderPage({ seed: 14, dpi: DPI, title: 'Telephone note', lines: ['Called back about the results; no change to the plan.'] }),
  ]);
  await writeFile(
    join(tmp.path, 'night-run.tif'),
    await writeTiff(
      pages.map((p) => p.png),
      { compression: 'g4', dpi: DPI },
    ),
  );
}, 120_000);
afterAll(async () => {
  await station?.close();
  await tmp?.remove();
});

const cli = async (...args: string[]) => {
  const run = await runCli(['--data-dir', dataDir, ...args], { CHARTDESK_NEW_PASSWORD: PASSWORD });
  expect(run.code, `${args.join(' ')}:\n${run.stderr}`).toBe(0);
  return run;
};

async function call<M extends MethodName>(method: M, input: MethodInput<M>, token: string | null): Promise<MethodOutput<M>> {
  const { result } = await station!.call(method, input, token);
  const value = result as ApiResult<MethodOutput<M>>;
  if (!value.ok) throw new Error(`${method}: ${value.error.message}`);
  return value.value;
}
async function signIn(username: string): Promise<string> {
  const signedIn = await station!.call('session.signIn', { username, password: PASSWORD }, null);
  if (signedIn.session?.kind !== 'signed-in') throw new Error(`${username} could not sign in`);
  return signedIn.session.token;
}

describe('the audit trail of a fresh station', () => {
  it('holds every change made at the command line and through the screens, each naming who made it', async () => {
    // A site sets up with the command line: patient index and administrator. The trail has them.
    await cli('patients', 'import', join(tmp.path, 'mpi.csv'));
    await cli('users', 'add', '--username', 'records.admin', '--name', 'Dana Records', '--role', 'admin');
    const verified = await cli('audit', 'verify');
    expect(verified.stdout).toMatch(/^Audit trail intact: 2 entries\b/);

    // A cover sheet printed, a night batch run delivered to a folder, the trail exported.
    await cli('coversheet', '--mrn', maryOBrien.mrn, '--doctype', '18842-5', '--name', "O'Brien, Mary", '--out', join(tmp.path, 'sheet.pdf'));
    const run = await cli(
      'process',
      join(tmp.path, 'night-run.tif'),
      '--out',
      join(tmp.path, 'out'),
      '--patients',
      join(tmp.path, 'mpi.csv'),
      '--deliver',
      `folder:${join(tmp.path, 'central')}`,
      '--json',
    );
    const documents = (JSON.parse(run.stdout) as ProcessReport).files[0]!.documents!;
    expect(documents.map((d) => d.delivered)).toEqual([true, false]);
    const leftForClerk = documents[1]!.documentId!;
    await cli('audit', 'export', '--from', '2000-01-01', '--to', '2100-12-31', '--out', join(tmp.path, 'audit.csv'));

    // Then the station, used through its API as the screens use it.
    station = await openStation({ dataDir, key: await stationKeyFor(dataDir), watch: false, recognition: false, log: silentLogger, retentionTimer: false });
    const admin = await signIn('records.admin');
    await call('users.create', { username: 'carol', displayName: 'Carol Clerk', role: 'clerk', password: PASSWORD }, admin);
    await call('settings.saveReview', { policy: { required: false, samplePercent: 10, afterRejectionDocuments: 5 } }, admin);
    const carol = await signIn('carol');
    await call('scanner.claim', {}, carol);
    const scan = join(tmp.path, 'desk-scan.tif');
    await writeFile(scan, await greyPageTiff(500, 640, 100));
    expect((await station.ingestFile(scan, { removeSource: false })).outcome).toBe('ingested');
    expect((await station.ingestFile(join(tmp.path, 'night-run.tif'), { removeSource: false })).outcome).toBe('duplicate');
    const broken = join(tmp.path, 'broken.pdf');
    await writeFile(broken, '%PDF-1.7 truncated');
    expect((await station.ingestFile(broken, { removeSource: false })).outcome).toBe('quarantined');

    // Carol indexes the note the batch run could not, and confirms it; the station delivers it.
    const opened = await call('documents.indexing', { documentId: leftForClerk, purpose: 'open' }, carol);
    expect(opened.status).toBe('open');
    await call('documents.setIndex', { documentId: leftForClerk, patientMrn: maryOBrien.mrn, docTypeCode: '11506-3', dateOfService: '2026-03-05' }, carol);
    await call('documents.confirm', { documentId: leftForClerk }, carol);
    await station.whenDelivered([leftForClerk]);
    // The station's own target, made by the first run on this data folder.
    expect((await readdir(`${dataDir}-outgoing`)).filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
    await call('reports.csv', { table: 'work-by-operator', from: '2026-01-01', to: '2026-12-31' }, admin);
    await call('session.signOut', {}, carol);
    const trail = station.context.audit.export('2000-01-01', '2100-12-31');
    await station.close();
    station = null;

    // Every change names a person or an OS account; the station's own work names nobody.
    const nameless = trail.filter((e) => e.user === null && !STATIONS_OWN.has(e.action));
    expect(nameless.map((e) => e.action)).toEqual([]);
    const by = (e: AuditEntry) => e.user?.name ?? '(station)';
    const seen = new Map<string, Set<string>>();
    for (const e of trail) seen.set(e.action, (seen.get(e.action) ?? new Set()).add(by(e)));
    const who = (action: string) => [...(seen.get(action) ?? [])].sort();
    // The command line, as the OS account that ran it.
    expect(who('patients-imported')).toEqual([osAccount]);
    expect(who('cover-sheet-printed')).toEqual([osAccount]);
    expect(who('documents-exported')).toEqual([osAccount]);
    expect(who('audit-exported')).toEqual([osAccount]);
    // Both: accounts, intake, index values, confirmations, deliveries queued, settings.
    expect(who('user-created')).toEqual([osAccount, 'records.admin'].sort());
    expect(who('file-received')).toEqual(['carol', osAccount].sort());
    expect(who('index-changed')).toEqual(['carol', osAccount].sort());
    expect(who('document-confirmed')).toEqual(['carol', osAccount].sort());
    expect(who('delivery-queued')).toEqual(['carol', osAccount].sort());
    expect(who('settings-changed')).toEqual([osAccount, 'records.admin'].sort());
    // The screens: duplicates and quarantined files for the scanner's holder, views, exports, the scanner.
    expect(who('file-duplicate')).toEqual(['carol']);
    expect(who('file-quarantined')).toEqual(['carol']);
    expect(who('document-viewed')).toEqual(['carol']);
    expect(who('report-exported')).toEqual(['records.admin']);
    expect(who('scanner-claimed')).toEqual(['carol']);
    expect(who('scanner-released')).toEqual(['carol']);
    // The station itself delivered both documents.
    expect(who('delivery-delivered')).toEqual(['(station)']);
    expect(trail.filter((e) => e.action === 'delivery-delivered')).toHaveLength(2);
    // A cover sheet names its patient by MRN, never by name.
    const sheet = trail.find((e) => e.action === 'cover-sheet-printed')!;
    expect(sheet.subject).toEqual({ type: 'patient', id: maryOBrien.mrn });
    expect(JSON.stringify(sheet.details)).not.toMatch(/O'Brien|Mary/);

    // The chain over all of it still verifies, from the command line.
    const after = await cli('audit', 'verify');
    expect(after.stdout).toMatch(/^Audit trail intact: \d+ entries\b/);
    expect(Number(/(\d+) entries/.exec(after.stdout)![1])).toBe(trail.length);
  }, 600_000);
});
