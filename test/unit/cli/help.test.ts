import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditUsage } from '../../../electron/cli/commands/audit-command.js';
import { coversheetUsage } from '../../../electron/cli/commands/coversheet-command.js';
import { patientsUsage } from '../../../electron/cli/commands/patients-command.js';
import { processUsage } from '../../../electron/cli/commands/process-command.js';
import { purgeUsage } from '../../../electron/cli/commands/purge-command.js';
import { serveUsage } from '../../../electron/cli/commands/serve-command.js';
import { usersUsage } from '../../../electron/cli/commands/users-command.js';
import { main } from '../../../electron/cli/main.js';

async function helpText(): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  expect(await main(['--help'])).toBe(0);
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('chartdesk --help', () => {
  it('lists every command, and every form of the commands that have several', async () => {
    const help = await helpText();
    for (const form of ['serve', 'process', 'coversheet', 'patients import', 'patients search', 'audit verify', 'audit export', 'users add', 'users list', 'purge', '--version']) {
      expect(help).toMatch(new RegExp(`^  chartdesk( \\[--data-dir DIR\\])? ${form.replace(/[-]/g, '\\-')}`, 'm'));
    }
    // Each command's own synopsis, word for word.
    for (const usage of [serveUsage, processUsage, coversheetUsage, patientsUsage, auditUsage, usersUsage, purgeUsage]) {
      for (const line of usage.split('\n\n')[0]!.split('\n')) expect(help).toContain(line.trim());
    }
  });
});
