import { DisplayName, NewPassword, Role, Username } from '../../../shared/domain/user.js';
import { AuditLog } from '../../engine/audit/audit-log.js';
import { Accounts } from '../../engine/auth/accounts.js';
import { currentCliActor } from '../cli-actor.js';
import { parseCommandLine, runSubcommand } from '../command-line.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { openStationDatabaseAndKey } from '../station-key.js';

export const usersUsage = `chartdesk [--data-dir DIR] users add --username U --name "Display Name" --role clerk|reviewer|admin
       chartdesk [--data-dir DIR] users list [--json]

add     creates a local account on this station. The password is read from the environment
        variable CHARTDESK_NEW_PASSWORD, or asked for when run in a terminal; it is never
        taken from the command line (other users of the computer could read it there).
        At least 10 characters.
list    shows every account with its role and whether it is locked or disabled.
--json  prints the result alone on standard output, as JSON.`;

async function openAccounts(global: GlobalOptions): Promise<{ accounts: Accounts; audit: AuditLog; close: () => void }> {
  const { db, key } = await openStationDatabaseAndKey(global);
  return { accounts: new Accounts(db, () => new Date()), audit: new AuditLog(db, key.auditChainKey()), close: () => db.close() };
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readNewPassword(): Promise<string> {
  const fromEnv = process.env.CHARTDESK_NEW_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError('users add needs the password in the environment variable CHARTDESK_NEW_PASSWORD (or run it in a terminal to be asked)');
  }
  const first = await promptHidden('Password for the new account: ');
  const again = await promptHidden('Type it again: ');
  if (first !== again) throw new UsageError('the two passwords are not the same');
  return first;
}

async function addCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, { values: ['username', 'name', 'role'], flags: ['json'], positionals: true });
  if (positionals.length > 0) throw new UsageError('users add takes no positional arguments (the password is never given on the command line)');
  if (!values.username) throw new UsageError('users add needs --username');
  if (!values.name) throw new UsageError('users add needs --name');
  if (!values.role) throw new UsageError('users add needs --role (clerk, reviewer or admin)');
  const username = Username.safeParse(values.username);
  if (!username.success) throw new UsageError(`--username: ${username.error.issues[0]!.message}`);
  const displayName = DisplayName.safeParse(values.name);
  if (!displayName.success) throw new UsageError(`--name: ${displayName.error.issues[0]!.message}`);
  const role = Role.safeParse(values.role);
  if (!role.success) throw new UsageError('--role must be clerk, reviewer or admin');
  const password = NewPassword.safeParse(await readNewPassword());
  if (!password.success) {
    process.stderr.write(`chartdesk: ${password.error.issues[0]!.message}\n`);
    return 1;
  }

  const { accounts, audit, close } = await openAccounts(global);
  try {
    const result = await accounts.addUser({ username: username.data, displayName: displayName.data, role: role.data, password: password.data });
    if (!result.ok) {
      process.stderr.write(`chartdesk: ${result.message}\n`);
      return 1;
    }
    // As the administration screen records it, by the operating-system account that ran the command.
    audit.record({
      user: currentCliActor(),
      action: 'user-created',
      subject: { type: 'user', id: result.value.id },
      details: { username: result.value.username, role: result.value.role, via: 'chartdesk users add' },
    });
    if (values.json) process.stdout.write(JSON.stringify(result.value, null, 2) + '\n');
    else process.stdout.write(`Added ${result.value.username} (${result.value.displayName}) as ${result.value.role}.\n`);
    return 0;
  } finally {
    close();
  }
}

async function listCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, { flags: ['json'], positionals: true });
  if (positionals.length > 0) throw new UsageError('users list takes no arguments');
  const { accounts, close } = await openAccounts(global);
  try {
    const users = accounts.listUsers();
    if (values.json) {
      process.stdout.write(JSON.stringify(users, null, 2) + '\n');
    } else if (users.length === 0) {
      process.stdout.write('No accounts yet. Create the administrator at first sign-in, or with "chartdesk users add --role admin".\n');
    } else {
      for (const u of users) {
        const state = u.disabled ? 'disabled' : u.locked ? 'locked' : 'active';
        process.stdout.write(`${u.username.padEnd(24)} ${u.displayName.padEnd(32)} ${u.role.padEnd(9)} ${state}\n`);
      }
    }
    return 0;
  } finally {
    close();
  }
}

export async function usersCommand(global: GlobalOptions, args: string[]): Promise<number> {
  return runSubcommand('users', { add: addCommand, list: listCommand }, global, args);
}
