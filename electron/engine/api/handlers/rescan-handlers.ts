import { randomUUID } from 'node:crypto';
import { fail, ok } from '../../../../shared/api/result.js';
import { rescanMarkSentence } from '../../../../shared/domain/rescan.js';
import { type Handlers, actor } from '../dispatcher.js';
import { rescanMarkView } from '../rescan-mark-view.js';
import type { StationContext } from '../station-context.js';

/**
 * "Replace page N from the next scan": a clerk or reviewer marks a document, and the next file
 * dropped at the station supplies the pages (see indexing/rescan/rescan-placement.ts). One mark
 * is armed at a time, so it is never unclear which document the next scan goes to.
 */
export function rescanHandlers(ctx: StationContext): Pick<Handlers, 'rescan.mark' | 'rescan.cancel' | 'rescan.armed'> {
  const changed = (batchId: string) => {
    ctx.notifyBatchChanged(batchId);
    ctx.notifyStationChanged();
  };
  return {
    'rescan.mark': async (input, caller) => {
      const batchId = ctx.indexingService.batchOf(input.documentId);
      if (!batchId) return fail('not-found', 'This document does not exist any more (the batch may have been split again).');
      const document = ctx.recognition.documentsOf(batchId).find((d) => d.id === input.documentId);
      if (!document?.pageIds.includes(input.pageId)) return fail('invalid-input', 'That page is not in this document.', { pageId: 'Not in this document.' });
      if (ctx.indexing.indexOf(input.documentId)?.status === 'confirmed') return fail('conflict', 'This document is confirmed. Reopen it before replacing or adding pages.');
      const progress = ctx.recognition.progress(batchId);
      if (progress.fastDone < progress.total) return fail('conflict', 'The station is still checking the pages of this batch. Mark it in a moment.');
      const id = randomUUID();
      const refusal = ctx.transaction(() => {
        const armed = ctx.rescanMarks.armed();
        if (armed) return `The next scan is already marked to ${rescanMarkSentence(rescanMarkView(ctx, armed))}. Cancel that mark first.`;
        ctx.rescanMarks.insert({
          id,
          batchId,
          documentId: input.documentId,
          kind: input.kind,
          pageId: input.pageId,
          markedById: caller.user!.id,
          markedByName: caller.user!.displayName,
          markedAt: ctx.now().toISOString(),
        });
        ctx.audit.record({ user: actor(caller), action: 'rescan-marked', subject: { type: 'document', id: input.documentId }, details: { markId: id, kind: input.kind, pageId: input.pageId } });
        return null;
      });
      if (refusal) return fail('conflict', refusal);
      changed(batchId);
      return ok(rescanMarkView(ctx, ctx.rescanMarks.get(id)!));
    },

    'rescan.cancel': async (input, caller) => {
      const mark = ctx.rescanMarks.get(input.markId);
      if (!mark) return fail('not-found', 'There is no such mark.');
      const cancelled = ctx.transaction(() => {
        if (!ctx.rescanMarks.end(mark.id, 'cancelled', ctx.now().toISOString(), caller.user!.displayName)) return false;
        ctx.audit.record({ user: actor(caller), action: 'rescan-cancelled', subject: { type: 'document', id: mark.documentId }, details: { markId: mark.id } });
        return true;
      });
      if (!cancelled) return fail('conflict', mark.state === 'used' ? 'Too late: the scan already arrived and took its place.' : 'This mark is no longer armed.');
      changed(mark.batchId);
      return ok(rescanMarkView(ctx, ctx.rescanMarks.get(mark.id)!));
    },

    'rescan.armed': async () => {
      const armed = ctx.rescanMarks.armed();
      const ended = ctx.rescanMarks.lastEnded();
      return ok({ mark: armed ? rescanMarkView(ctx, armed) : null, lastEnded: ended ? rescanMarkView(ctx, ended) : null });
    },
  };
}
