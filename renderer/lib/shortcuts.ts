import type { MethodName } from '../../shared/api/contract.js';
import type { Role } from '../../shared/domain/user.js';
import type { Route, Section } from '../stores/router.js';
import { batchViewerKeyMap } from '../screens/batch-viewer/key-map.js';
import { indexingKeyMap } from '../screens/indexing/key-map.js';
import { type LegendItem, offeredTo, shortcutsOf } from './key-map.js';

/** Every keyboard shortcut, in one place: the footer legends and the "?" overlay read this list. */
export interface Shortcut {
  keys: string[][]; // alternatives, each a sequence of keys pressed one after the other
  action: string;
  /** Offered only to roles that may call this method (the contract's access rules, see mayCall). */
  needs?: MethodName;
  /** Not offered to roles that may call this one (they have a stronger key for the same thing). */
  unless?: MethodName;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const globalShortcuts: Shortcut[] = [
  {
    keys: [
      ['G', 'B'],
      ['Alt', '1'],
    ],
    action: 'Go to Batches',
  },
  {
    keys: [
      ['G', 'I'],
      ['Alt', '2'],
    ],
    action: 'Go to Intake',
  },
  {
    keys: [
      ['G', 'Q'],
      ['Alt', '3'],
    ],
    action: 'Go to Quarantine',
  },
  {
    keys: [
      ['G', 'D'],
      ['Alt', '5'],
    ],
    action: 'Go to Delivery',
  },
  {
    keys: [
      ['G', 'R'],
      ['Alt', '6'],
    ],
    action: 'Go to QC review',
    needs: 'review.queue',
  },
  {
    keys: [
      ['G', 'P'],
      ['Alt', '7'],
    ],
    action: 'Go to Reports',
    needs: 'reports.summary',
  },
  {
    keys: [
      ['G', 'C'],
      ['Alt', '8'],
    ],
    action: 'Go to Corrections',
    needs: 'corrections.policy',
  },
  {
    keys: [
      ['G', 'S'],
      ['Alt', '4'],
    ],
    action: 'Go to Settings',
  },
  { keys: [['?']], action: 'Show the keyboard shortcuts of this screen' },
];

export const batchListShortcuts: Shortcut[] = [
  { keys: [['↓'], ['J']], action: 'Next batch' },
  { keys: [['↑'], ['K']], action: 'Previous batch' },
  { keys: [['Home'], ['End']], action: 'First / last batch' },
  { keys: [['Enter']], action: 'Open the selected batch' },
  { keys: [['I']], action: 'Index the selected batch' },
  { keys: [['1']], action: 'Show the batches to index' },
  { keys: [['2']], action: 'Show the batches with a blocked document' },
  { keys: [['3']], action: 'Show the batches with documents sent back by QC' },
  { keys: [['4']], action: 'Show all batches' },
];

/** The batch viewer's and the indexing screen's rows come from their key maps, which their key handlers dispatch from. */
export const viewerShortcuts: Shortcut[] = shortcutsOf(batchViewerKeyMap);

export const indexingShortcuts: Shortcut[] = shortcutsOf(indexingKeyMap);

export const deliveryShortcuts: Shortcut[] = [
  { keys: [['↓'], ['J']], action: 'Next delivery' },
  { keys: [['↑'], ['K']], action: 'Previous delivery' },
  { keys: [['Enter']], action: 'Open the document of the selected delivery' },
  { keys: [['R']], action: 'Retry the selected delivery now', needs: 'delivery.retry' },
  { keys: [['H']], action: 'Hold the selected delivery', needs: 'delivery.hold' },
];

export const reviewQueueShortcuts: Shortcut[] = [
  { keys: [['↓'], ['J']], action: 'Next batch' },
  { keys: [['↑'], ['K']], action: 'Previous batch' },
  { keys: [['Enter']], action: 'Review the selected batch' },
  { keys: [['O']], action: 'Open the oldest override request', needs: 'overrideRequests.decide' },
];

export const reviewBatchShortcuts: Shortcut[] = [
  { keys: [['A']], action: 'Approve the document', needs: 'review.decide' },
  { keys: [['R']], action: 'Reject the document, with a reason', needs: 'review.decide' },
  { keys: [['J'], [']']], action: 'Next document' },
  { keys: [['K'], ['[']], action: 'Previous document' },
  { keys: [['Page Down'], ['→']], action: 'Next page' },
  { keys: [['Page Up'], ['←']], action: 'Previous page' },
  { keys: [['Esc']], action: 'Back to the review queue' },
];

export const quarantineShortcuts: Shortcut[] = [
  { keys: [['→'], ['Page Down']], action: 'In a file’s pages: next page', needs: 'quarantine.preview' },
  { keys: [['←'], ['Page Up']], action: 'In a file’s pages: previous page', needs: 'quarantine.preview' },
  { keys: [['Esc']], action: 'Close the file’s pages', needs: 'quarantine.preview' },
];

/** The screens that have keys of their own. */
const screenGroups: Partial<Record<Route['name'], ShortcutGroup>> = {
  batches: { title: 'Batch list', shortcuts: batchListShortcuts },
  batch: { title: 'Batch viewer', shortcuts: viewerShortcuts },
  index: { title: 'Indexing', shortcuts: indexingShortcuts },
  delivery: { title: 'Delivery', shortcuts: deliveryShortcuts },
  review: { title: 'QC review', shortcuts: reviewQueueShortcuts },
  'review-batch': { title: 'Reviewing a batch', shortcuts: reviewBatchShortcuts },
  quarantine: { title: 'Quarantine', shortcuts: quarantineShortcuts },
};

const forRole = (shortcuts: readonly Shortcut[], role: Role | null | undefined) => shortcuts.filter((s) => offeredTo(role, s));

/** What "?" lists: the keys of the screen on show, then those that work anywhere, as far as the role may use them. */
export function shortcutsFor(screen: Route['name'], role: Role | null | undefined): ShortcutGroup[] {
  const own = screenGroups[screen];
  const groups = [...(own ? [own] : []), { title: 'Anywhere', shortcuts: globalShortcuts }];
  return groups.map((g) => ({ ...g, shortcuts: forRole(g.shortcuts, role) })).filter((g) => g.shortcuts.length > 0);
}

/** Sequences in the sidebar, by section. */
export const sectionKeys = { batches: 'G B', intake: 'G I', quarantine: 'G Q', delivery: 'G D', review: 'G R', reports: 'G P', settings: 'G S', corrections: 'G C' } as const;

/** What the legends call each section. */
const sectionNames: Record<Section, string> = {
  batches: 'Batches',
  intake: 'Intake',
  quarantine: 'Quarantine',
  delivery: 'Delivery',
  review: 'QC review',
  reports: 'Reports',
  settings: 'Settings',
  corrections: 'Corrections',
};

/** Legend items for the sections a screen leads on to: the G sequence, then the section's name. */
export const goToLegend = (...sections: Section[]): LegendItem[] => sections.map((section) => ({ keys: [sectionKeys[section]], action: sectionNames[section] }));
