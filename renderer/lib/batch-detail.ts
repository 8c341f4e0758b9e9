import type { BatchDetail } from '../../shared/domain/batch.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Each item of `next` that equals the one with its id in `previous` is replaced by that one. */
function reuseItems<T extends { id: string }>(previous: readonly T[], next: readonly T[]): { items: T[]; changed: boolean } {
  const before = new Map(previous.map((item) => [item.id, item]));
  let changed = previous.length !== next.length;
  const items = next.map((item, i) => {
    const old = before.get(item.id);
    // The same object (a page a partial answer left alone) needs no comparing.
    if (old && (old === item || same(old, item))) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return item;
  });
  return { items, changed };
}

/**
 * A refetched batch detail that keeps the objects of the one on screen wherever nothing changed:
 * the same detail when nothing did, else the same page and document objects for those that did
 * not. A 500-page batch is refetched while recognition reads it; an answer that changes two pages
 * then redraws two thumbnails, and one that changes nothing redraws nothing.
 */
export function reuseUnchanged(previous: BatchDetail | null, next: BatchDetail): BatchDetail {
  if (!previous || previous.id !== next.id) return next;
  const pages = reuseItems(previous.pages, next.pages);
  const documents = reuseItems(previous.documents, next.documents);
  const { pages: _p, documents: _d, ...rest } = next;
  const { pages: _pp, documents: _pd, ...restBefore } = previous;
  if (!pages.changed && !documents.changed && same(restBefore, rest)) return previous;
  return { ...next, pages: pages.changed ? pages.items : previous.pages, documents: documents.changed ? documents.items : previous.documents };
}

/**
 * The batch on screen with the pages of a partial answer (batches.getPages for `asked`) put in
 * their place, and its documents and counts as the answer has them: the other pages keep their
 * objects, so a recognition event redraws the thumbnails it changed and nothing is compared or
 * parsed for the rest of a 500-page batch. null when the answer does not fit what is on screen
 * (a page asked for is gone or moved, pages came or went, a document holds a page not shown):
 * then the batch is fetched whole.
 */
export function patchPages(previous: BatchDetail, answer: BatchDetail, asked: readonly string[]): BatchDetail | null {
  if (previous.id !== answer.id || previous.pageCount !== answer.pageCount || answer.pages.length !== new Set(asked).size) return null;
  const place = new Map(previous.pages.map((p, i) => [p.id, i]));
  const pages = [...previous.pages];
  for (const page of answer.pages) {
    const i = place.get(page.id);
    if (i === undefined || pages[i]!.sequence !== page.sequence) return null;
    pages[i] = page;
  }
  if (answer.documents.some((d) => d.pageIds.some((id) => !place.has(id)))) return null;
  return reuseUnchanged(previous, { ...answer, pages });
}
