import { fail, ok } from '../../../../shared/api/result.js';
import type { OutboxItem } from '../../db/repositories/outbox.js';
import { deliveryItemView } from '../delivery-item-view.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

export function deliveryHandlers(ctx: StationContext): Pick<Handlers, 'delivery.overview' | 'delivery.retry' | 'delivery.hold'> {
  const itemOf = (i: OutboxItem) => deliveryItemView(i, () => ctx.outbox.pagesAwaitingText(i.documentId));
  const change = (
    itemId: string,
    act: (id: string, at: string) => boolean,
    refusal: string,
    audit: { caller: Parameters<Handlers['delivery.retry']>[1]; action: 'delivery-retried' | 'delivery-held' },
  ) => {
    const done = ctx.transaction(() => {
      const changed = act(itemId, ctx.now().toISOString());
      const item = ctx.outbox.get(itemId);
      if (changed && item) ctx.audit.record({ user: actor(audit.caller), action: audit.action, subject: { type: 'document', id: item.documentId }, details: { target: item.targetId } });
      return changed;
    });
    const item = ctx.outbox.get(itemId);
    if (!item) return fail('not-found', 'This delivery does not exist.');
    if (!done) return fail('conflict', refusal);
    ctx.kickDelivery();
    return ok(itemOf(item));
  };
  return {
    'delivery.overview': async (input) =>
      ok({
        counts: ctx.outbox.counts(),
        awaitingReview: ctx.review.heldForReview(),
        targets: ctx.outbox.targets().map((t) => {
          const config = t.config as { id: string; kind: 'folder' | 'fhir'; path?: string; baseUrl?: string };
          return { id: t.id, kind: config.kind, description: config.path ?? config.baseUrl ?? t.id, enabled: t.enabled };
        }),
        items: ctx.outbox.list(['pending', 'delivering', 'failed', 'held', 'delivered'], input.limit).map(itemOf),
      }),
    'delivery.retry': async (input, caller) =>
      change(input.itemId, (id, at) => ctx.outbox.release(id, at), 'Only a failed, held or waiting delivery can be retried.', { caller, action: 'delivery-retried' }),
    'delivery.hold': async (input, caller) => change(input.itemId, (id, at) => ctx.outbox.hold(id, at), 'Only a waiting or failed delivery can be held.', { caller, action: 'delivery-held' }),
  };
}
