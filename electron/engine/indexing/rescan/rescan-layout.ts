import type { RescanKind } from '../../../../shared/domain/rescan.js';
import { type BatchLayout, cloneLayout as clone } from '../layout/batch-layout.js';

export interface RescanLayouts {
  /**
   * The layout undo goes back to: as it was, with the new pages present but deleted (in the
   * Deleted pages tray), so undoing the rescan loses none of them.
   */
  before: BatchLayout;
  after: BatchLayout;
  documentId: string;
}

/**
 * Puts the pages of a rescan into the document that holds the marked page: in the marked page's
 * place (which is then deleted, kept with its image until retention), or right after it. Pure;
 * null when the marked page is in no document any more.
 */
export function applyRescanToLayout(layout: BatchLayout, mark: { kind: RescanKind; pageId: string }, newPageIds: readonly string[]): RescanLayouts | null {
  const before = clone(layout);
  before.pages.push(...newPageIds.map((pageId) => ({ pageId, clerkRotation: 0 as const, deleted: true })));
  const after = clone(layout);
  const document = after.documents.find((d) => d.pageIds.includes(mark.pageId));
  if (!document) return null;
  const at = document.pageIds.indexOf(mark.pageId);
  if (mark.kind === 'replace') {
    document.pageIds.splice(at, 1, ...newPageIds);
    const replaced = after.pages.find((p) => p.pageId === mark.pageId);
    if (replaced) replaced.deleted = true;
  } else {
    document.pageIds.splice(at + 1, 0, ...newPageIds);
  }
  after.pages.push(...newPageIds.map((pageId) => ({ pageId, clerkRotation: 0 as const, deleted: false })));
  return { before, after, documentId: document.id };
}
