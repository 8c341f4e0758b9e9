import type { BatchLayout } from '../../electron/engine/indexing/layout/batch-layout.js';

/** What a document made from a file has before anyone indexes it. */
const UNINDEXED = { origin: 'file', patientMrn: null, patientMrnSource: null, docTypeCode: null, dateOfService: null, encounter: null, complete: true } as const;

/**
 * A batch layout as the tests write it: each document by id with its page ids, in batch order;
 * every page upright and kept, no document indexed yet. `layoutOf({ A: ['a1', 'a2'], B: ['b1'] })`.
 */
export function layoutOf(pagesByDocument: Record<string, string[]>): BatchLayout {
  const documents = Object.entries(pagesByDocument).map(([id, pageIds]) => ({ ...UNINDEXED, id, pageIds }));
  const pages = documents.flatMap((d) => d.pageIds).map((pageId) => ({ pageId, clerkRotation: 0 as const, deleted: false }));
  return { documents, pages };
}
