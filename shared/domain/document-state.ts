import { z } from 'zod';

/**
 * Where a document stands, as one word. The engine decides it (electron/engine/api/document-state.ts)
 * and sends it with the document, so the document list, the index panel, the batch list and its
 * filters always say the same thing.
 *
 * Open documents: 'to-do' (a patient, type or date still to choose), 'blocked' (a QC check blocks
 * it: only fixing the pages or an override with a reason lets it through), 'ready' (can be
 * confirmed). Confirmed documents: 'waiting-for-review' (held until a reviewer approves it),
 * then on their way out: 'waiting-for-text' (OCR has pages left to read), 'waiting-to-send' (in
 * line, or to be tried again after a problem), 'sending', 'delivered', 'delivery-failed', 'held';
 * 'confirmed' when no delivery is set up for it.
 */
export const DocumentState = z.enum(['to-do', 'blocked', 'ready', 'waiting-for-review', 'waiting-for-text', 'waiting-to-send', 'sending', 'delivered', 'delivery-failed', 'held', 'confirmed']);
export type DocumentState = z.infer<typeof DocumentState>;

export const documentStateNames: Record<DocumentState, string> = {
  'to-do': 'To do',
  blocked: 'Blocked',
  ready: 'Ready to confirm',
  'waiting-for-review': 'Waiting for review',
  'waiting-for-text': 'Waiting for text',
  'waiting-to-send': 'Waiting to send',
  sending: 'Sending',
  delivered: 'Delivered',
  'delivery-failed': 'Delivery failed',
  held: 'Held',
  confirmed: 'Confirmed',
};

export const isOpenState = (state: DocumentState): boolean => state === 'to-do' || state === 'blocked' || state === 'ready';

/** A batch's documents counted by state: what the batch list shows and filters on. */
export const BatchIndexCounts = z.object({
  total: z.number().int().nonnegative(),
  /** Not confirmed yet: to do, blocked or ready. */
  open: z.number().int().nonnegative(),
  toDo: z.number().int().nonnegative(),
  blocked: z.number().int().nonnegative(),
  ready: z.number().int().nonnegative(),
  confirmed: z.number().int().nonnegative(),
  /** Open documents a reviewer sent back. */
  sentBack: z.number().int().nonnegative(),
});
export type BatchIndexCounts = z.infer<typeof BatchIndexCounts>;

/** The batch list's filters. */
export const BatchFilter = z.enum(['to-index', 'blocked', 'sent-back', 'all']);
export type BatchFilter = z.infer<typeof BatchFilter>;

export const batchFilterNames: Record<BatchFilter, string> = {
  'to-index': 'To index',
  blocked: 'Blocked',
  'sent-back': 'Sent back by QC',
  all: 'All',
};

/**
 * Whether a batch belongs under a filter. 'to-index': documents still to confirm, or pages still
 * being checked (more documents may come); 'blocked': a QC check blocks one of its documents;
 * 'sent-back': a reviewer sent one back and it is not confirmed again yet.
 */
export const inBatchFilter = (filter: BatchFilter, batch: { indexing: BatchIndexCounts; recognition: { total: number; fastDone: number } }): boolean => {
  switch (filter) {
    case 'to-index':
      return batch.indexing.open > 0 || batch.recognition.fastDone < batch.recognition.total;
    case 'blocked':
      return batch.indexing.blocked > 0;
    case 'sent-back':
      return batch.indexing.sentBack > 0;
    case 'all':
      return true;
  }
};

/**
 * The batch a clerk is offered after confirming the last document of one: the oldest other
 * batch with documents they can work on (to do or ready), else one still being split into
 * documents, else one whose documents are all blocked (they wait for a reviewer; offered last).
 */
export const nextBatchToIndex = <B extends { id: string; createdAt: string; indexing: BatchIndexCounts; recognition: { total: number; fastDone: number } }>(
  batches: readonly B[],
  currentId: string,
): B | null => {
  const others = batches.filter((b) => b.id !== currentId && inBatchFilter('to-index', b)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return others.find((b) => b.indexing.toDo + b.indexing.ready > 0) ?? others.find((b) => b.recognition.fastDone < b.recognition.total) ?? others[0] ?? null;
};
