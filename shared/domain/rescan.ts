import { z } from 'zod';

/** What the next scan does for a marked document. */
export const RescanKind = z.enum(['replace', 'insert-after']);
export type RescanKind = z.infer<typeof RescanKind>;

export const RescanMarkState = z.enum(['armed', 'used', 'cancelled', 'lapsed']);
export type RescanMarkState = z.infer<typeof RescanMarkState>;

/**
 * "Replace page N from the next scan" or "insert pages after page N from the next scan". While
 * a mark is armed, the next file dropped at the station supplies those pages instead of
 * becoming a batch of its own.
 */
export const RescanMark = z.object({
  id: z.string(),
  batchId: z.string(),
  batchLabel: z.string(),
  /** The document that holds the marked page now (null if the page left every document). */
  documentId: z.string().nullable(),
  documentNumber: z.number().int().positive().nullable(),
  kind: RescanKind,
  pageId: z.string(),
  /** The marked page's position in its document now (1-based), null if it left the document. */
  pageNumber: z.number().int().positive().nullable(),
  markedBy: z.string(),
  markedAt: z.string(),
  state: RescanMarkState,
  endedAt: z.string().nullable(),
  endedBy: z.string().nullable(),
});
export type RescanMark = z.infer<typeof RescanMark>;

export const RescanMarkInput = z.strictObject({
  documentId: z.string().min(1).max(64),
  kind: RescanKind,
  /** The page to replace, or the page after which the new pages go. */
  pageId: z.string().min(1).max(64),
});

/**
 * The sentence a person reads about a mark: "replace page 3 of document 2 in B-000012", or, on
 * the document itself, "replace page 3 of this document".
 */
export function rescanMarkSentence(mark: Pick<RescanMark, 'kind' | 'pageNumber' | 'documentNumber' | 'batchLabel'>, options: { here?: boolean } = {}): string {
  const page = mark.pageNumber === null ? 'the marked page' : `page ${mark.pageNumber}`;
  const where = options.here ? 'this document' : `${mark.documentNumber === null ? 'its document' : `document ${mark.documentNumber}`} in ${mark.batchLabel}`;
  return mark.kind === 'replace' ? `replace ${page} of ${where}` : `add pages after ${page} of ${where}`;
}
