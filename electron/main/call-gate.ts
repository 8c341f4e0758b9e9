/**
 * What main decides about an IPC call before the engine sees it. Pure: ipc-relay.ts passes in
 * the sender verdict, the token store and the engine client.
 */
import type { z } from 'zod';
import { contract, isMethodName, type MethodName } from '../../shared/api/contract.js';
import type { ApiResult } from '../../shared/api/result.js';
import type { EngineCallOutcome } from './engine-client.js';
import type { SessionTokens } from './session-tokens.js';

export type CallCheck = { kind: 'forward'; method: MethodName; input: unknown } | { kind: 'refuse'; result: ApiResult<never> };

/** Zod issues as field -> sentence, the shape the renderer's forms expect. */
export const issuesToFields = (issues: readonly z.core.$ZodIssue[]): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '(input)';
    fields[key] ??= issue.message;
  }
  return fields;
};

/**
 * Refuses unknown methods and malformed input in main, so a compromised renderer cannot use the
 * engine's parser as attack surface and bad input costs no round trip. The engine validates again.
 */
export const checkCall = (method: unknown, input: unknown): CallCheck => {
  if (!isMethodName(method)) {
    return { kind: 'refuse', result: { ok: false, error: { code: 'unknown-method', message: 'This action does not exist.' } } };
  }
  const parsed = contract[method].input.safeParse(input);
  if (!parsed.success) {
    return {
      kind: 'refuse',
      result: {
        ok: false,
        error: { code: 'invalid-input', message: 'Some of the information is not valid.', fields: issuesToFields(parsed.error.issues) },
      },
    };
  }
  // The original input is forwarded, not the parsed value: the engine owns parsing (defaults,
  // transforms) and must see exactly what the renderer sent.
  return { kind: 'forward', method, input };
};

export interface RelayDeps {
  tokens: SessionTokens;
  engine: { call(method: string, input: unknown, sessionToken: string | null): Promise<EngineCallOutcome> };
}

export interface CallSource {
  /** Result of isTrustedSender for the event's frame. */
  trusted: boolean;
  /** webContents id the session token belongs to. */
  ownerId: number;
}

export const relayCall = async (deps: RelayDeps, source: CallSource, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
  if (!source.trusted) {
    return { ok: false, error: { code: 'forbidden', message: 'This window may not use ChartDesk.' } };
  }
  const check = checkCall(method, input);
  if (check.kind === 'refuse') return check.result;
  const outcome = await deps.engine.call(check.method, check.input, deps.tokens.get(source.ownerId));
  // The token travels only main <-> engine: only the result goes back to the page.
  deps.tokens.apply(source.ownerId, outcome.session);
  return outcome.result;
};
