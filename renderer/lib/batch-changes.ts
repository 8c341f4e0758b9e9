/** What a screen must fetch again of a batch it holds: some of its pages, or all of it. */
export type BatchChange = { kind: 'pages'; pageIds: string[] } | { kind: 'whole' };

/**
 * The changes to open batches that events announced since each batch was last fetched. A
 * recognition event names its page, and the pages named between two fetches are fetched
 * together; anything else (a clerk's change, a reconnect after which events may have been
 * missed, more pages than one partial fetch returns) asks for the whole batch.
 */
export function pendingBatchChanges(maxPages: number) {
  const pending = new Map<string, Set<string> | 'whole'>();
  return {
    page(batchId: string, pageId: string): void {
      const known = pending.get(batchId);
      if (known === 'whole') return;
      const pages = known ?? new Set<string>();
      pages.add(pageId);
      pending.set(batchId, pages.size > maxPages ? 'whole' : pages);
    },
    whole(batchId: string): void {
      pending.set(batchId, 'whole');
    },
    /** What to fetch now (the whole batch when nothing was noted: a fetch nobody explained). */
    take(batchId: string): BatchChange {
      const known = pending.get(batchId);
      pending.delete(batchId);
      return known instanceof Set ? { kind: 'pages', pageIds: [...known] } : { kind: 'whole' };
    },
    /** Whether the next fetch of the batch is a partial one. */
    isPartial(batchId: string): boolean {
      return pending.get(batchId) instanceof Set;
    },
  };
}
