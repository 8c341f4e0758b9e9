import { RetentionSettings, defaultRetentionSettings } from '../../../shared/domain/retention.js';
import type { SettingsRepository } from '../db/repositories/settings.js';

/** Kept under its own key (not settingKeys) so retention owns its one setting. */
export const retentionSettingKey = 'retention.days';

/** What an administrator chose, or the defaults (a saved value that no longer validates falls back too). */
export function retentionSettingsOf(settings: SettingsRepository): RetentionSettings {
  const saved = RetentionSettings.safeParse({ ...defaultRetentionSettings, ...(settings.get<object>(retentionSettingKey) ?? {}) });
  return saved.success ? saved.data : defaultRetentionSettings;
}

export function saveRetentionSettings(settings: SettingsRepository, value: RetentionSettings): void {
  settings.set(retentionSettingKey, RetentionSettings.parse(value));
}
