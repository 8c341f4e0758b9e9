import { z } from 'zod';
import type { PatientSyncStatus } from '../../../shared/domain/patient-sync.js';
import type { SettingsRepository } from '../db/repositories/settings.js';
import { FhirAuth } from '../delivery/delivery-package.js';

/** The hospital's FHIR Patient endpoint, read on a schedule (Settings > Patient sync, or chartdesk.json). */
export const PatientSyncConfig = z.strictObject({
  enabled: z.boolean().default(true),
  /** The FHIR R4 base, e.g. https://fhir.hospital.local/R4 (Patient is read beneath it). */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Bearer or OAuth2 client credentials, as for a delivery target. */
  auth: FhirAuth.default({ type: 'none' }),
  /** The identifier system that holds the MRN; default: the identifier typed MR, else the first. */
  mrnSystem: z.string().min(1).optional(),
  intervalMinutes: z.number().int().min(1).max(24 * 60).default(60),
  /** PEM file of the hospital's CA, trusted in addition to the public roots. */
  caFile: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(30_000),
  /** Patients asked for per page. */
  pageSize: z.number().int().min(1).max(1000).default(200),
});
export type PatientSyncConfig = z.infer<typeof PatientSyncConfig>;

const CONFIG_KEY = 'patientSync.config';
const STATUS_KEY = 'patientSync.status';

export const emptySyncStatus: PatientSyncStatus = { lastRunAt: null, lastSuccessAt: null, changed: 0, merged: 0, rejected: 0, error: null, watermark: null, nextRunAt: null };

export function patientSyncConfigOf(settings: SettingsRepository): PatientSyncConfig | null {
  const saved = settings.get<unknown>(CONFIG_KEY);
  if (!saved) return null;
  const parsed = PatientSyncConfig.safeParse(saved);
  return parsed.success ? parsed.data : null;
}

export function savePatientSyncConfig(settings: SettingsRepository, config: PatientSyncConfig | null): void {
  if (config) settings.set(CONFIG_KEY, config);
  else settings.delete(CONFIG_KEY);
}

export function patientSyncStatusOf(settings: SettingsRepository): PatientSyncStatus {
  return { ...emptySyncStatus, ...(settings.get<Partial<PatientSyncStatus>>(STATUS_KEY) ?? {}) };
}

export function savePatientSyncStatus(settings: SettingsRepository, status: PatientSyncStatus): void {
  settings.set(STATUS_KEY, status);
}
