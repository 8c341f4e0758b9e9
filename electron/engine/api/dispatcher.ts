import { type ZodError, type z } from 'zod';
import { type Access, type MethodName, type MethodOutput, type ParsedInput, contract, isMethodName } from '../../../shared/api/contract.js';
import type { SessionChange } from '../../../shared/api/host-protocol.js';
import { type ApiResult, fail } from '../../../shared/api/result.js';
import type { SessionUser } from '../../../shared/domain/user.js';
import type { Logger } from '../log/logger.js';
import type { CallOutcome } from '../station-types.js';

export interface Caller {
  user: SessionUser | null;
  sessionToken: string | null;
  /** Session methods tell the transport to store or clear the token. */
  setSession(change: SessionChange): void;
}

/** The signed-in user as the audit trail names them. */
export const actor = (caller: Caller) => (caller.user ? { id: caller.user.id, name: caller.user.username } : null);

export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>, caller: Caller) => Promise<ApiResult<MethodOutput<M>>>;
};

export function fieldErrors(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

function allowed(access: Access, user: SessionUser | null): ApiResult<never> | null {
  if (access === 'public') return null;
  if (!user) return fail('not-signed-in', 'Your session has ended. Sign in again to continue.');
  if (access === 'signed-in' || access.includes(user.role)) return null;
  return fail('forbidden', 'Your account is not allowed to do this. Ask an administrator.');
}

/**
 * The one entrance to the engine, whatever carried the call: validates the input against the
 * contract, checks the session and role, runs the handler and checks its output. Nothing is
 * thrown across the boundary; an unexpected failure becomes an 'internal' error without detail.
 */
export function createDispatcher(handlers: Handlers, authenticate: (token: string | null) => SessionUser | null, log: Logger) {
  return async function dispatch(method: string, rawInput: unknown, sessionToken: string | null): Promise<CallOutcome> {
    if (!isMethodName(method)) return { result: fail('unknown-method', 'This action does not exist in this version of ChartDesk.') };
    const spec = contract[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return { result: fail('invalid-input', 'Some of the values are not valid.', fieldErrors(parsed.error)) };
    }
    const user = authenticate(sessionToken);
    const refusal = allowed(spec.access, user);
    if (refusal) return { result: refusal };

    let session: SessionChange | undefined;
    const caller: Caller = { user, sessionToken, setSession: (change) => (session = change) };
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
