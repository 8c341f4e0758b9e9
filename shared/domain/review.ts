import { z } from 'zod';

/** Why a reviewer sends a document back; stable codes for the statistics. */
export const RejectionReason = z.enum(['wrong-patient', 'wrong-document-type', 'missing-pages', 'pages-out-of-order', 'poor-image', 'wrong-orientation', 'other']);
export type RejectionReason = z.infer<typeof RejectionReason>;

export const rejectionReasonLabels: Record<RejectionReason, string> = {
  'wrong-patient': 'Wrong patient',
  'wrong-document-type': 'Wrong document type',
  'missing-pages': 'Missing pages',
  'pages-out-of-order': 'Pages out of order',
  'poor-image': 'Poor image',
  'wrong-orientation': 'Wrong orientation',
  other: 'Other',
};

/**
 * Where a confirmed document stands with QC review. 'awaiting' holds it back from delivery;
 * 'not-sampled' (sampling passed it by) and 'not-required' (review is off) went straight out.
 */
export const ReviewState = z.enum(['awaiting', 'approved', 'rejected', 'not-sampled', 'not-required']);
export type ReviewState = z.infer<typeof ReviewState>;

export const DocumentReviewStatus = z.object({
  state: ReviewState,
  reasonCode: RejectionReason.nullable(),
  reasonText: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** 2 and more: the document came back after a rejection. */
  round: z.number().int().positive(),
  /** Delivered by `chartdesk process --deliver` before review: a decision is recorded, not a gate. */
  deliveredFirst: z.boolean(),
});
export type DocumentReviewStatus = z.infer<typeof DocumentReviewStatus>;

/** The station's review rule (Settings > QC review). */
export const ReviewPolicy = z.strictObject({
  /** Off for stations that do no review: confirmed documents go straight to the outbox. */
  required: z.boolean(),
  /** Share of each operator's confirmed documents a reviewer sees (100: all of them). */
  samplePercent: z.number().int().min(1).max(100),
  /** After a rejection, the operator's next documents are all reviewed. */
  afterRejectionDocuments: z.number().int().min(0).max(10_000),
  /**
   * Four eyes: off, nobody approves a document they confirmed themselves (an administrator is
   * both clerk and reviewer). On for a one-person station; reports say which way it is set.
   */
  allowSelfApproval: z.boolean().default(false),
});
export type ReviewPolicy = z.infer<typeof ReviewPolicy>;

export const defaultReviewPolicy: ReviewPolicy = { required: true, samplePercent: 100, afterRejectionDocuments: 20, allowSelfApproval: false };

export const ReviewQueueFilter = z.strictObject({
  operator: z.string().max(100).optional(),
  /** Confirmed on or after / on or before (dates, inclusive). */
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  project: z.string().max(100).optional(),
  box: z.string().max(100).optional(),
  /** Only batches with a QC warning or an overridden finding among the documents awaiting. */
  flaggedOnly: z.boolean().optional(),
});
export type ReviewQueueFilter = z.infer<typeof ReviewQueueFilter>;

export const ReviewQueueEntry = z.object({
  batchId: z.string(),
  label: z.string(),
  createdAt: z.string(),
  project: z.string().nullable(),
  box: z.string().nullable(),
  operators: z.array(z.string()),
  awaiting: z.number().int().nonnegative(),
  /** Documents already decided in this batch (approved or rejected). */
  decided: z.number().int().nonnegative(),
  /** QC warnings and overridden findings on the documents awaiting review. */
  flags: z.number().int().nonnegative(),
  /** The oldest confirmation awaiting review. */
  waitingSince: z.string(),
});
export type ReviewQueueEntry = z.infer<typeof ReviewQueueEntry>;

export const ReviewDecision = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), documentId: z.string().min(1).max(64) }),
  z.strictObject({
    decision: z.literal('reject'),
    documentId: z.string().min(1).max(64),
    reasonCode: RejectionReason,
    /** Required for 'other', optional otherwise: what the clerk should look at. */
    reasonText: z.string().trim().max(500).optional(),
  }),
]);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** A back-scanning box: verified once every document in it passed review. */
export const BoxStatus = z.object({
  project: z.string(),
  box: z.string(),
  batches: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
  /** Documents not yet confirmed, awaiting review, or sent back. */
  outstanding: z.number().int().nonnegative(),
  verified: z.boolean(),
  verifiedBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
});
export type BoxStatus = z.infer<typeof BoxStatus>;

/** Project and box identifiers as printed on the box label. */
export const BoxLabel = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\u0000-\u001f]+$/, 'No control characters.');
