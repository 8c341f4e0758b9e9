import { PatientSyncConfig, type PatientSyncStatus } from '../../../shared/domain/patient-sync.js';
import type { SettingsRepository } from '../db/repositories/settings.js';

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
