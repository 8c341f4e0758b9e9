import { create } from 'zustand';
import { call } from '../api/client.js';
import { onSignedOut } from './session.js';

interface SensitiveState {
  /** Pages of sensitive documents this session stated a reason for (the station unblurs them). */
  revealedPages: ReadonlySet<string>;
  revealedDocuments: ReadonlySet<string>;
  reveal(documentId: string, pageIds: readonly string[], reason: string): Promise<{ ok: true } | { ok: false; message: string }>;
}

export const useSensitive = create<SensitiveState>((set) => ({
  revealedPages: new Set(),
  revealedDocuments: new Set(),
  async reveal(documentId, pageIds, reason) {
    const result = await call('documents.revealSensitive', { documentId, reason });
    if (!result.ok) return { ok: false, message: result.error.fields?.['reason'] ?? result.error.message };
    set((s) => ({ revealedPages: new Set([...s.revealedPages, ...pageIds]), revealedDocuments: new Set([...s.revealedDocuments, documentId]) }));
    return { ok: true };
  },
}));

onSignedOut(() => useSensitive.setState({ revealedPages: new Set(), revealedDocuments: new Set() }));
