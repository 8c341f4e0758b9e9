import { create } from 'zustand';
import type { QuarantinePreview } from '../../shared/domain/quarantine-desk.js';
import { call } from '../api/client.js';
import { downloadFile } from '../lib/download.js';
import { onSignedOut } from './session.js';
import { useIntake } from './intake.js';

type Outcome = { ok: true } | { ok: false; message: string };

interface QuarantineDeskState {
  /** The file being looked at, and what decoding it again found. */
  previewing: { id: string; preview: QuarantinePreview | null; error: string | null } | null;
  openPreview(id: string): Promise<void>;
  closePreview(): void;
  /** One page's screen image as a data: address (the station sends it in the answer). */
  pageImage(id: string, page: number): Promise<string | { error: string }>;
  saveOriginal(id: string): Promise<Outcome>;
  markHandled(id: string, note: string): Promise<Outcome>;
  remove(id: string, reason: string): Promise<Outcome>;
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** Administrators working the quarantine: look at a file's pages, save it, handle or delete an entry. */
export const useQuarantineDesk = create<QuarantineDeskState>((set, get) => {
  const afterChange = (result: Awaited<ReturnType<typeof call>>, field: string): Outcome => {
    void useIntake.getState().loadQuarantine();
    return result.ok ? { ok: true } : { ok: false, message: result.error.fields?.[field] ?? result.error.message };
  };
  return {
    previewing: null,

    async openPreview(id) {
      set({ previewing: { id, preview: null, error: null } });
      const result = await call('quarantine.preview', { quarantineId: id });
      if (get().previewing?.id !== id) return;
      set({ previewing: result.ok ? { id, preview: result.value, error: null } : { id, preview: null, error: result.error.message } });
    },

    closePreview: () => set({ previewing: null }),

    async pageImage(id, page) {
      const result = await call('quarantine.previewPage', { quarantineId: id, page, variant: 'view' });
      return result.ok ? `data:${result.value.contentType};base64,${result.value.base64}` : { error: result.error.message };
    },

    async saveOriginal(id) {
      const result = await call('quarantine.original', { quarantineId: id });
      if (!result.ok) return { ok: false, message: result.error.message };
      // A browser download; the desktop window asks where to save it (see isAllowedDownload).
      downloadFile(result.value.fileName, [bytesOf(result.value.base64)], result.value.contentType);
      return { ok: true };
    },

    markHandled: async (id, note) => afterChange(await call('quarantine.markHandled', { quarantineId: id, note }), 'note'),
    remove: async (id, reason) => afterChange(await call('quarantine.delete', { quarantineId: id, reason }), 'reason'),
  };
});

onSignedOut(() => useQuarantineDesk.setState({ previewing: null }));
