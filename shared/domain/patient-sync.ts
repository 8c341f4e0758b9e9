import { z } from 'zod';
import { FhirAuth } from './delivery-targets.js';
import { ImportRejection } from './patient.js';

/** The hospital's FHIR Patient endpoint, read on a schedule (Settings > Patient sync, or chartdesk.json). */
export const PatientSyncConfig = z.strictObject({
  enabled: z.boolean().default(true),
  /** The FHIR R4 base, e.g. https://fhir.hospital.local/R4 (Patient is read beneath it). */
  baseUrl: z.url({ protocol: /^https?$/, error: 'Enter the FHIR R4 base address, an http:// or https:// address such as https://fhir.hospital.local/R4.' }),
  /** Bearer or OAuth2 client credentials, as for a delivery target. */
  auth: FhirAuth.default({ type: 'none' }),
  /** The identifier system that holds the MRN; default: the identifier typed MR, else the first. */
  mrnSystem: z.string().min(1).optional(),
  intervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  /** PEM file of the hospital's CA, trusted in addition to the public roots. */
  caFile: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(30_000),
  /** Patients asked for per page. */
  pageSize: z.number().int().min(1).max(1000).default(200),
});
export type PatientSyncConfig = z.infer<typeof PatientSyncConfig>;

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

/** Settings > Patient sync: the saved settings (secrets masked; null: no sync) and how the last run went. */
export const PatientSyncSettings = z.object({ config: PatientSyncConfig.nullable(), status: PatientSyncStatus });
export type PatientSyncSettings = z.infer<typeof PatientSyncSettings>;
