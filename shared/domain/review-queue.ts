import { z } from 'zod';
import { QcFinding } from './indexing.js';
import { DocumentReviewStatus } from './review.js';

/** One document as the reviewer sees it: index data, QC flags and pages. */
export const ReviewDocument = z.object({
  documentId: z.string(),
  sequence: z.number().int().positive(),
  pageIds: z.array(z.string()),
  patient: z.object({ mrn: z.string(), name: z.string(), birthDate: z.string().nullable() }).nullable(),
  docType: z.object({ code: z.string(), display: z.string(), sensitive: z.boolean() }).nullable(),
  dateOfService: z.string().nullable(),
  confirmedBy: z.string(),
  confirmedAt: z.string(),
  qc: z.array(QcFinding),
  review: DocumentReviewStatus,
});
export type ReviewDocument = z.infer<typeof ReviewDocument>;

export const ReviewBatch = z.object({
  batchId: z.string(),
  label: z.string(),
  project: z.string().nullable(),
  box: z.string().nullable(),
  /** Every reviewable document of the batch: awaiting first, then decided ones. */
  documents: z.array(ReviewDocument),
});
export type ReviewBatch = z.infer<typeof ReviewBatch>;
