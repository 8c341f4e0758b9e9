import { ok } from '../../../../shared/api/result.js';
import type { Handlers } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function intakeHandlers(ctx: StationContext): Pick<Handlers, 'intake.list' | 'quarantine.list'> {
  return {
    'intake.list': async (input) => ok({ records: ctx.intakeLog.list(input.limit) }),
    'quarantine.list': async (input) => ok({ entries: ctx.intakeLog.listQuarantine(input.limit) }),
  };
}
