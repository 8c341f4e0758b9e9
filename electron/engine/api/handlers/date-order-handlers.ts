import { fail, ok } from '../../../../shared/api/result.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

/** Settings → Dates: the station's date order. */
export function dateOrderHandlers(ctx: StationContext): Pick<Handlers, 'settings.dateOrder' | 'settings.saveDateOrder'> {
  return {
    'settings.dateOrder': async () => ok(ctx.dateOrder()),
    'settings.saveDateOrder': async (input, caller) => {
      const current = ctx.dateOrder();
      // Saved anyway it would silently do nothing: the file (or this run's option) wins at every start.
      if (current.source === 'config-file') return fail('conflict', 'The date order is set in the station’s config file (chartdesk.json, "dates"). Change it there.');
      if (current.source === 'command-line') return fail('conflict', 'The date order was given on the command line for this run (--date-order).');
      ctx.transaction(() => {
        ctx.saveDateOrder(input.order);
        ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'date-order', value: input.order ?? 'locale' } });
      });
      ctx.notifyStationChanged();
      return ok(ctx.dateOrder());
    },
  };
}
