import type { z } from 'zod';
import { fieldErrors } from '../../../shared/api/field-errors.js';
import { type Access, type MethodName, type MethodOutput, type ParsedInput, contract, isMethodName } from '../../../shared/api/contract.js';
import type { SessionChange } from '../../../shared/api/host-protocol.js';
import { type ApiResult, fail } from '../../../shared/api/result.js';
import type { SessionUser } from '../../../shared/domain/user.js';
import type { SessionState } from '../auth/accounts.js';
import type { Logger } from '../log/logger.js';
import type { CallOutcome } from '../station-types.js';

export interface Caller {
  user: SessionUser | null;
  sessionToken: string | null;
  /** The session's screen is locked (idle lock); only methods marked whileLocked reach a handler then. */
  locked: boolean;
  /** Session methods tell the transport to store or clear the token. */
  setSession(change: SessionChange): void;
}

/** The signed-in user as the audit trail names them. */
export const actor = (caller: Caller) => (caller.user ? { id: caller.user.id, name: caller.user.username } : null);

export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>, caller: Caller) => Promise<ApiResult<MethodOutput<M>>>;
};

export { fieldErrors };

function allowed(access: Access, whileLocked: boolean, session: SessionState | null): ApiResult<never> | null {
  if (session?.locked && !whileLocked) return fail('session-locked', 'The screen is locked. Enter your password to go on.');
  const user = session?.user ?? null;
  if (access === 'public') return null;
  if (!user) return fail('not-signed-in', 'Your session has ended. Sign in again to continue.');
  if (access === 'signed-in' || access.includes(user.role)) return null;
  return fail('forbidden', 'Your account is not allowed to do this. Ask an administrator.');
}

/**
 * The one entrance to the engine, whatever carried the call: checks the session and role,
 * validates the input against the contract, runs the handler and checks its output. Nothing is
 * thrown across the boundary; an unexpected failure becomes an 'internal' error without detail.
 */
export function createDispatcher(handlers: Handlers, sessionOf: (token: string | null) => SessionState | null, log: Logger) {
  return async function dispatch(method: string, rawInput: unknown, sessionToken: string | null): Promise<CallOutcome> {
    if (!isMethodName(method)) return { result: fail('unknown-method', 'This action does not exist in this version of ChartDesk.') };
    const spec = contract[method];
    // Session and role before the input: a caller who may not use a method learns nothing about
    // what it accepts, and the refusal does not depend on what they sent.
    const current = sessionOf(sessionToken);
    const refusal = allowed(spec.access, 'whileLocked' in spec && spec.whileLocked === true, current);
    if (refusal) return { result: refusal };
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return { result: fail('invalid-input', 'Some of the values are not valid.', fieldErrors(parsed.error)) };
    }

    let session: SessionChange | undefined;
    const caller: Caller = { user: current?.user ?? null, sessionToken, locked: current?.locked ?? false, setSession: (change) => (session = change) };
    try {
      const handler = handlers[method] as (input: unknown, caller: Caller) => Promise<ApiResult<unknown>>;
      const result = await handler(parsed.data, caller);
      if (result.ok) {
        const checked = (spec.output as z.ZodType).safeParse(result.value);
        if (!checked.success) {
          log.error('api.output-invalid', { code: method });
          return { result: fail('internal', 'ChartDesk hit an internal error. The action was not completed.') };
        }
        return session ? { result: { ok: true, value: checked.data }, session } : { result: { ok: true, value: checked.data } };
      }
      return session ? { result, session } : { result };
    } catch (error) {
      log.error('api.handler-failed', { code: method, reason: (error as Error).name });
      return { result: fail('internal', 'ChartDesk hit an internal error. The action was not completed.') };
    }
  };
}
