import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ApiResult } from '../../shared/api/result.js';
import type { RunningStation } from '../../electron/engine/station.js';
import { importPatientsCsv } from '../../electron/engine/indexing/patient-index/index.js';
import { type MpiPatient, mpiCsv } from '../../scripts/samples/fake-mpi.js';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';

export const FLOW_PASSWORD = 'a long enough password';

export interface Accounts {
  admin: string;
  clerk: string;
  reviewer: string;
}

/** The first administrator, a clerk and a reviewer, each signed in: their session tokens. */
export async function signInAccounts(station: RunningStation): Promise<Accounts> {
  const admin = await createFirstAdmin(station);
  return {
    admin,
    clerk: await signedInAccount(station, admin, { username: 'carl', displayName: 'Carl Clerk', role: 'clerk' }),
    reviewer: await signedInAccount(station, admin, { username: 'rita', displayName: 'Rita Reviewer', role: 'reviewer' }),
  };
}

/** The session token of a sign-in that must have worked. */
function tokenOf(outcome: Awaited<ReturnType<RunningStation['call']>>, what: string): string {
  if (outcome.session?.kind !== 'signed-in') throw new Error(`${what}: not signed in`);
  return outcome.session.token;
}

/** The first administrator of a new station ("admin"), signed in: its session token. */
export async function createFirstAdmin(station: RunningStation, password = FLOW_PASSWORD, displayName = 'Ada Admin'): Promise<string> {
  return tokenOf(await station.call('session.createAdmin', { username: 'admin', displayName, password }, null), 'session.createAdmin');
}

/** An account the administrator makes, then signed in with its password: its session token. */
export async function signedInAccount(station: RunningStation, adminToken: string, account: Omit<MethodInput<'users.create'>, 'password'>, password = FLOW_PASSWORD): Promise<string> {
  await must(station, 'users.create', { ...account, password }, adminToken);
  return tokenOf(await station.call('session.signIn', { username: account.username, password }, null), `session.signIn of ${account.username}`);
}

/**
 * A patient in the index and one scan of theirs ingested (it must become a batch, not a
 * quarantine entry) and recognised in full: the batch and its first document.
 */
export async function ingestOneForPatient(station: RunningStation, patient: MpiPatient, file: string): Promise<{ batchId: string; documentId: string; pageIds: string[] }> {
  await importPatientsCsv(station.context.patients, [mpiCsv([patient])]);
  const ingested = await station.ingestFile(file, { removeSource: false });
  if (ingested.outcome !== 'ingested') throw new Error(`the scan was not ingested: ${ingested.outcome}`);
  await station.whenRecognised();
  const [document] = station.context.recognition.documentsOf(ingested.batchId);
  return { batchId: ingested.batchId, documentId: document!.id, pageIds: document!.pageIds };
}

/** Calls a method as a user and returns the result as a value. */
export const attempt = async <M extends MethodName>(station: RunningStation, method: M, input: MethodInput<M>, token: string) =>
  (await station.call(method, input, token)).result as ApiResult<MethodOutput<M>>;

/** Calls a method as a user and fails the test with the station's sentence if it was refused. */
export async function must<M extends MethodName>(station: RunningStation, method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>> {
  const result = await attempt(station, method, input, token);
  if (!result.ok) throw new Error(`${method} refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/**
 * Resolves once the fast path (barcodes, blank, orientation) has checked every page of the batch,
 * waiting on the station's progress events (never on a timer).
 */
export function fastPathDone(station: RunningStation, batchId: string, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      const progress = station.context.recognition.progress(batchId);
      return progress.total > 0 && progress.fastDone >= progress.total;
    };
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for the fast path'));
    }, timeoutMs);
    const off = station.onEvent((event) => {
      if ((event.type === 'recognition.progress' || event.type === 'batch.changed') && event.batchId === batchId && done()) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
    if (done()) {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}

/** A scanned letter of `pages` pages as a scanner's G4 TIFF; each seed gives different pages. */
export async function letterTiff(seed: number, pages: number, dpi = 100): Promise<Buffer> {
  const rendered = await Promise.all(Array.from({ length: pages }, (_, i) => renderPage({ seed: seed * 100 + i, dpi, title: 'Progress Note' })));
  return writeTiff(
    rendered.map((p) => p.png),
    { compression: 'g4', dpi },
  );
}
