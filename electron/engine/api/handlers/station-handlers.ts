import { fail, ok } from '../../../../shared/api/result.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function stationHandlers(ctx: StationContext): Pick<Handlers, 'station.status' | 'station.setDropDir'> {
  return {
    'station.status': async () => ok(ctx.status()),
    'station.setDropDir': async (input, caller) => {
      const changed = await ctx.changeDropDir(input.path);
      if (!changed.ok) return fail('invalid-input', changed.message, { path: changed.message });
      ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'drop-folder' } });
      return ok(ctx.status());
    },
  };
}
