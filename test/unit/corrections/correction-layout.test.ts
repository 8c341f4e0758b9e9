import { describe, expect, it } from 'vitest';
import { CorrectionRefusal, removePage, replaceWithSuccessor, restoreOriginal, restorePage, splitOff } from '../../../electron/engine/corrections/correction-layout.js';
import type { BatchLayout, LayoutDocument } from '../../../electron/engine/indexing/layout/batch-layout.js';

const doc = (id: string, pageIds: string[]): LayoutDocument => ({
  id,
  origin: 'cover',
  patientMrn: '00123456',
  patientMrnSource: 'cover-sheet',
  docTypeCode: '18842-5',
  dateOfService: '2026-03-04',
  encounter: null,
  complete: true,
  pageIds,
});
const layout = (): BatchLayout => ({
  documents: [doc('a', ['p1']), doc('orig', ['p2', 'p3', 'p4', 'p5']), doc('z', ['p6'])],
  pages: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((pageId) => ({ pageId, clerkRotation: 0 as const, deleted: false })),
});

describe('a correction in its batch', () => {
  it('puts the replacement in the original’s place, with its pages and values, and can put the original back', () => {
    const before = layout();
    const { layout: replaced, original } = replaceWithSuccessor(before, 'orig', 'repl');
    expect(replaced.documents.map((d) => d.id)).toEqual(['a', 'repl', 'z']);
    expect(replaced.documents[1]).toEqual({ ...original, id: 'repl' });
    expect(before.documents[1]!.id).toBe('orig');

    const split = splitOff(replaced, 'repl', ['p4', 'p2'], 'split-1');
    expect(split.documents.map((d) => [d.id, d.pageIds])).toEqual([
      ['a', ['p1']],
      ['repl', ['p3', 'p5']],
      ['split-1', ['p2', 'p4']],
      ['z', ['p6']],
    ]);
    expect(split.documents[2]!.patientMrn).toBeNull();
    const removed = removePage(split, 'repl', 'p5');
    expect(removed.pages.find((p) => p.pageId === 'p5')!.deleted).toBe(true);
    expect(restorePage(removed, 'repl', 'p5', original.pageIds).documents[1]!.pageIds).toEqual(['p3', 'p5']);

    const back = restoreOriginal(removed, original, ['repl', 'split-1']);
    expect(back).toEqual(before);
  });

  it('refuses to leave the replacement without pages, or to take pages that are not its own', () => {
    const { layout: replaced } = replaceWithSuccessor(layout(), 'orig', 'repl');
    expect(() => splitOff(replaced, 'repl', ['p2', 'p3', 'p4', 'p5'], 's')).toThrow(CorrectionRefusal);
    expect(() => splitOff(replaced, 'repl', ['p6'], 's')).toThrow(/Only pages of the document being corrected/);
    const one = removePage(removePage(removePage(replaced, 'repl', 'p2'), 'repl', 'p3'), 'repl', 'p4');
    expect(() => removePage(one, 'repl', 'p5')).toThrow(/last page/);
    expect(() => restorePage(replaced, 'repl', 'p2', ['p2'])).toThrow(/was not removed/);
  });
});
