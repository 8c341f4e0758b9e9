import { z } from 'zod';

const TEN_YEARS = 3650;

/**
 * How long the station keeps its own copies of files (Settings > Retention). The index record,
 * the hashes and the audit trail are kept for ever; only images, PDFs and file copies go.
 */
export const RetentionSettings = z.strictObject({
  /** Days after a document was delivered to every target (and passed review) before its images and PDF go. */
  deliveredDays: z.number().int().min(1, 'Keep delivered documents at least one day.').max(TEN_YEARS),
  /** Days a quarantined file or a kept duplicate stays; 0 keeps it until an administrator deletes it. */
  quarantineDays: z.number().int().min(0).max(TEN_YEARS),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const defaultRetentionSettings: RetentionSettings = { deliveredDays: 7, quarantineDays: 30 };
