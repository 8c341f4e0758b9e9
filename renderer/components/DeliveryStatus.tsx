import type { BatchDocument } from '../../shared/domain/batch.js';
import { awaitingTextText, deliverySentence, deliveryStateNames, deliveryStateTones } from '../lib/delivery.js';
import { Badge } from './Badge.js';

type Delivery = NonNullable<BatchDocument['delivery']>;

/**
 * Where a confirmed document stands on its way to the repository: a small badge, and for a
 * delivery that is waiting after a problem or has failed, the problem in words.
 * `inline` keeps it on one line (lists), else the reason goes on its own line (headers).
 */
export function DeliveryStatus({
  delivery,
  inline = false,
  showReason = true,
  showBadge = true,
}: {
  delivery: Delivery;
  inline?: boolean;
  showReason?: boolean;
  /** False where the document's state word already says it (document lists): the reason alone. */
  showBadge?: boolean;
}) {
  const waitsForText = delivery.pagesAwaitingText > 0;
  const reason = !showReason ? null : waitsForText ? `It ${awaitingTextText(delivery.pagesAwaitingText)}.` : delivery.state === 'failed' || delivery.state === 'pending' ? delivery.lastError : null;
  if (!showBadge && !reason) return null;
  return (
    <span className={`dlv dlv-${delivery.state}${inline ? ' dlv-inline' : ''}`} title={deliverySentence(delivery)} data-delivery={delivery.state}>
      {showBadge ? <Badge tone={deliveryStateTones[delivery.state]}>{deliveryStateNames[delivery.state]}</Badge> : null}
      {reason ? <span className="dlv-reason">{reason}</span> : null}
    </span>
  );
}
