import { EngineEvent } from '../../shared/api/events.js';
import { ApiError, type ApiResult } from '../../shared/api/result.js';

/** Accepts anything that has the shape of an ApiResult; the value itself is checked (in dev) by client.ts. */
export const asApiResult = (body: unknown): ApiResult<unknown> | null => {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return null;
  const record = body as { ok: unknown; value?: unknown; error?: unknown };
  if (record.ok === true) return { ok: true, value: record.value };
  if (record.ok === false) {
    const parsed = ApiError.safeParse(record.error);
    if (parsed.success) return { ok: false, error: parsed.data };
    return { ok: false, error: { code: 'internal', message: 'The station sent an answer ChartDesk does not understand.' } };
  }
  return null;
};

export const asEngineEvent = (data: unknown): EngineEvent | null => {
  const parsed = EngineEvent.safeParse(data);
  return parsed.success ? parsed.data : null;
};
