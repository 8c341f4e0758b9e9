import type { ApiResult } from '../../shared/api/result.js';
import type { Notice } from './acting.js';

/** The part of a store that saves what it shows to a file: the export being made, and how the last one went. */
export interface Exporting<What> {
  exporting: What | null;
  notice: Notice | null;
}

/**
 * Makes one export at a time: `exporting` while the station makes the file (a second one is
 * refused), then `save` hands it to the person and says what it holds ("12 rows"); the notice
 * names the file, or gives the station's refusal.
 */
export async function runExport<S extends Exporting<W>, W, F extends { fileName: string }>(
  get: () => S,
  set: (partial: Partial<S>) => void,
  what: W,
  request: () => Promise<ApiResult<F>>,
  save: (file: F) => string,
): Promise<void> {
  if (get().exporting) return;
  set({ exporting: what, notice: null } as Partial<S>);
  const result = await request();
  set({ exporting: null } as Partial<S>);
  if (!result.ok) {
    set({ notice: { tone: 'danger', text: result.error.message } } as Partial<S>);
    return;
  }
  const holds = save(result.value);
  set({ notice: { tone: 'success', text: `Saved ${result.value.fileName} (${holds}). The export is recorded in the audit trail.` } } as Partial<S>);
}
