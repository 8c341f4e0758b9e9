import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyFileFor } from './station-key.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./chartdesk-from-source.ts', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The key file a run uses unless the test names one: beside its --data-dir (see station-key.ts). */
function testKeyFile(args: string[]): string {
  const at = args.indexOf('--data-dir');
  const dataDir = at >= 0 ? args[at + 1] : undefined;
  return dataDir ? keyFileFor(dataDir) : join(tmpdir(), `chartdesk-test-${process.pid}.station.key`);
}

/** Starts `chartdesk ...` as its own process (a real process, so it can be killed for real). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, CHARTDESK_KEY_FILE: testKeyFile(args), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) => startCli(args, env).done;
