import { describe, expect, it } from 'vitest';
import { type BatchLayout, LayoutRefusal, applyLayoutOperation } from '../../../electron/engine/indexing/layout/batch-layout.js';
import { layoutOf } from '../../support/batch-layouts.js';

const layout = (): BatchLayout => layoutOf({ A: ['a1', 'a2', 'a3'], B: ['b1', 'b2'] });
const none = () => false;
const apply = (l: BatchLayout, op: Parameters<typeof applyLayoutOperation>[2], confirmed: (id: string) => boolean = none) => applyLayoutOperation('batch-1', l, op, confirmed);
const shape = (l: BatchLayout) => l.documents.map((d) => d.pageIds);

describe('page operations on a batch layout', () => {
  it('splits a document at a page: that page and the ones after start a new document', () => {
    const after = apply(layout(), { op: 'split', pageId: 'a2' });
    expect(shape(after)).toEqual([['a1'], ['a2', 'a3'], ['b1', 'b2']]);
    expect(after.documents[1]!.id).not.toBe('A');
  });

  it('refuses to split at the first page', () => {
    expect(() => apply(layout(), { op: 'split', pageId: 'b1' })).toThrow(LayoutRefusal);
  });

  it('merges a document with the next and refuses at the last', () => {
    expect(shape(apply(layout(), { op: 'merge-with-next', documentId: 'A' }))).toEqual([['a1', 'a2', 'a3', 'b1', 'b2']]);
    expect(() => apply(layout(), { op: 'merge-with-next', documentId: 'B' })).toThrow(/last document/);
  });

  it('moves a page within and across documents, and drops a document left empty', () => {
    expect(shape(apply(layout(), { op: 'move-page', pageId: 'a3', documentId: 'A', position: 1 }))).toEqual([
      ['a3', 'a1', 'a2'],
      ['b1', 'b2'],
    ]);
    expect(shape(apply(layout(), { op: 'move-page', pageId: 'b1', documentId: 'A', position: 99 }))).toEqual([['a1', 'a2', 'a3', 'b1'], ['b2']]);
    let l = apply(layout(), { op: 'move-page', pageId: 'b1', documentId: 'A', position: 1 });
    l = apply(l, { op: 'move-page', pageId: 'b2', documentId: 'A', position: 1 });
    expect(shape(l)).toEqual([['b2', 'b1', 'a1', 'a2', 'a3']]);
  });

  it('turns a page further clockwise, wrapping at a full turn', () => {
    let l = apply(layout(), { op: 'rotate-page', pageId: 'a1', degrees: 270 });
    l = apply(l, { op: 'rotate-page', pageId: 'a1', degrees: 180 });
    expect(l.pages.find((p) => p.pageId === 'a1')!.clerkRotation).toBe(90);
  });

  it('keeps a deleted page recoverable, and restores it', () => {
    const deleted = apply(layout(), { op: 'delete-page', pageId: 'a2' });
    expect(shape(deleted)).toEqual([
      ['a1', 'a3'],
      ['b1', 'b2'],
    ]);
    expect(deleted.pages.find((p) => p.pageId === 'a2')).toEqual({ pageId: 'a2', clerkRotation: 0, deleted: true });
    const restored = apply(deleted, { op: 'restore-page', pageId: 'a2', documentId: 'B' });
    expect(shape(restored)).toEqual([
      ['a1', 'a3'],
      ['b1', 'b2', 'a2'],
    ]);
    expect(() => apply(layout(), { op: 'restore-page', pageId: 'a2', documentId: 'B' })).toThrow(/not deleted/);
  });

  it('refuses to change a confirmed document', () => {
    const confirmed = (id: string) => id === 'B';
    expect(() => apply(layout(), { op: 'delete-page', pageId: 'b1' }, confirmed)).toThrow(/Reopen/);
    expect(() => apply(layout(), { op: 'merge-with-next', documentId: 'A' }, confirmed)).toThrow(/Reopen/);
    expect(() => apply(layout(), { op: 'move-page', pageId: 'a1', documentId: 'B', position: 1 }, confirmed)).toThrow(/Reopen/);
  });

  it('never changes the layout it was given (undo restores the snapshot taken before)', () => {
    const before = layout();
    const copy = JSON.parse(JSON.stringify(before));
    apply(before, { op: 'split', pageId: 'a2' });
    apply(before, { op: 'delete-page', pageId: 'b2' });
    expect(before).toEqual(copy);
  });

  it('does not reuse the id of a live document when a moved page is split off again', () => {
    let l = apply(layout(), { op: 'split', pageId: 'a2' });
    const idOfA2 = l.documents[1]!.id;
    l = apply(l, { op: 'move-page', pageId: 'a3', documentId: l.documents[0]!.id, position: 2 });
    l = apply(l, { op: 'move-page', pageId: 'a2', documentId: 'B', position: 3 });
    l = apply(l, { op: 'split', pageId: 'a2' });
    const ids = l.documents.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id === idOfA2).length).toBeLessThanOrEqual(1);
  });
});
