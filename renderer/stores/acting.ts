import type { ApiResult } from '../../shared/api/result.js';

/** What a store says about its last action, above the screen's list. */
export type Notice = { tone: 'success' | 'danger' | 'info'; text: string };

/** The part of a store that runs one action at a time and says how it went. */
interface Acting {
  acting: boolean;
  notice: Notice | null;
}

/**
 * Runs one of a store's actions: `acting` while the call is out (a second one is refused), the
 * station's refusal said as the notice. Gives the value back, or null when the call failed or
 * another action was still running.
 */
export async function runAction<S extends Acting, T>(get: () => S, set: (partial: Partial<S>) => void, request: () => Promise<ApiResult<T>>): Promise<T | null> {
  if (get().acting) return null;
  set({ acting: true, notice: null } as Partial<S>);
  const result = await request();
  set({ acting: false } as Partial<S>);
  if (result.ok) return result.value;
  set({ notice: { tone: 'danger', text: result.error.message } } as Partial<S>);
  return null;
}
