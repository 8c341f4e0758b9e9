import { fail, ok } from '../../../../shared/api/result.js';
import type { Handlers } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function stationHandlers(ctx: StationContext): Pick<Handlers, 'station.status' | 'station.setDropDir'> {
  return {
    'station.status': async () => ok(ctx.status()),
    'station.setDropDir': async (input) => {
      const changed = await ctx.changeDropDir(input.path);
      if (!changed.ok) return fail('invalid-input', changed.message, { path: changed.message });
      return ok(ctx.status());
    },
  };
}
