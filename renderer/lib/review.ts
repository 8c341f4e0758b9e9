import { type DocumentReviewStatus, type RejectionReason, rejectionReasonLabels } from '../../shared/domain/review.js';

export { rejectionReasonLabels };

/** The reason codes in the order a reviewer meets them most often. */
export const rejectionReasons = Object.keys(rejectionReasonLabels) as RejectionReason[];

/** "Wrong document type — This is a discharge letter." */
export const reasonSentence = (code: RejectionReason | null, text: string | null) => [code ? rejectionReasonLabels[code] : null, text].filter(Boolean).join(' — ');

export const reviewStateNames: Record<DocumentReviewStatus['state'], string> = {
  awaiting: 'Awaiting review',
  approved: 'Approved',
  rejected: 'Sent back',
  'not-sampled': 'Not sampled',
  'not-required': 'No review',
};

export const reviewStateTones: Record<DocumentReviewStatus['state'], 'neutral' | 'success' | 'danger' | 'warning' | 'accent'> = {
  awaiting: 'warning',
  approved: 'success',
  rejected: 'danger',
  'not-sampled': 'neutral',
  'not-required': 'neutral',
};

/** Keys of the reject dialog: 1..7 pick a reason, in the order above. */
export const reasonKey = (code: RejectionReason) => String(rejectionReasons.indexOf(code) + 1);
