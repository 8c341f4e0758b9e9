/** A page of a batch, in batch order, as the text-on-blank check sees it. */
export interface OrderedPage {
  pageId: string;
  /** The document it is in, or null for a page set aside (blank, separator or cover sheet). */
  documentId: string | null;
  /** OCR found text on it after it was judged blank from its image. */
  textOnBlank: boolean;
}

/**
 * The pages with text found after they were judged blank that concern one document: its own
 * (put back in it), and those still set aside after its pages and before the next document's
 * (kept aside because the document was already confirmed, or the clerk owns the split). Set-aside
 * pages before the first document concern the first document.
 */
export function blankPagesWithText(documentId: string, pages: readonly OrderedPage[]): { returned: string[]; setAside: string[] } {
  const returned: string[] = [];
  const setAside: string[] = [];
  let owner = pages.find((p) => p.documentId !== null)?.documentId ?? null;
  for (const page of pages) {
    if (page.documentId !== null) owner = page.documentId;
    if (!page.textOnBlank) continue;
    if (page.documentId === documentId) returned.push(page.pageId);
    else if (page.documentId === null && owner === documentId) setAside.push(page.pageId);
  }
  return { returned, setAside };
}
