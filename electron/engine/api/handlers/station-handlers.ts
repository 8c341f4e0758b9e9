import { fail, ok } from '../../../../shared/api/result.js';
import { settingKeys } from '../../db/repositories/settings.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';
import { claimScanner } from './scanner-handlers.js';

export function stationHandlers(ctx: StationContext): Pick<Handlers, 'station.status' | 'station.setDropDir' | 'station.setCurrentBox'> {
  return {
    'station.status': async () => ok(ctx.status()),
    'station.setDropDir': async (input, caller) => {
      const changed = await ctx.changeDropDir(input.path);
      if (!changed.ok) return fail('invalid-input', changed.message, { path: changed.message });
      const status = ctx.status();
      ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'drop-folder', path: status.dropDir } });
      return ok(status);
    },
    'station.setCurrentBox': async (input, caller) => {
      const refused = ctx.transaction(() => {
        // Starting a box is starting to scan: the box and the scanner's claim go together.
        const notClaimed = input.box ? claimScanner(ctx, caller.user!, { takeOver: input.takeOver, via: 'box' }) : null;
        if (notClaimed) return notClaimed;
        if (input.box) ctx.settings.set(settingKeys.currentBox, input.box);
        else ctx.settings.delete(settingKeys.currentBox);
        ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'current-box', value: input.box } });
        return null;
      });
      if (refused) return refused;
      ctx.notifyStationChanged();
      return ok(ctx.status());
    },
  };
}
