import { create } from 'zustand';
import type { StationStatus } from '../../shared/domain/station.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import type { FormErrors } from './session.js';
import { onSignedOut } from './session.js';

interface StationState {
  status: StationStatus | null;
  error: string | null;
  saving: boolean;
  saveErrors: FormErrors;
  /** Sentence confirming the last successful save. */
  saved: string | null;

  load(): Promise<void>;
  setDropDir(path: string): Promise<boolean>;
  clearSaveState(): void;
}

const requests = requestCounter();

export const useStation = create<StationState>((set) => ({
  status: null,
  error: null,
  saving: false,
  saveErrors: { message: null, fields: {} },
  saved: null,

  async load() {
    const result = await requests.latest(() => call('station.status', {}));
    if (!result) return;
    if (result.ok) set({ status: result.value, error: null });
    else set({ error: result.error.message });
  },

  async setDropDir(path) {
    const trimmed = path.trim();
    if (!trimmed) {
      set({ saveErrors: { message: null, fields: { path: 'Enter the folder the scanner saves into.' } }, saved: null });
      return false;
    }
    set({ saving: true, saveErrors: { message: null, fields: {} }, saved: null });
    const n = requests.next();
    const result = await call('station.setDropDir', { path: trimmed });
    set({ saving: false });
    if (!result.ok) {
      set({ saveErrors: { message: result.error.fields?.['path'] ? null : result.error.message, fields: result.error.fields ?? {} } });
      return false;
    }
    if (requests.isLatest(n)) set({ status: result.value });
    set({ saved: `Saved. ChartDesk now watches ${result.value.dropDir}.` });
    return true;
  },

  clearSaveState() {
    set({ saveErrors: { message: null, fields: {} }, saved: null });
  },
}));

/** Files the station has seen but not finished. */
export const busyCount = (status: StationStatus | null) => (status ? status.filesWaiting + status.filesInProgress : 0);

onSignedOut(() => useStation.setState({ status: null, error: null, saving: false, saved: null, saveErrors: { message: null, fields: {} } }));
