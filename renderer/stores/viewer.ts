import { create } from 'zustand';

export type Zoom = { mode: 'fit-page' } | { mode: 'fit-width' } | { mode: 'scale'; scale: number };

/** Zoom steps as a share of the paper's own size (1 = as large as the sheet; see PageViewer). */
const steps = [0.1, 0.125, 0.167, 0.2, 0.25, 0.33, 0.4, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4];
export const minScale = steps[0]!;
export const maxScale = steps[steps.length - 1]!;

interface ViewerState {
  zoom: Zoom;
  /** The size the page is shown at right now, as a share of the paper's (fit modes depend on the window size). */
  effectiveScale: number;
  setEffectiveScale(scale: number): void;
  fitPage(): void;
  fitWidth(): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Outlines of the barcodes recognition found, over the page (B). */
  showBarcodes: boolean;
  /** The page text panel (T). */
  showText: boolean;
  /** Outlines of the words read, over the page (from the text panel). */
  showWords: boolean;
  toggleBarcodes(): void;
  toggleText(): void;
  toggleWords(): void;
}

/**
 * The zoom stays as chosen when moving between pages and batches: clerks set it once. Fit width
 * by default: on a 1366x768 screen a whole page fits only too small to read.
 */
export const useViewer = create<ViewerState>((set, get) => ({
  zoom: { mode: 'fit-width' },
  effectiveScale: 1,
  setEffectiveScale(scale) {
    if (Math.abs(scale - get().effectiveScale) > 1e-4) set({ effectiveScale: scale });
  },
  fitPage: () => set({ zoom: { mode: 'fit-page' } }),
  fitWidth: () => set({ zoom: { mode: 'fit-width' } }),
  showBarcodes: false,
  showText: false,
  showWords: false,
  toggleBarcodes: () => set((s) => ({ showBarcodes: !s.showBarcodes })),
  toggleText: () => set((s) => ({ showText: !s.showText })),
  toggleWords: () => set((s) => ({ showWords: !s.showWords })),
  zoomIn() {
    const current = get().effectiveScale;
    const next = steps.find((s) => s > current * 1.01) ?? maxScale;
    set({ zoom: { mode: 'scale', scale: next } });
  },
  zoomOut() {
    const current = get().effectiveScale;
    const next = [...steps].reverse().find((s) => s < current * 0.99) ?? minScale;
    set({ zoom: { mode: 'scale', scale: next } });
  },
}));

type ZoomAction = 'zoomIn' | 'zoomOut' | 'fitPage' | 'fitWidth';

/** The zoom keys every page screen shares; "=" is + without Shift, "_" is - with it, W is w with Shift or Caps Lock. */
const zoomKeys: Record<string, ZoomAction> = { '+': 'zoomIn', '=': 'zoomIn', '-': 'zoomOut', _: 'zoomOut', '0': 'fitPage', w: 'fitWidth', W: 'fitWidth' };

/** Applies a zoom key (+ - 0 w); true when the key was one of them. */
export function applyZoomKey(key: string, viewer: Pick<ViewerState, ZoomAction>): boolean {
  const action = Object.hasOwn(zoomKeys, key) ? zoomKeys[key] : undefined;
  if (!action) return false;
  viewer[action]();
  return true;
}
