import { fail, ok } from '../../../../shared/api/result.js';
import { type BatchLayout, LayoutRefusal, applyLayoutOperation } from '../../indexing/layout/batch-layout.js';
import { batchDetail } from '../batch-view.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function layoutHandlers(ctx: StationContext): Pick<Handlers, 'layout.apply' | 'layout.undo'> {
  const detail = (batchId: string, sessionToken: string | null) => {
    ctx.notifyBatchChanged(batchId);
    const batch = batchDetail(ctx, batchId, { sessionToken });
    return batch ? ok(batch) : fail('not-found', 'This batch does not exist.');
  };
  return {
    'layout.apply': async (input, caller) => {
      if (!ctx.batches.get(input.batchId)) return fail('not-found', 'This batch does not exist.');
      const progress = ctx.recognition.progress(input.batchId);
      if (progress.fastDone < progress.total) {
        return fail('conflict', 'The station is still checking the pages of this batch. Page operations are available in a moment.');
      }
      try {
        ctx.transaction(() => {
          // Pages in sensitive documents stay protected wherever this moves them.
          ctx.sensitive.rememberPagesOf({ batchId: input.batchId });
          const before = ctx.indexing.layoutOf(input.batchId);
          // A correction's replacement is changed only in Corrections, like a confirmed document here.
          const after = applyLayoutOperation(input.batchId, before, input.operation, (id) => ctx.indexing.indexOf(id)?.status === 'confirmed' || ctx.corrections.lockedReason(id) !== null);
          const at = ctx.now().toISOString();
          ctx.indexing.pushHistory(input.batchId, input.operation.op, before, caller.user!.id, at);
          ctx.indexing.saveLayout(input.batchId, after, at);
          ctx.audit.record({ user: actor(caller), action: 'layout-changed', subject: { type: 'batch', id: input.batchId }, details: { ...input.operation } });
        });
      } catch (error) {
        if (error instanceof LayoutRefusal) return fail('conflict', error.message);
        throw error;
      }
      return detail(input.batchId, caller.sessionToken);
    },
    'layout.undo': async (input, caller) => {
      let undone: boolean;
      try {
        undone = ctx.transaction(() => {
          const current = ctx.indexing.layoutOf(input.batchId);
          const snapshot = ctx.indexing.popHistory(input.batchId);
          if (snapshot) {
            // Rolls the pop back: a confirmed document's pages change only after it is reopened.
            if (changesConfirmed(current, snapshot, (id) => ctx.indexing.indexOf(id)?.status === 'confirmed')) {
              throw new LayoutRefusal('Undoing this would change a confirmed document. Reopen it first.');
            }
            ctx.sensitive.rememberPagesOf({ batchId: input.batchId });
            ctx.indexing.saveLayout(input.batchId, snapshot, ctx.now().toISOString());
            ctx.audit.record({ user: actor(caller), action: 'layout-undone', subject: { type: 'batch', id: input.batchId } });
          }
          return snapshot !== null;
        });
      } catch (error) {
        if (error instanceof LayoutRefusal) return fail('conflict', error.message);
        throw error;
      }
      if (!undone) return fail('conflict', 'There is nothing to undo in this batch.');
      return detail(input.batchId, caller.sessionToken);
    },
  };
}

/** True when going from one layout to the other would move a page of a confirmed document. */
function changesConfirmed(from: BatchLayout, to: BatchLayout, isConfirmed: (documentId: string) => boolean): boolean {
  const pagesOf = (layout: BatchLayout, id: string) => layout.documents.find((d) => d.id === id)?.pageIds.join(',') ?? '';
  const ids = new Set([...from.documents, ...to.documents].map((d) => d.id));
  return [...ids].some((id) => isConfirmed(id) && pagesOf(from, id) !== pagesOf(to, id));
}
