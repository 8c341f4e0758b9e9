import type { BatchDocument } from '../../../shared/domain/batch.js';
import type { BatchIndexCounts, DocumentState } from '../../../shared/domain/document-state.js';
import type { IndexStatus, QcCode, QcFinding } from '../../../shared/domain/indexing.js';
import type { ReviewState } from '../../../shared/domain/review.js';

/** Findings that only say a value is still to choose: work to do, not something wrong with the pages. */
const valuesToChoose: ReadonlySet<QcCode> = new Set(['missing-patient', 'missing-document-type', 'missing-date-of-service']);

export interface DocumentStateFacts {
  status: IndexStatus;
  qc: readonly Pick<QcFinding, 'code' | 'severity' | 'override'>[];
  review: ReviewState | null;
  delivery: BatchDocument['delivery'];
}

/**
 * The one rule for the word a document carries on every screen (see shared/domain/document-state.ts).
 * "Blocked" only when a QC check blocks it; a document that lacks only its patient, type or date
 * is "to do". A confirmed document says where it is on its way out: held for review first,
 * then its deliveries (the least advanced target decides).
 */
export function documentState(facts: DocumentStateFacts): DocumentState {
  if (facts.status === 'open') {
    const standing = facts.qc.filter((f) => f.severity === 'blocking' && !f.override);
    if (standing.some((f) => !valuesToChoose.has(f.code))) return 'blocked';
    return standing.length > 0 ? 'to-do' : 'ready';
  }
  const delivery = facts.delivery;
  if (!delivery) return facts.review === 'awaiting' ? 'waiting-for-review' : 'confirmed';
  switch (delivery.state) {
    case 'pending':
      return delivery.pagesAwaitingText > 0 ? 'waiting-for-text' : 'waiting-to-send';
    case 'delivering':
      return 'sending';
    case 'delivered':
      return 'delivered';
    case 'failed':
      return 'delivery-failed';
    case 'held':
      return 'held';
  }
}

/** A batch's documents counted by state. */
export function indexCounts(documents: readonly { state: DocumentState; review: { state: ReviewState } | null }[]): BatchIndexCounts {
  const counts: BatchIndexCounts = { total: documents.length, open: 0, toDo: 0, blocked: 0, ready: 0, confirmed: 0, sentBack: 0 };
  for (const d of documents) {
    if (d.state === 'to-do') counts.toDo++;
    else if (d.state === 'blocked') counts.blocked++;
    else if (d.state === 'ready') counts.ready++;
    else {
      counts.confirmed++;
      continue;
    }
    counts.open++;
    if (d.review?.state === 'rejected') counts.sentBack++;
  }
  return counts;
}
