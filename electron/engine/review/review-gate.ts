import { type ReviewPolicy, type ReviewState, defaultReviewPolicy } from '../../../shared/domain/review.js';
import type { Operator, ReviewRepository } from '../db/repositories/review.js';
import type { SettingsRepository } from '../db/repositories/settings.js';
import { inSample } from './sampling.js';

const POLICY_KEY = 'review.policy';

export interface ConfirmationOutcome {
  state: ReviewState;
  /** False while a reviewer must see the document first. */
  deliverNow: boolean;
}

/**
 * The gate between a clerk's confirmation and the outbox: which documents a reviewer must see
 * (sampling per operator, everything after a rejection) and what a decision releases.
 * Every method runs inside the caller's transaction, next to the change it gates.
 */
export class ReviewGate {
  constructor(
    private readonly review: ReviewRepository,
    private readonly settings: SettingsRepository,
  ) {}

  policy(): ReviewPolicy {
    return { ...defaultReviewPolicy, ...(this.settings.get<Partial<ReviewPolicy>>(POLICY_KEY) ?? {}) };
  }

  savePolicy(policy: ReviewPolicy): void {
    this.settings.set(POLICY_KEY, policy);
  }

  /**
   * Records a confirmation. `deliveredFirst` is `chartdesk process --deliver`: the operator
   * chose to deliver at once, so the document is only sampled for review afterwards.
   */
  onConfirmed(documentId: string, batchId: string, operator: Operator, at: string, deliveredFirst = false): ConfirmationOutcome {
    const policy = this.policy();
    const previous = this.review.get(documentId);
    let state: ReviewState;
    if (!policy.required) state = 'not-required';
    else {
      const watched = this.review.watchRemaining(operator);
      // A document sent back is always seen again, and so is the work of an operator just rejected.
      const sampled = previous?.state === 'rejected' || watched > 0 || inSample(documentId, policy.samplePercent);
      if (watched > 0) this.review.setWatch(operator, watched - 1);
      state = sampled ? 'awaiting' : 'not-sampled';
    }
    this.review.recordConfirmation({ documentId, batchId, state, operator, at, deliveredFirst });
    return { state, deliverNow: deliveredFirst || state !== 'awaiting' };
  }

  releaseAwaiting(at: string): { documentId: string; patientMrn: string }[] {
    return this.review.releaseAwaiting(at);
  }

  /** After a rejection the operator's next documents are all reviewed. */
  watchAfterRejection(operator: Operator): void {
    this.review.setWatch(operator, this.policy().afterRejectionDocuments);
  }
}
