import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `chartdesk ARGS` as a user runs it, from the TypeScript sources (no build step), on a data
 * folder whose station key lies beside it.
 */
export function chartdeskCommand(dataDir: string, args: string[]): { command: string; args: string[]; env: NodeJS.ProcessEnv; cwd: string } {
  return {
    command: process.execPath,
    args: ['--import', 'tsx', join(repoRoot, 'test/support/chartdesk-from-source.ts'), '--data-dir', dataDir, ...args],
    env: { CHARTDESK_KEY_FILE: `${dataDir}.station.key`, CHARTDESK_NEW_PASSWORD: 'bench-station-2026!' },
    cwd: repoRoot,
  };
}

export type ChartdeskCommand = ReturnType<typeof chartdeskCommand>;

/**
 * Starts `chartdesk serve` (a command as `chartdeskCommand` makes it, or the built CLI) and
 * resolves with the address it prints once it is listening, and a way to stop it.
 */
export async function startServe(serve: ChartdeskCommand): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(serve.command, serve.args, { cwd: serve.cwd, env: { ...process.env, ...serve.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /running at (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`chartdesk serve exited with ${code}:\n${stderr}`)));
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
