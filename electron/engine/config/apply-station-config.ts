import { resolve } from 'node:path';
import type { CorrectionPolicy } from '../../../shared/domain/corrections.js';
import type { ReviewPolicy } from '../../../shared/domain/review.js';
import type { OutboxRepository } from '../db/repositories/outbox.js';
import { type SettingsRepository, settingKeys } from '../db/repositories/settings.js';
import type { CompletenessRule } from '../intake/completeness.js';
import { savePatientSyncConfig } from '../patient-sync/patient-sync-settings.js';
import { retentionSettingsOf, saveRetentionSettings } from '../retention/retention-settings.js';
import { type SeparationRules, defaultSeparationRules } from '../separation/separation-rules.js';
import type { StationConfigFile } from './station-config-file.js';

/** A policy kept in Settings that the config file may set in part. */
interface SavedPolicy<P> {
  policy(): P;
  savePolicy(policy: P): void;
}

/** The parts of a station the config file writes into. */
export interface ConfigurableStation {
  settings: SettingsRepository;
  outbox: OutboxRepository;
  reviewGate: SavedPolicy<ReviewPolicy>;
  corrections: SavedPolicy<CorrectionPolicy>;
  now: () => Date;
}

/**
 * Writes what the config file sets over what was saved in Settings, at each start, so a site can
 * manage its stations from files. Run after the default delivery target is settled (a target the
 * file names is not a reason to skip the default one) and before anything reads these settings.
 */
export function applyStationConfig(config: StationConfigFile, station: ConfigurableStation): void {
  const { settings, outbox, now } = station;
  for (const target of config.delivery?.targets ?? []) outbox.saveTarget(target.id, target, true, now().toISOString());
  if (config.separation) {
    settings.set(settingKeys.separation, { ...defaultSeparationRules, ...settings.get<SeparationRules>(settingKeys.separation), ...config.separation });
  }
  if (config.review) station.reviewGate.savePolicy({ ...station.reviewGate.policy(), ...config.review });
  if (config.retention) saveRetentionSettings(settings, { ...retentionSettingsOf(settings), ...config.retention });
  if (config.corrections) station.corrections.savePolicy({ ...station.corrections.policy(), ...config.corrections });
  if (config.patientSync) savePatientSyncConfig(settings, config.patientSync);
}

/**
 * The drop folder: one named now (the command line, else the config file) is remembered; without
 * one, the folder saved in Settings; on a fresh install, the default.
 */
export function settleDropDir(settings: SettingsRepository, named: string | undefined, fallback: string): string {
  if (named) settings.set(settingKeys.dropDir, resolve(named));
  const dropDir = settings.get<string>(settingKeys.dropDir) ?? resolve(fallback);
  settings.set(settingKeys.dropDir, dropDir);
  return dropDir;
}

/** When a dropped file counts as complete, from the config file's settle time; undefined: the watcher's default. */
export function completenessRuleOf(config: StationConfigFile): CompletenessRule | undefined {
  const settleMs = config.intake?.settleMs;
  return settleMs ? { stableForMs: settleMs, emptyStableForMs: Math.max(settleMs, 10_000) } : undefined;
}
