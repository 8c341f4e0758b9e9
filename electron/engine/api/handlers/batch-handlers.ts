import { fail, ok } from '../../../../shared/api/result.js';
import { batchDetail, batchSummaries } from '../batch-view.js';
import type { ReadPurpose } from '../../../../shared/api/contract.js';
import { type Caller, type Handlers, actor } from '../dispatcher.js';
import { recordOpening } from '../opened-records.js';
import type { StationContext } from '../station-context.js';

const batchNotFound = () => fail('not-found', 'This batch does not exist (it may have been removed).');

export function batchHandlers(ctx: StationContext): Pick<Handlers, 'batches.list' | 'batches.get' | 'batches.getPages' | 'pages.ocr' | 'documents.revealSensitive'> {
  /** A batch as this caller may see it. Opening a batch shows its pages: PHI access, attributed to the user (once per opening). */
  const readBatch = (input: { batchId: string; purpose: ReadPurpose }, caller: Caller) => {
    const batch = batchDetail(ctx, input.batchId, { sessionToken: caller.sessionToken });
    if (batch) recordOpening(ctx, caller, { type: 'batch', id: batch.id }, input.purpose);
    return batch;
  };
  return {
    'documents.revealSensitive': async (input, caller) => {
      if (!ctx.recognition.batchOfDocument(input.documentId)) return fail('not-found', 'This document does not exist any more.');
      if (!ctx.sensitive.isProtectedDocument(input.documentId)) return fail('conflict', 'This document is not of a sensitive type; nothing is hidden.');
      ctx.transaction(() => ctx.audit.record({ user: actor(caller), action: 'sensitive-revealed', subject: { type: 'document', id: input.documentId }, details: { reason: input.reason } }));
      ctx.sensitive.grant(caller.sessionToken!, input.documentId);
      return ok({ documentId: input.documentId, revealed: true as const });
    },
    'batches.list': async (input) => ok({ batches: batchSummaries(ctx, input.limit, input.filter) }),
    'batches.get': async (input, caller) => {
      const batch = readBatch(input, caller);
      return batch ? ok(batch) : batchNotFound();
    },
    'batches.getPages': async (input, caller) => {
      const batch = readBatch(input, caller);
      if (!batch) return batchNotFound();
      const wanted = new Set(input.pageIds);
      return ok({ ...batch, pages: batch.pages.filter((p) => wanted.has(p.id)) });
    },
    'pages.ocr': async (input, caller) => {
      if (ctx.sensitive.mustBlurPage(caller.sessionToken, input.pageId)) {
        return fail('forbidden', 'This page belongs to a sensitive document: state why you need to see it first.');
      }
      const ocr = ctx.recognition.ocrOf(input.pageId);
      if (ocr) {
        // The words outlined on a page of an open batch or document are part of that opening.
        const batchId = ctx.batches.batchOfPage(input.pageId);
        const documentId = ctx.sensitive.documentOfPage(input.pageId);
        const within = [...(batchId ? [{ type: 'batch' as const, id: batchId }] : []), ...(documentId ? [{ type: 'document' as const, id: documentId }] : [])];
        recordOpening(ctx, caller, { type: 'page', id: input.pageId, part: 'text' }, input.purpose, within);
      }
      return ocr ? ok({ ...ocr, status: ocr.status as 'pending' | 'done' | 'failed' }) : fail('not-found', 'This page does not exist.');
    },
  };
}
