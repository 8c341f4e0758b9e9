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
  { keys: [['G', 'D'], ['Alt', '5']], action: 'Go to Delivery' },
  { keys: [['G', 'P'], ['Alt', '7']], action: 'Go to Reports' },
  { keys: [['G', 'C'], ['Alt', '8']], action: 'Go to Corrections' },
  { keys: [['G', 'S'], ['Alt', '4']], action: 'Go to Settings' },
  { keys: [['?']], action: 'Show keyboard shortcuts' },
];

export const batchListShortcuts: Shortcut[] = [
  { keys: [['↓'], ['J']], action: 'Next batch' },
  { keys: [['↑'], ['K']], action: 'Previous batch' },
  { keys: [['Home'], ['End']], action: 'First / last batch' },
  { keys: [['Enter']], action: 'Open the selected batch' },
  { keys: [['I']], action: 'Index the selected batch' },
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
  { keys: [['I']], action: 'Index this document' },
  { keys: [['Esc']], action: 'Back to the batch list' },
];

export const indexingShortcuts: Shortcut[] = [
  { keys: [['A']], action: 'Accept the suggestions' },
  { keys: [['C'], ['Ctrl', 'Enter']], action: 'Confirm the document, go to the next open one' },
  { keys: [['/'], ['F2']], action: 'Find the patient' },
  { keys: [['Y'], ['F3']], action: 'Pick the type' },
  { keys: [['D'], ['F4']], action: 'Date of service' },
  { keys: [['↑'], ['↓'], ['Enter']], action: 'In a field: choose, take' },
  { keys: [['Esc']], action: 'Leave a field / back to the batch' },
  { keys: [[']'], ['N']], action: 'Go to the document after' },
  { keys: [['['], ['P']], action: 'Go to the document before' },
  { keys: [['Page Down'], ['J']], action: 'Next page of the document' },
  { keys: [['Page Up'], ['K']], action: 'Previous page of the document' },
  { keys: [['S']], action: 'Split: new document from this page' },
  { keys: [['M']], action: 'Merge with the document after' },
  { keys: [['Alt', '↑'], ['Alt', '↓']], action: 'Move the page up / down' },
  { keys: [['Alt', '←'], ['Alt', '→']], action: 'Move the page into the document before / after' },
  { keys: [['R']], action: 'Turn the page clockwise' },
  { keys: [['Shift', 'R']], action: 'Turn the page anticlockwise' },
  { keys: [['Delete']], action: 'Delete the page (to the Deleted pages tray)' },
  { keys: [['Ctrl', 'Z']], action: 'Undo the last page change' },
  { keys: [['O']], action: 'Override a blocking finding (admin, reviewer); ask a reviewer to (clerk)' },
  { keys: [['X']], action: 'Replace this page, or add pages after it, from the next scan' },
  { keys: [['E']], action: 'Reopen a confirmed document' },
  { keys: [['H']], action: 'Show or hide identifier highlights' },
  { keys: [['+'], ['-'], ['0'], ['W']], action: 'Zoom in / out, fit page, fit width' },
];

export const deliveryShortcuts: Shortcut[] = [
  { keys: [['↓'], ['J']], action: 'Next delivery' },
  { keys: [['↑'], ['K']], action: 'Previous delivery' },
  { keys: [['Enter']], action: 'Open the document of the selected delivery' },
  { keys: [['R']], action: 'Retry the selected delivery now (admin)' },
  { keys: [['H']], action: 'Hold the selected delivery (admin)' },
];

export const shortcutGroups: ShortcutGroup[] = [
  { title: 'Anywhere', shortcuts: globalShortcuts },
  { title: 'Batch list', shortcuts: batchListShortcuts },
  { title: 'Batch viewer', shortcuts: viewerShortcuts },
  { title: 'Indexing', shortcuts: indexingShortcuts },
  { title: 'Delivery', shortcuts: deliveryShortcuts },
];

/** Sequences in the sidebar, by section. */
export const sectionKeys = { batches: 'G B', intake: 'G I', quarantine: 'G Q', delivery: 'G D', review: 'G R', reports: 'G P', settings: 'G S', corrections: 'G C' } as const;
