import type { StationStatus } from '../../../shared/domain/station.js';
import type { Accounts } from '../auth/accounts.js';
import type { BatchRepository } from '../db/repositories/batches.js';
import type { IntakeLogRepository } from '../db/repositories/intake-log.js';
import type { RecognitionRepository } from '../db/repositories/recognition.js';
import type { SettingsRepository } from '../db/repositories/settings.js';

/** What the API handlers may use: the modules of the engine, never a transport. */
export interface StationContext {
  stationName: string;
  accounts: Accounts;
  settings: SettingsRepository;
  batches: BatchRepository;
  intakeLog: IntakeLogRepository;
  recognition: RecognitionRepository;
  status(): StationStatus;
  changeDropDir(path: string): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Records who is working at the station now; new batches carry that name. */
  setOperator(name: string): void;
}
