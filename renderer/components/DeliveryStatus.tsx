import type { BatchDocument } from '../../shared/domain/batch.js';
import { awaitingTextText, deliverySentence, deliveryStateNames, deliveryStateTones } from '../lib/delivery.js';
import { Badge } from './Badge.js';

type Delivery = NonNullable<BatchDocument['delivery']>;

/**
 * Where a confirmed document stands on its way to the repository: a small badge, and for a
 * delivery that is waiting after a problem or has failed, the problem in words.
 * `inline` keeps it on one line (lists), else the reason goes on its own line (headers).
 */
export function DeliveryStatus({ delivery, inline = false, showReason = true }: { delivery: Delivery; inline?: boolean; showReason?: boolean }) {
  const waitsForText = delivery.state === 'pending' && delivery.pagesAwaitingText > 0;
  const reason = !showReason ? null : waitsForText ? `It ${awaitingTextText(delivery.pagesAwaitingText)}.` : delivery.state === 'failed' || delivery.state === 'pending' ? delivery.lastError : null;
  return (
    <span className={`dlv dlv-${delivery.state}${inline ? ' dlv-inline' : ''}`} title={deliverySentence(delivery)} data-delivery={delivery.state}>
      <Badge tone={deliveryStateTones[delivery.state]}>{deliveryStateNames[delivery.state]}</Badge>
      {reason ? <span className="dlv-reason">{reason}</span> : null}
    </span>
  );
}
