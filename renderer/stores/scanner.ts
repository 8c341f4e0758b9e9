import { create } from 'zustand';
import type { ApiResult } from '../../shared/api/result.js';
import type { StationStatus } from '../../shared/domain/station.js';
import { call } from '../api/client.js';
import { onSignedOut } from './session.js';
import { useStation } from './station.js';

interface ScannerState {
  busy: boolean;
  /** Why the last claim or hand-over did not happen. */
  error: string | null;
  /** Claims the scanner; takeOver: the person confirmed taking it from whoever holds it. */
  claim(takeOver: boolean): Promise<boolean>;
  /** Hands the scanner back: later files are unclaimed until someone claims it. */
  release(): Promise<boolean>;
}

/** Who is scanning at this station: the station's status says who; this store changes it. */
export const useScanner = create<ScannerState>((set, get) => {
  const act = async (run: () => Promise<ApiResult<StationStatus>>) => {
    if (get().busy) return false;
    set({ busy: true, error: null });
    const result = await run();
    if (!result.ok) {
      set({ busy: false, error: result.error.message });
      // Someone else may have claimed it meanwhile: show who.
      void useStation.getState().load();
      return false;
    }
    useStation.setState({ status: result.value });
    set({ busy: false });
    return true;
  };
  return {
    busy: false,
    error: null,
    claim: (takeOver) => act(() => call('scanner.claim', { takeOver })),
    release: () => act(() => call('scanner.release', {})),
  };
});

onSignedOut(() => useScanner.setState({ busy: false, error: null }));
