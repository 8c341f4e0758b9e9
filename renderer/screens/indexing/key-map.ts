import type { KeyMap } from '../../lib/key-map.js';

/** What the indexing screen's keys do; the screen supplies them (see Indexing.tsx). */
export interface IndexingCommands {
  acceptSuggestions(): void;
  confirm(): void;
  focusPatient(): void;
  focusType(): void;
  focusDate(): void;
  nextDocument(): void;
  previousDocument(): void;
  nextPage(): void;
  previousPage(): void;
  firstPage(): void;
  lastPage(): void;
  split(): void;
  merge(): void;
  movePage(delta: -1 | 1): void;
  movePageTo(delta: -1 | 1): void;
  rotate(degrees: 90 | 270): void;
  deletePage(): void;
  undo(): void;
  override(): void;
  rescan(): void;
  reopen(): void;
  toggleHighlights(): void;
  zoom(key: string): boolean;
  back(): void;
}

/**
 * The indexing screen's keys, in the order "?" lists them; the entries with a `legend` word make
 * the legend at the bottom of the screen, in the same order.
 */
export const indexingKeyMap: KeyMap<IndexingCommands> = [
  { press: ['a'], action: 'Accept the suggestions', needs: 'documents.acceptSuggestions', legend: 'Accept suggestions', run: (c) => c.acceptSuggestions() },
  {
    press: ['c', 'Ctrl+Enter'],
    action: 'Confirm the document, go to the next open one',
    needs: 'documents.confirm',
    legend: 'Confirm, next',
    inFields: true,
    run: (c) => c.confirm(),
  },
  // The "next batch" button takes the focus once the batch is confirmed: its own Enter.
  { press: ['Enter'], action: 'Once the batch is confirmed: index the next batch offered', needs: 'documents.confirm' },
  { press: ['/', 'F2'], action: 'Find the patient', needs: 'documents.setIndex', legend: 'Patient · type · date', inFields: true, run: (c) => c.focusPatient() },
  { press: ['y', 'F3'], action: 'Pick the type', needs: 'documents.setIndex', legend: 'Patient · type · date', inFields: true, run: (c) => c.focusType() },
  { press: ['d', 'F4'], action: 'Date of service', needs: 'documents.setIndex', legend: 'Patient · type · date', inFields: true, run: (c) => c.focusDate() },
  // The fields handle these themselves (ComboField).
  { press: ['ArrowUp', 'ArrowDown', 'Enter'], action: 'In a field: choose, take', needs: 'documents.setIndex' },
  { press: [']', 'n'], action: 'Go to the document after', legend: 'Document', run: (c) => c.nextDocument() },
  { press: ['[', 'p'], action: 'Go to the document before', legend: 'Document', run: (c) => c.previousDocument() },
  { press: ['PageDown', 'ArrowDown', 'j'], action: 'Next page of the document', legend: 'Page', run: (c) => c.nextPage() },
  { press: ['PageUp', 'ArrowUp', 'k'], action: 'Previous page of the document', legend: 'Page', run: (c) => c.previousPage() },
  { press: ['Home', 'End'], action: 'First / last page of the document', run: (c, press) => (press === 'Home' ? c.firstPage() : c.lastPage()) },
  { press: ['s'], action: 'Split: new document from this page', needs: 'layout.apply', legend: 'Split', run: (c) => c.split() },
  { press: ['m'], action: 'Merge with the document after', needs: 'layout.apply', legend: 'Merge', run: (c) => c.merge() },
  { press: ['Alt+ArrowUp', 'Alt+ArrowDown'], action: 'Move the page up / down', needs: 'layout.apply', run: (c, press) => c.movePage(press === 'Alt+ArrowUp' ? -1 : 1) },
  {
    press: ['Alt+ArrowLeft', 'Alt+ArrowRight'],
    action: 'Move the page into the document before / after',
    needs: 'layout.apply',
    run: (c, press) => c.movePageTo(press === 'Alt+ArrowLeft' ? -1 : 1),
  },
  { press: ['r'], action: 'Turn the page clockwise', needs: 'layout.apply', legend: 'Rotate', run: (c) => c.rotate(90) },
  { press: ['R'], action: 'Turn the page anticlockwise', needs: 'layout.apply', run: (c) => c.rotate(270) },
  { press: ['Delete'], action: 'Delete the page (to the Deleted pages tray)', needs: 'layout.apply', legend: 'Delete page', run: (c) => c.deletePage() },
  { press: ['Ctrl+z'], action: 'Undo the last page change', needs: 'layout.undo', legend: 'Undo', run: (c) => c.undo() },
  { press: ['o'], action: 'Override a blocking finding, with a reason', needs: 'qc.override', run: (c) => c.override() },
  { press: ['o'], action: 'Ask a reviewer to override a blocking finding', needs: 'overrideRequests.request', unless: 'qc.override', run: (c) => c.override() },
  { press: ['x'], action: 'Replace this page, or add pages after it, from the next scan', needs: 'rescan.mark', legend: 'Rescan page', run: (c) => c.rescan() },
  { press: ['e'], action: 'Reopen a confirmed document', needs: 'documents.reopen', run: (c) => c.reopen() },
  { press: ['h'], action: 'Show or hide identifier highlights', run: (c) => c.toggleHighlights() },
  { press: ['+', '-', '0', 'w'], also: ['=', '_'], action: 'Zoom in / out, fit page, fit width', run: (c, press) => c.zoom(press) },
  // A field's own Esc leaves the field; on the screen Esc goes back.
  { press: ['Escape'], action: 'Leave a field / back to the batch', legend: 'Back', run: (c) => c.back() },
];
