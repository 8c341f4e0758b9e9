import { createHash } from 'node:crypto';
import { type BatchLayout, type LayoutDocument, cloneLayout as clone, splitOffDocument } from '../indexing/layout/batch-layout.js';

/*
 * A correction works on the batch's layout like the clerk's page operations do, but only on
 * its own documents: the replacement takes the original's place (and pages) in the batch, pages
 * can be removed from it or split off into a new document, and a cancel puts the original back
 * exactly as it was delivered. Pure functions, tested without a database.
 */

export class CorrectionRefusal extends Error {
  override name = 'CorrectionRefusal';
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The replacement's id: its own document to the repository, fixed by the correction (never reused). */
export const replacementIdFor = (originalId: string, correctionId: string) => hash(`${originalId}|replacement|${correctionId}`);
export const splitDocumentIdFor = (correctionId: string, firstPageId: string) => hash(`${correctionId}|split|${firstPageId}`);

function documentIn(layout: BatchLayout, documentId: string): LayoutDocument {
  const doc = layout.documents.find((d) => d.id === documentId);
  if (!doc) throw new CorrectionRefusal('That document is not in its batch any more.');
  return doc;
}

/** The replacement takes the original's place and pages; the original's row is kept by the correction. */
export function replaceWithSuccessor(layout: BatchLayout, originalId: string, replacementId: string): { layout: BatchLayout; original: LayoutDocument } {
  const next = clone(layout);
  const original = documentIn(next, originalId);
  const at = next.documents.indexOf(original);
  next.documents[at] = { ...original, id: replacementId };
  return { layout: next, original };
}

/** Pages filed under the wrong patient become a new document (open, for indexing) right after the replacement. */
export function splitOff(layout: BatchLayout, replacementId: string, pageIds: readonly string[], newId: string): BatchLayout {
  const next = clone(layout);
  const replacement = documentIn(next, replacementId);
  const moving = new Set(pageIds);
  if ([...moving].some((id) => !replacement.pageIds.includes(id))) throw new CorrectionRefusal('Only pages of the document being corrected can be split off.');
  const staying = replacement.pageIds.filter((id) => !moving.has(id));
  if (staying.length === 0) throw new CorrectionRefusal('At least one page must stay. To file the whole document under another patient, change its patient instead.');
  const moved = replacement.pageIds.filter((id) => moving.has(id));
  replacement.pageIds = staying;
  next.documents.splice(next.documents.indexOf(replacement) + 1, 0, splitOffDocument(newId, moved));
  return next;
}

export function removePage(layout: BatchLayout, replacementId: string, pageId: string): BatchLayout {
  const next = clone(layout);
  const replacement = documentIn(next, replacementId);
  if (!replacement.pageIds.includes(pageId)) throw new CorrectionRefusal('That page is not in the document being corrected.');
  if (replacement.pageIds.length === 1) throw new CorrectionRefusal('This is the last page. To withdraw the whole document, mark it entered in error instead.');
  replacement.pageIds = replacement.pageIds.filter((id) => id !== pageId);
  const page = next.pages.find((p) => p.pageId === pageId);
  if (page) page.deleted = true;
  return next;
}

/** Puts a removed page back where it was in the original. */
export function restorePage(layout: BatchLayout, replacementId: string, pageId: string, originalOrder: readonly string[]): BatchLayout {
  const next = clone(layout);
  const replacement = documentIn(next, replacementId);
  const page = next.pages.find((p) => p.pageId === pageId);
  if (!page?.deleted || !originalOrder.includes(pageId)) throw new CorrectionRefusal('That page was not removed from this document.');
  page.deleted = false;
  const wanted = new Set([...replacement.pageIds, pageId]);
  replacement.pageIds = originalOrder.filter((id) => wanted.has(id));
  return next;
}

/** Undoes a correction that was never confirmed: the original, its pages and their states as delivered. */
export function restoreOriginal(layout: BatchLayout, original: LayoutDocument, replaceIds: readonly string[]): BatchLayout {
  const next = clone(layout);
  const gone = new Set(replaceIds);
  const at = next.documents.findIndex((d) => gone.has(d.id));
  next.documents = next.documents.filter((d) => !gone.has(d.id));
  next.documents.splice(at < 0 ? next.documents.length : at, 0, original);
  const pages = new Set(original.pageIds);
  for (const page of next.pages) if (pages.has(page.pageId)) page.deleted = false;
  return next;
}
