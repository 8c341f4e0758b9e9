import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ApiResult } from '../../shared/api/result.js';
import type { RunningStation } from '../../electron/engine/station.js';
import { renderPage, writeTiff } from '../../scripts/samples/index.js';

export const FLOW_PASSWORD = 'a long enough password';

export interface Accounts {
  admin: string;
  clerk: string;
  reviewer: string;
}

/** The first administrator, a clerk and a reviewer, each signed in: their session tokens. */
export async function signInAccounts(station: RunningStation): Promise<Accounts> {
  const tokenOf = (outcome: Awaited<ReturnType<RunningStation['call']>>) => (outcome.session?.kind === 'signed-in' ? outcome.session.token : '');
  const admin = tokenOf(await station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: FLOW_PASSWORD }, null));
  for (const [username, displayName, role] of [
    ['carl', 'Carl Clerk', 'clerk'],
    ['rita', 'Rita Reviewer', 'reviewer'],
  ] as const) {
    await station.call('users.create', { username, displayName, role, password: FLOW_PASSWORD }, admin);
  }
  const clerk = tokenOf(await station.call('session.signIn', { username: 'carl', password: FLOW_PASSWORD }, null));
  const reviewer = tokenOf(await station.call('session.signIn', { username: 'rita', password: FLOW_PASSWORD }, null));
  return { admin, clerk, reviewer };
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
