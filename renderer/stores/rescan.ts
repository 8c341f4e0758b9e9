import { create } from 'zustand';
import type { RescanKind, RescanMark } from '../../shared/domain/rescan.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { onSignedOut } from './session.js';

type Outcome = { ok: true; mark: RescanMark } | { ok: false; message: string };

interface RescanState {
  /** The mark the next dropped file answers, if any (one per station). */
  armed: RescanMark | null;
  /** The mark that ended last: a screen that showed it armed says what became of it. */
  lastEnded: RescanMark | null;
  load(): Promise<void>;
  mark(documentId: string, kind: RescanKind, pageId: string): Promise<Outcome>;
  cancel(markId: string): Promise<Outcome>;
}

const loads = requestCounter();

export const useRescan = create<RescanState>((set, get) => ({
  armed: null,
  lastEnded: null,

  async load() {
    const result = await loads.latest(() => call('rescan.armed', {}));
    if (result?.ok) set({ armed: result.value.mark, lastEnded: result.value.lastEnded });
  },

  async mark(documentId, kind, pageId) {
    const result = await call('rescan.mark', { documentId, kind, pageId });
    void get().load();
    return result.ok ? { ok: true, mark: result.value } : { ok: false, message: result.error.message };
  },

  async cancel(markId) {
    const result = await call('rescan.cancel', { markId });
    void get().load();
    return result.ok ? { ok: true, mark: result.value } : { ok: false, message: result.error.message };
  },
}));

onSignedOut(() => useRescan.setState({ armed: null, lastEnded: null }));
