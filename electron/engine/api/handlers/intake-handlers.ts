import { fail, ok } from '../../../../shared/api/result.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function intakeHandlers(ctx: StationContext): Pick<Handlers, 'intake.list' | 'quarantine.list' | 'quarantine.retry'> {
  return {
    'intake.list': async (input) => ok({ records: ctx.intakeLog.list(input.limit) }),
    'quarantine.list': async (input) => ok({ entries: ctx.intakeLog.listQuarantine(input.limit), unhandled: ctx.intakeLog.unhandledQuarantine() }),
    'quarantine.retry': async (input, caller) => {
      const released = await ctx.releaseFromQuarantine(input.quarantineId, actor(caller)!);
      return released.ok ? ok({ entry: released.entry, droppedAs: released.droppedAs }) : fail(released.code, released.message);
    },
  };
}
