import type { DeliveryItem } from '../../../shared/domain/delivery.js';
import { HOLDABLE_STATES, type OutboxItem, type OutboxState, RETRYABLE_STATES, pagesItWaitsFor } from '../db/repositories/outbox.js';

/**
 * An outbox row as the Delivery screen shows it, with the engine's answers the screen acts on:
 * the pages it waits for, and whether an administrator may retry or hold it now (the same state
 * lists the repository's release and hold accept).
 */
export function deliveryItemView(item: OutboxItem, pagesWithoutText: () => number): DeliveryItem {
  return {
    id: item.id,
    documentId: item.documentId,
    targetId: item.targetId,
    state: item.state,
    attempts: item.attempts,
    lastError: item.lastError,
    nextAttemptAt: item.state === 'pending' ? item.nextAttemptAt : null,
    deliveredAt: item.deliveredAt,
    receipt: item.receipt,
    createdAt: item.createdAt,
    pagesAwaitingText: pagesItWaitsFor(item, pagesWithoutText),
    mayRetry: (RETRYABLE_STATES as readonly OutboxState[]).includes(item.state),
    mayHold: (HOLDABLE_STATES as readonly OutboxState[]).includes(item.state),
  };
}
