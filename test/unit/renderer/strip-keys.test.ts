import { describe, expect, it } from 'vitest';
import { stripItemKeys } from '../../../renderer/lib/strip-keys.js';

const pages = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ page: { id: `p${from + i}` } }));
const documentGroup = (id: string, from: number, to: number, continued = false) => ({ kind: 'document' as const, document: { id }, continued, entries: pages(from, to) });
const loose = (from: number, to: number) => ({ kind: 'loose' as const, pages: pages(from, to).map((e) => e.page) });

describe('stripItemKeys: the page strip keeps its groups while recognition sorts a box', () => {
  it('keeps the key of the group of pages not sorted yet when its first page joins a document', () => {
    // A 500-page box: pages 1-5 sorted into a document, 6-500 still being checked; then page 6 is sorted.
    const before = stripItemKeys([documentGroup('d1', 1, 5), loose(6, 500)]);
    const after = stripItemKeys([documentGroup('d1', 1, 6), loose(7, 500)]);
    expect(after).toEqual(before);
    // A new document taking the next pages leaves the loose group's key as it was too.
    expect(stripItemKeys([documentGroup('d1', 1, 6), documentGroup('d7', 7, 11), loose(12, 500)])[2]).toBe(before[1]);
  });

  it('gives every group its own key: documents, a document continued after a set-aside sheet, set-aside sheets, loose groups', () => {
    const keys = stripItemKeys([documentGroup('d1', 1, 2), { kind: 'aside', page: { id: 'p3' } }, documentGroup('d1', 4, 5, true), loose(6, 7), { kind: 'aside', page: { id: 'p8' } }, loose(9, 10)]);
    expect(keys).toEqual(['doc-d1', 'aside-p3', 'doc-d1-p4', 'loose-0', 'aside-p8', 'loose-1']);
  });
});
