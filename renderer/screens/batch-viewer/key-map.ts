import type { KeyMap } from '../../lib/key-map.js';

/** What the batch viewer's keys do; the viewer supplies them (see BatchViewer.tsx). */
export interface BatchViewerCommands {
  nextPage(): void;
  previousPage(): void;
  firstPage(): void;
  lastPage(): void;
  nextDocument(): void;
  previousDocument(): void;
  toggleBarcodes(): void;
  toggleText(): void;
  zoom(key: string): boolean;
  /** False when the batch has no documents yet. */
  index(): boolean;
  back(): void;
}

/** The batch viewer's keys, in the order "?" lists them; those with a `legend` word make the legend, in the same order. */
export const batchViewerKeyMap: KeyMap<BatchViewerCommands> = [
  { press: ['PageDown', 'ArrowDown', 'j'], action: 'Next page', legend: 'Page', run: (c) => c.nextPage() },
  { press: ['PageUp', 'ArrowUp', 'k'], action: 'Previous page', legend: 'Page', run: (c) => c.previousPage() },
  { press: ['Home', 'End'], action: 'First / last page', run: (c, press) => (press === 'Home' ? c.firstPage() : c.lastPage()) },
  { press: [']', 'n', 'N'], action: 'Next document', legend: 'Document', run: (c) => c.nextDocument() },
  { press: ['[', 'p', 'P'], action: 'Previous document', legend: 'Document', run: (c) => c.previousDocument() },
  { press: ['b', 'B'], action: 'Show or hide barcode outlines', legend: 'Barcodes', run: (c) => c.toggleBarcodes() },
  { press: ['t', 'T'], action: 'Show or hide the page text', legend: 'Text', run: (c) => c.toggleText() },
  { press: ['+'], also: ['='], action: 'Zoom in', legend: 'Zoom', run: (c, press) => c.zoom(press) },
  { press: ['-'], also: ['_'], action: 'Zoom out', legend: 'Zoom', run: (c, press) => c.zoom(press) },
  { press: ['0'], action: 'Fit page', legend: 'Fit page', run: (c, press) => c.zoom(press) },
  { press: ['w', 'W'], action: 'Fit width', legend: 'Fit width', run: (c, press) => c.zoom(press) },
  { press: ['i', 'I'], action: 'Index this document', legend: 'Index', run: (c) => c.index() },
  { press: ['Escape'], action: 'Back to the batch list', legend: 'Back', run: (c) => c.back() },
];
