import { hostname, userInfo } from 'node:os';
import type { AuditUser } from '../engine/audit/audit-log.js';
import type { ScanOperator } from '../engine/intake/file-intake.js';

/** Prefix of every actor that is an operating-system account at the command line, not a ChartDesk user. */
export const CLI_ACTOR_PREFIX = 'cli:';

/** Spaces and control characters would make the name ambiguous in a CSV or a log line. */
const clean = (part: string | null | undefined) => (part ?? '').trim().replace(/[\s\p{Cc}]+/gu, '_') || 'unknown';

/**
 * How the audit trail names a command run: `cli:<os user>@<host>`, e.g. `cli:jsmith@scan-03`.
 * The same text is the actor's id and name, so it cannot be confused with an account (ids of
 * accounts are UUIDs) and reads the same in every export.
 */
export function cliActorOf(osUser: string | null | undefined, host: string | null | undefined): AuditUser {
  const name = `${CLI_ACTOR_PREFIX}${clean(osUser)}@${clean(host)}`;
  return { id: name, name };
}

/** The account running this process. userInfo() throws where the user has no passwd entry (some containers). */
export function currentCliActor(env: NodeJS.ProcessEnv = process.env): AuditUser {
  let osUser: string | undefined;
  try {
    osUser = userInfo().username;
  } catch {
    osUser = env.USER ?? env.USERNAME;
  }
  return cliActorOf(osUser, hostname());
}

/** A command-line batch run as the operator of the files it reads. */
export const cliScanOperator = (actor: AuditUser): ScanOperator => ({ id: actor.id, displayName: actor.name, username: actor.name });
