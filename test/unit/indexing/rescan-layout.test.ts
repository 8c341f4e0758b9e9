import { describe, expect, it } from 'vitest';
import { type BatchLayout, splitOffDocument as doc } from '../../../electron/engine/indexing/layout/batch-layout.js';
import { applyRescanToLayout } from '../../../electron/engine/indexing/rescan/rescan-layout.js';

// Unindexed documents of loose pages, as a clerk's split makes them.
const layout = (): BatchLayout => ({
  documents: [doc('A', ['a1', 'a2', 'a3']), doc('B', ['b1'])],
  pages: ['a1', 'a2', 'a3', 'b1'].map((pageId) => ({ pageId, clerkRotation: 0 as const, deleted: false })),
});
const deleted = (l: BatchLayout) => l.pages.filter((p) => p.deleted).map((p) => p.pageId);

describe('pages from a rescan in a batch layout', () => {
  it('puts the new pages in the marked page’s place and keeps that page, deleted', () => {
    const placed = applyRescanToLayout(layout(), { kind: 'replace', pageId: 'a2' }, ['n1', 'n2'])!;
    expect(placed.documentId).toBe('A');
    expect(placed.after.documents.map((d) => d.pageIds)).toEqual([['a1', 'n1', 'n2', 'a3'], ['b1']]);
    expect(deleted(placed.after)).toEqual(['a2']);
  });

  it('adds the new pages right after the marked page', () => {
    const placed = applyRescanToLayout(layout(), { kind: 'insert-after', pageId: 'a3' }, ['n1'])!;
    expect(placed.after.documents.map((d) => d.pageIds)).toEqual([['a1', 'a2', 'a3', 'n1'], ['b1']]);
    expect(deleted(placed.after)).toEqual([]);
  });

  it('keeps an undo layout in which the new pages wait, deleted, instead of vanishing', () => {
    const placed = applyRescanToLayout(layout(), { kind: 'replace', pageId: 'b1' }, ['n1'])!;
    expect(placed.before.documents.map((d) => d.pageIds)).toEqual([['a1', 'a2', 'a3'], ['b1']]);
    expect(deleted(placed.before)).toEqual(['n1']);
  });

  it('places nothing when the marked page is in no document', () => {
    const loose = layout();
    loose.documents[0]!.pageIds = ['a1', 'a3'];
    expect(applyRescanToLayout(loose, { kind: 'replace', pageId: 'a2' }, ['n1'])).toBeNull();
  });
});
