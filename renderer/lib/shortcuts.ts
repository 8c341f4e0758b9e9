/** Every keyboard shortcut, in one place: the footer legends and the "?" overlay read this list. */
export interface Shortcut {
  keys: string[][]; // alternatives, each a sequence of keys pressed one after the other
  action: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const globalShortcuts: Shortcut[] = [
  { keys: [['G', 'B'], ['Alt', '1']], action: 'Go to Batches' },
  { keys: [['G', 'I'], ['Alt', '2']], action: 'Go to Intake' },
  { keys: [['G', 'Q'], ['Alt', '3']], action: 'Go to Quarantine' },
  { keys: [['G', 'S'], ['Alt', '4']], action: 'Go to Settings' },
  { keys: [['?']], action: 'Show keyboard shortcuts' },
];

export const batchListShortcuts: Shortcut[] = [
  { keys: [['↓'], ['J']], action: 'Next batch' },
  { keys: [['↑'], ['K']], action: 'Previous batch' },
  { keys: [['Home'], ['End']], action: 'First / last batch' },
  { keys: [['Enter']], action: 'Open the selected batch' },
];

export const viewerShortcuts: Shortcut[] = [
  { keys: [['Page Down'], ['↓'], ['J']], action: 'Next page' },
  { keys: [['Page Up'], ['↑'], ['K']], action: 'Previous page' },
  { keys: [['Home'], ['End']], action: 'First / last page' },
  { keys: [[']'], ['N']], action: 'Next document' },
  { keys: [['['], ['P']], action: 'Previous document' },
  { keys: [['B']], action: 'Show or hide barcode outlines' },
  { keys: [['T']], action: 'Show or hide the page text' },
  { keys: [['+']], action: 'Zoom in' },
  { keys: [['-']], action: 'Zoom out' },
  { keys: [['0']], action: 'Fit page' },
  { keys: [['W']], action: 'Fit width' },
  { keys: [['Esc']], action: 'Back to the batch list' },
];

export const shortcutGroups: ShortcutGroup[] = [
  { title: 'Anywhere', shortcuts: globalShortcuts },
  { title: 'Batch list', shortcuts: batchListShortcuts },
  { title: 'Batch viewer', shortcuts: viewerShortcuts },
];

/** Sequences in the sidebar, by section. */
export const sectionKeys = { batches: 'G B', intake: 'G I', quarantine: 'G Q', settings: 'G S' } as const;
