/**
 * What an administrator decides for the whole computer, in a file only an administrator can
 * write: /etc/chartdesk/policy.json. Today it holds one decision, whether the desktop app may keep
 * its station key without a keyring (see key-protection.ts). Only Linux has that choice: on
 * Windows and macOS safeStorage always has the OS keychain.
 *
 * The file is trusted only if it and its folder belong to root and nobody else may write them;
 * otherwise any user could grant themselves the exception. A file that fails those checks or
 * does not parse is ignored (the safe defaults apply) and the reason is logged.
 */
import { type Stats, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const machinePolicyFile = '/etc/chartdesk/policy.json';

const MachinePolicy = z.strictObject({
  /** Keep the station key under safeStorage's plain-text backend (e.g. a kiosk with full-disk encryption). */
  allowPlaintextKeyStore: z.boolean().default(false),
});
export type MachinePolicy = z.infer<typeof MachinePolicy>;

export interface MachinePolicyRead {
  policy: MachinePolicy;
  /** The file the policy came from, or null when the defaults apply. */
  source: string | null;
  /** Why a policy file that exists was not used. */
  ignored: string | null;
}

const defaults: MachinePolicy = { allowPlaintextKeyStore: false };

const writableByOthers = (stats: Stats): boolean => (stats.mode & 0o022) !== 0;

function untrusted(stats: Stats, what: string, trustedOwnerUid: number): string | null {
  if (stats.uid !== trustedOwnerUid) return `${what} is not owned by the administrator (uid ${stats.uid})`;
  if (writableByOthers(stats)) return `${what} can be changed by other users`;
  return null;
}

export function readMachinePolicy(file: string = machinePolicyFile, options: { trustedOwnerUid?: number } = {}): MachinePolicyRead {
  const trustedOwnerUid = options.trustedOwnerUid ?? 0;
  const ignore = (reason: string): MachinePolicyRead => ({ policy: defaults, source: null, ignored: `machine policy ${file} ignored: ${reason}` });

  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { policy: defaults, source: null, ignored: null };
    return ignore(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!stats.isFile()) return ignore('is not a file');
  const problem = untrusted(stats, 'the file', trustedOwnerUid) ?? untrusted(statSync(path.dirname(file)), 'its folder', trustedOwnerUid);
  if (problem) return ignore(problem);

  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return ignore('it is not valid JSON');
  }
  const parsed = MachinePolicy.safeParse(json);
  if (!parsed.success) return ignore(parsed.error.issues.map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; '));
  return { policy: parsed.data, source: file, ignored: null };
}
