import { fail, ok } from '../../../../shared/api/result.js';
import { batchDetail } from '../batch-view.js';
import type { Handlers } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function batchHandlers(ctx: StationContext): Pick<Handlers, 'batches.list' | 'batches.get' | 'pages.ocr'> {
  return {
    'batches.list': async (input) => ok({ batches: ctx.batches.list(input.limit) }),
    'batches.get': async (input) => {
      const batch = batchDetail(ctx, input.batchId);
      return batch ? ok(batch) : fail('not-found', 'This batch does not exist (it may have been removed).');
    },
    'pages.ocr': async (input) => {
      const ocr = ctx.recognition.ocrOf(input.pageId);
      return ocr ? ok({ ...ocr, status: ocr.status as 'pending' | 'done' | 'failed' }) : fail('not-found', 'This page does not exist.');
    },
  };
}
