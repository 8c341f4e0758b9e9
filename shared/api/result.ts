import { z } from 'zod';

/** Stable error codes crossing the API boundary. The message is the sentence for a person. */
export const ApiErrorCode = z.enum([
  'invalid-input',
  'unknown-method',
  'not-signed-in',
  'forbidden',
  'bad-credentials',
  'locked-out',
  /** The session's screen is locked (idle lock): only unlocking or signing out works. */
  'session-locked',
  'setup-already-done',
  'not-found',
  'conflict',
  'unavailable',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z.object({
  code: ApiErrorCode,
  message: z.string(),
  /** Field-level problems for forms (path -> sentence). */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/** Results are values: nothing is thrown across the boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
export const fail = (code: ApiErrorCode, message: string, fields?: Record<string, string>): ApiResult<never> => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});
