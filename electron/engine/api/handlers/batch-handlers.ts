import { fail, ok } from '../../../../shared/api/result.js';
import { batchDetail, batchSummaries } from '../batch-view.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function batchHandlers(ctx: StationContext): Pick<Handlers, 'batches.list' | 'batches.get' | 'pages.ocr' | 'documents.revealSensitive'> {
  return {
    'documents.revealSensitive': async (input, caller) => {
      if (!ctx.recognition.batchOfDocument(input.documentId)) return fail('not-found', 'This document does not exist any more.');
      if (!ctx.sensitive.isSensitiveDocument(input.documentId)) return fail('conflict', 'This document is not of a sensitive type; nothing is hidden.');
      ctx.transaction(() =>
        ctx.audit.record({ user: actor(caller), action: 'sensitive-revealed', subject: { type: 'document', id: input.documentId }, details: { reason: input.reason } }),
      );
      ctx.sensitive.grant(caller.sessionToken!, input.documentId);
      return ok({ documentId: input.documentId, revealed: true as const });
    },
    'batches.list': async (input) => ok({ batches: batchSummaries(ctx, input.limit, input.filter) }),
    'batches.get': async (input, caller) => {
      const batch = batchDetail(ctx, input.batchId);
      // Opening a batch shows its pages: PHI access, attributed to the user.
      if (batch) ctx.audit.record({ user: actor(caller), action: 'document-viewed', subject: { type: 'batch', id: batch.id } });
      return batch ? ok(batch) : fail('not-found', 'This batch does not exist (it may have been removed).');
    },
    'pages.ocr': async (input, caller) => {
      if (ctx.sensitive.mustBlurPage(caller.sessionToken, input.pageId)) {
        return fail('forbidden', 'This page belongs to a sensitive document: state why you need to see it first.');
      }
      const ocr = ctx.recognition.ocrOf(input.pageId);
      if (ocr) ctx.audit.record({ user: actor(caller), action: 'document-viewed', subject: { type: 'page', id: input.pageId }, details: { part: 'text' } });
      return ocr ? ok({ ...ocr, status: ocr.status as 'pending' | 'done' | 'failed' }) : fail('not-found', 'This page does not exist.');
    },
  };
}
