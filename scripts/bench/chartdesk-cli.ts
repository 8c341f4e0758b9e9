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
