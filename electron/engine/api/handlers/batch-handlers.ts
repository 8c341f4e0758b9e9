import { fail, ok } from '../../../../shared/api/result.js';
import type { Handlers } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function batchHandlers(ctx: StationContext): Pick<Handlers, 'batches.list' | 'batches.get'> {
  return {
    'batches.list': async (input) => ok({ batches: ctx.batches.list(input.limit) }),
    'batches.get': async (input) => {
      const batch = ctx.batches.get(input.batchId);
      return batch ? ok(batch) : fail('not-found', 'This batch does not exist (it may have been removed).');
    },
  };
}
