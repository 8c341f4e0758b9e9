import { z } from 'zod';
import { ImportRejection } from './patient.js';

/** How the last scheduled (or asked-for) sync from the hospital's FHIR Patient endpoint went. */
export const PatientSyncStatus = z.object({
  lastRunAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** Patients added or updated by the last successful run. */
  changed: z.number().int().nonnegative(),
  /** Merges applied by the last successful run. */
  merged: z.number().int().nonnegative(),
  /** Patient records the last run could not take, in words (no patient data). */
  rejected: z.number().int().nonnegative(),
  /** The last run's problem in a sentence, or null when it went through. */
  error: z.string().nullable(),
  /** The newest meta.lastUpdated seen: the next run asks for what changed since. */
  watermark: z.string().nullable(),
  /** When the next scheduled run is due (null: sync is off). */
  nextRunAt: z.string().nullable(),
});
export type PatientSyncStatus = z.infer<typeof PatientSyncStatus>;

export const MergeFileSummary = z.object({
  applied: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  /** Undelivered documents moved to the surviving patients. */
  moved: z.number().int().nonnegative(),
  /** Delivered documents now filed under a retired MRN, listed in Corrections for a reviewer. */
  toCorrect: z.number().int().nonnegative(),
  rejected: z.array(ImportRejection),
});
export type MergeFileSummary = z.infer<typeof MergeFileSummary>;
