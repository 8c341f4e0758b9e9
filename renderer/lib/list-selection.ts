import { useState } from 'react';
import type { LegendItem } from './key-map.js';
import { isActivatableTarget, useKeys } from './keys.js';

/** Keys typed into any field (a checkbox or a filter's date too) are the field's own. */
const isFieldTarget = (target: EventTarget | null) => target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;

/**
 * The row chosen in a list from the keyboard: ↓ or J moves down, ↑ or K up, Enter opens the
 * chosen row (a focused button or link keeps its own Enter). Returns the chosen index, kept
 * inside the list as it shrinks, and a setter for a click.
 */
export function useListSelection(count: number, onOpen: (index: number) => void, options: { enabled?: boolean } = {}) {
  const [selected, setSelected] = useState(0);
  const chosen = Math.max(0, Math.min(selected, count - 1));
  useKeys(
    (event) => {
      if (isFieldTarget(event.target)) return false;
      switch (event.key) {
        case 'ArrowDown':
        case 'j':
          setSelected(Math.min(count - 1, chosen + 1));
          return true;
        case 'ArrowUp':
        case 'k':
          setSelected(Math.max(0, chosen - 1));
          return true;
        case 'Enter':
          if (isActivatableTarget(event.target) || count === 0) return false;
          onOpen(chosen);
          return true;
        default:
          return false;
      }
    },
    { enabled: options.enabled ?? true },
  );
  return [chosen, setSelected] as const;
}

/** The legend items for the keys useListSelection handles: ↑ ↓ to choose a row, Enter to open it. */
export const listSelectionLegend = (choose: string, open: string): LegendItem[] => [
  { keys: ['↑', '↓'], action: choose },
  { keys: ['Enter'], action: open },
];
