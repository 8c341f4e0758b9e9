import { create } from 'zustand';
import { onSignedOut } from './session.js';

interface IntegrityState {
  /** Pages whose stored image the station found altered or damaged (it announces each once). */
  tamperedPages: ReadonlySet<string>;
  markTampered(pageId: string): void;
}

export const useIntegrity = create<IntegrityState>((set) => ({
  tamperedPages: new Set(),
  markTampered: (pageId) => set((s) => ({ tamperedPages: new Set([...s.tamperedPages, pageId]) })),
}));

onSignedOut(() => useIntegrity.setState({ tamperedPages: new Set() }));
