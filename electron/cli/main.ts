import { ConfigFileError } from '../engine/config/station-config-file.js';
import { KeyFileError } from '../engine/crypto/key-file.js';
import { DatabaseKeyError } from '../engine/db/connection.js';
import { DatabaseLocationError } from '../engine/db/database-location.js';
import { MigrationError } from '../engine/db/migrate.js';
import { appVersion } from '../engine/config/app-root.js';
import { auditCommand, auditUsage } from './commands/audit-command.js';
import { coversheetCommand, coversheetUsage } from './commands/coversheet-command.js';
import { deliverCommand, deliverUsage } from './commands/deliver-command.js';
import { documentsCommand, documentsUsage } from './commands/documents-command.js';
import { patientsCommand, patientsUsage } from './commands/patients-command.js';
import { processCommand, processUsage } from './commands/process-command.js';
import { purgeCommand, purgeUsage } from './commands/purge-command.js';
import { serveCommand, serveUsage } from './commands/serve-command.js';
import { usersCommand, usersUsage } from './commands/users-command.js';
import { UsageError, splitGlobalOptions } from './global-options.js';

/** The synopsis lines of a command's help (up to its first blank line): every form of the command. */
const synopsis = (help: string): string[] =>
  help
    .split('\n\n')[0]!
    .split('\n')
    .map((line) => `  ${line.trim()}`);

const usage = `ChartDesk ${appVersion()} — scanning and indexing station for health-records departments

Usage:
${[serveUsage, processUsage, coversheetUsage, patientsUsage, auditUsage, usersUsage, purgeUsage, documentsUsage, deliverUsage].flatMap(synopsis).join('\n')}
  chartdesk --version

Global options (before the command):
  --data-dir DIR   where the station keeps its database and files (default: the per-user app-data folder; env CHARTDESK_DATA_DIR)
  --verbose        more logging on standard error

Station key (encrypts the database and every stored file): the file named by CHARTDESK_KEY_FILE,
else ~/.config/chartdesk/station.key (or under XDG_CONFIG_HOME; %LOCALAPPDATA%\\ChartDesk\\station.key on
Windows), created on first run with mode 0600. Back it up: without it the station's data cannot be read.

Run "chartdesk <command> --help" for a command's details.`;

const commands: Record<string, { run: typeof serveCommand; help: string }> = {
  serve: { run: serveCommand, help: serveUsage },
  process: { run: processCommand, help: processUsage },
  coversheet: { run: coversheetCommand, help: coversheetUsage },
  patients: { run: patientsCommand, help: patientsUsage },
  audit: { run: auditCommand, help: auditUsage },
  users: { run: usersCommand, help: usersUsage },
  purge: { run: purgeCommand, help: purgeUsage },
  documents: { run: documentsCommand, help: documentsUsage },
  deliver: { run: deliverCommand, help: deliverUsage },
};

export async function main(argv: string[]): Promise<number> {
  try {
    const { global, command, rest } = splitGlobalOptions(argv);
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(usage + '\n');
      return command ? 0 : 1;
    }
    if (command === '--version') {
      process.stdout.write(appVersion() + '\n');
      return 0;
    }
    const entry = commands[command];
    if (!entry) throw new UsageError(`unknown command "${command}"`);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(entry.help + '\n');
      return 0;
    }
    return await entry.run(global, rest);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`chartdesk: ${(error as Error).message}\n\n${usage}\n`);
      return 2;
    }
    if (error instanceof MigrationError || error instanceof ConfigFileError || error instanceof KeyFileError || error instanceof DatabaseKeyError || error instanceof DatabaseLocationError) {
      process.stderr.write(`chartdesk: ${error.message}\n`);
      return 3;
    }
    process.stderr.write(`chartdesk: unexpected error: ${(error as Error).message}\n`);
    return 1;
  }
}
