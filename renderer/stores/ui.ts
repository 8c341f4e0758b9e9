import { create } from 'zustand';

interface UiState {
  shortcutsOpen: boolean;
  openShortcuts(): void;
  closeShortcuts(): void;
}

export const useUi = create<UiState>((set) => ({
  shortcutsOpen: false,
  openShortcuts: () => set({ shortcutsOpen: true }),
  closeShortcuts: () => set({ shortcutsOpen: false }),
}));
