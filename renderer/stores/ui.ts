import { create } from 'zustand';

interface UiState {
  shortcutsOpen: boolean;
  openShortcuts(): void;
  closeShortcuts(): void;
  /** The indexing panel's warnings, folded to one line or open (kept as the clerk left it). */
  warningsOpen: boolean;
  setWarningsOpen(open: boolean): void;
}

export const useUi = create<UiState>((set) => ({
  shortcutsOpen: false,
  openShortcuts: () => set({ shortcutsOpen: true }),
  closeShortcuts: () => set({ shortcutsOpen: false }),
  warningsOpen: false,
  setWarningsOpen: (open) => set({ warningsOpen: open }),
}));
