import { IdleLockSeconds, defaultIdleLockSeconds } from '../../../shared/domain/user.js';
import { type SettingsRepository, settingKeys } from '../db/repositories/settings.js';

/** The idle lock time an administrator chose, or the default (a value saved by an older version that no longer validates falls back too). */
export function idleLockSecondsOf(settings: SettingsRepository): number {
  const saved = IdleLockSeconds.safeParse(settings.get(settingKeys.idleLock));
  return saved.success ? saved.data : defaultIdleLockSeconds;
}

export function saveIdleLockSeconds(settings: SettingsRepository, seconds: number): void {
  settings.set(settingKeys.idleLock, IdleLockSeconds.parse(seconds));
}
