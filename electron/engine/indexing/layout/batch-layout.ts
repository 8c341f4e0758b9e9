import type { LayoutOperation } from '../../../../shared/domain/indexing.js';
import type { DocumentRow } from '../../db/repositories/document-layout.js';
import { documentIdFor } from '../../separation/document-id.js';

/** A document in a layout: a stored document row without its position (the list order is it). */
export type LayoutDocument = Omit<DocumentRow, 'sequence'>;

/** A batch's split as the clerk sees it: what undo snapshots and restores. */
export interface BatchLayout {
  documents: LayoutDocument[];
  pages: { pageId: string; clerkRotation: 0 | 90 | 180 | 270; deleted: boolean }[];
}

export class LayoutRefusal extends Error {
  override name = 'LayoutRefusal';
}

/** A deep copy: operations change the copy, never the layout they were given (it is the undo snapshot). */
export const cloneLayout = (layout: BatchLayout): BatchLayout => JSON.parse(JSON.stringify(layout)) as BatchLayout;

/** A document a person split off: its pages only, nothing indexed yet (the clerk indexes it next). */
export const splitOffDocument = (id: string, pageIds: string[]): LayoutDocument => ({
  id,
  origin: 'file',
  patientMrn: null,
  patientMrnSource: null,
  docTypeCode: null,
  dateOfService: null,
  encounter: null,
  complete: true,
  pageIds,
});

/**
 * Applies one page operation to a layout and returns the new layout; the input is untouched.
 * Confirmed documents cannot be changed (reopen them first). Empty documents disappear. Pure,
 * so every operation and its undo are tested without a database.
 */
export function applyLayoutOperation(batchId: string, layout: BatchLayout, operation: LayoutOperation, isConfirmed: (documentId: string) => boolean): BatchLayout {
  const next = cloneLayout(layout);
  const docOf = (pageId: string) => next.documents.find((d) => d.pageIds.includes(pageId));
  const page = (pageId: string) => {
    const found = next.pages.find((p) => p.pageId === pageId);
    if (!found) throw new LayoutRefusal('That page is not in this batch.');
    return found;
  };
  const editable = (doc: LayoutDocument | undefined) => {
    if (!doc) throw new LayoutRefusal('That page is not in a document.');
    if (isConfirmed(doc.id)) throw new LayoutRefusal('This document is confirmed. Reopen it before changing its pages.');
    return doc;
  };
  const documentById = (id: string) => {
    const doc = next.documents.find((d) => d.id === id);
    if (!doc) throw new LayoutRefusal('That document is not in this batch.');
    return doc;
  };

  switch (operation.op) {
    case 'split': {
      const doc = editable(docOf(operation.pageId));
      const at = doc.pageIds.indexOf(operation.pageId);
      if (at === 0) throw new LayoutRefusal('This is already the first page of its document.');
      const moved = doc.pageIds.splice(at);
      // A moved page can have named a document that still exists: never reuse a live id.
      let id = documentIdFor(batchId, moved[0]!);
      for (let n = 2; next.documents.some((d) => d.id === id); n++) id = documentIdFor(batchId, `${moved[0]!}#${n}`);
      next.documents.splice(next.documents.indexOf(doc) + 1, 0, splitOffDocument(id, moved));
      break;
    }
    case 'merge-with-next': {
      const doc = editable(documentById(operation.documentId));
      const following = next.documents[next.documents.indexOf(doc) + 1];
      if (!following) throw new LayoutRefusal('This is the last document: there is nothing to merge it with.');
      editable(following);
      doc.pageIds.push(...following.pageIds);
      next.documents.splice(next.documents.indexOf(following), 1);
      break;
    }
    case 'move-page': {
      const from = editable(docOf(operation.pageId));
      const to = editable(documentById(operation.documentId));
      from.pageIds.splice(from.pageIds.indexOf(operation.pageId), 1);
      to.pageIds.splice(Math.min(operation.position - 1, to.pageIds.length), 0, operation.pageId);
      break;
    }
    case 'rotate-page': {
      editable(docOf(operation.pageId));
      const target = page(operation.pageId);
      target.clerkRotation = ((target.clerkRotation + operation.degrees) % 360) as 0 | 90 | 180 | 270;
      break;
    }
    case 'delete-page': {
      const doc = editable(docOf(operation.pageId));
      doc.pageIds.splice(doc.pageIds.indexOf(operation.pageId), 1);
      page(operation.pageId).deleted = true;
      break;
    }
    case 'restore-page': {
      const target = page(operation.pageId);
      if (!target.deleted) throw new LayoutRefusal('That page is not deleted.');
      const to = editable(documentById(operation.documentId));
      to.pageIds.push(operation.pageId);
      target.deleted = false;
      break;
    }
  }
  next.documents = next.documents.filter((d) => d.pageIds.length > 0);
  return next;
}
