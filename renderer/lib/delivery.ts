import type { BatchDocument } from '../../shared/domain/batch.js';
import type { DeliveryItem, DeliveryOverview, DeliveryState, DeliveryTarget } from '../../shared/domain/delivery.js';
import type { Tone } from '../components/Badge.js';
import { plural } from './format.js';

/** What a delivery state is called on screen: the words a clerk uses, not the outbox's. */
export const deliveryStateNames: Record<DeliveryState, string> = {
  pending: 'Waiting to send',
  delivering: 'Sending',
  delivered: 'Delivered ✓',
  failed: 'Failed',
  held: 'Held',
};

export const deliveryStateTones: Record<DeliveryState, Tone> = {
  pending: 'warning',
  delivering: 'accent',
  delivered: 'success',
  failed: 'danger',
  held: 'neutral',
};

/** Why a confirmed document has not gone yet: it leaves as a searchable PDF, so it waits for OCR. */
export const awaitingTextText = (pages: number): string => `goes out once text recognition has read ${plural(pages, 'more page')}`;

/** Where a document's delivery stands, in a sentence (for titles and screen readers). */
export const deliverySentence = (delivery: NonNullable<BatchDocument['delivery']>): string => {
  const name = deliveryStateNames[delivery.state].replace(' ✓', '');
  switch (delivery.state) {
    case 'delivered':
      return 'Delivered to the repository.';
    case 'delivering':
      return 'Sending to the repository now.';
    case 'held':
      return 'Held: an administrator keeps it from going out until it is released.';
    default:
      // The engine counts the pages only while the delivery waits for them.
      if (delivery.pagesAwaitingText > 0) return `${name}: ${awaitingTextText(delivery.pagesAwaitingText)}.`;
      return delivery.lastError ? `${name}: ${delivery.lastError}` : `${name}.`;
  }
};

export const targetKindNames: Record<DeliveryTarget['kind'], string> = { folder: 'Folder', fhir: 'FHIR server' };

/** "in 12 s", "in 4 min", "now": when the sender tries again. */
export const retryInText = (nextAttemptAt: string | null, now: number): string | null => {
  if (!nextAttemptAt) return null;
  const at = new Date(nextAttemptAt).getTime();
  if (Number.isNaN(at)) return null;
  const seconds = Math.ceil((at - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  return `in ${plural(Math.round(minutes / 60), 'hour')}`;
};

/** The next-attempt cell: what the sender will do about the item next. */
export const nextAttemptText = (item: DeliveryItem, now: number): string => {
  switch (item.state) {
    case 'pending': {
      if (item.pagesAwaitingText > 0) return `Waiting for text on ${plural(item.pagesAwaitingText, 'page')}`;
      const when = retryInText(item.nextAttemptAt, now);
      if (item.attempts === 0) return when && when !== 'now' ? `Sending ${when}` : 'Sending shortly';
      return when ? (when === 'now' ? 'Retrying now' : `Retrying ${when}`) : 'Retrying shortly';
    }
    case 'delivering':
      return 'Sending now';
    case 'failed':
      return 'Waits for an administrator';
    case 'held':
      return 'Held until released';
    case 'delivered':
      return '—';
  }
};

/** The outbox at a glance, for the sidebar and the station strip. */
export interface Backlog {
  /** Waiting or being sent. */
  waiting: number;
  failed: number;
  held: number;
}

export const backlogOf = (counts: DeliveryOverview['counts'] | null | undefined): Backlog | null =>
  counts ? { waiting: (counts.pending ?? 0) + (counts.delivering ?? 0), failed: counts.failed ?? 0, held: counts.held ?? 0 } : null;

/** "3 waiting to send, 1 failed" (held items are kept back on purpose: they do not count as work waiting). */
export const backlogText = (b: Backlog): string => [b.waiting > 0 ? `${b.waiting} waiting to send` : null, b.failed > 0 ? `${b.failed} failed to send` : null].filter(Boolean).join(', ');
