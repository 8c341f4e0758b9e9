import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { DateOrder, DateOrderSetting } from '../../../shared/domain/date-order.js';
import type { StationStatus } from '../../../shared/domain/station.js';
import type { TargetConfig } from '../../../shared/domain/delivery-targets.js';
import type { SeparationRules } from '../../../shared/domain/separation-rules.js';
import type { AuditLog, AuditUser } from '../audit/audit-log.js';
import type { DailyAnchorWriter } from '../audit/anchor-file.js';
import type { QuarantineRelease } from '../intake/quarantine-release.js';
import type { QuarantineDesk } from '../intake/quarantine-desk.js';
import type { OverrideRequestRepository } from '../db/repositories/override-requests.js';
import type { RescanMarkRepository } from '../db/repositories/rescan-marks.js';
import type { Accounts } from '../auth/accounts.js';
import type { BatchRepository } from '../db/repositories/batches.js';
import type { IndexingRepository } from '../db/repositories/indexing.js';
import type { IntakeLogRepository } from '../db/repositories/intake-log.js';
import type { OutboxRepository } from '../db/repositories/outbox.js';
import type { RecognitionRepository } from '../db/repositories/recognition.js';
import type { ReviewRepository } from '../db/repositories/review.js';
import type { ReviewGate } from '../review/review-gate.js';
import type { SensitiveAccess } from '../privacy/sensitive-access.js';
import type { SettingsRepository } from '../db/repositories/settings.js';
import type { DocumentIndexingService } from '../indexing/document-indexing.js';
import type { DocumentTypeCatalogue } from '../indexing/document-types/document-type-catalogue.js';
import type { DocumentTypeLearner } from '../indexing/document-types/type-learner.js';
import type { PatientIndex } from '../indexing/patient-index/index.js';
import type { Scanner } from '../intake/scanner-claim.js';
import type { OpenedRecords } from './opened-records.js';
import type { CorrectionQueries, CorrectionService } from '../corrections/index.js';
import type { PatientMergeRepository } from '../db/repositories/patient-merges.js';
import type { PatientSync } from '../patient-sync/patient-sync.js';

/** What the API handlers may use: the modules of the engine, never a transport. */
export interface StationContext {
  stationName: string;
  accounts: Accounts;
  /** Who did what: record inside the transaction of the change it describes. */
  audit: AuditLog;
  /** Writes the audit chain's head to the administrator's anchor folder once a day. */
  auditAnchors: DailyAnchorWriter;
  /** What each session has open: reads record an opening, never a refresh (see recordOpening). */
  opened: OpenedRecords;
  /** Who is scanning: new batches are credited to the scanner's holder. */
  scanner: Scanner;
  settings: SettingsRepository;
  batches: BatchRepository;
  intakeLog: IntakeLogRepository;
  recognition: RecognitionRepository;
  indexing: IndexingRepository;
  indexingService: DocumentIndexingService;
  patients: PatientIndex;
  catalogue: DocumentTypeCatalogue;
  learner: DocumentTypeLearner;
  outbox: OutboxRepository;
  review: ReviewRepository;
  /** Decides which confirmed documents wait for a reviewer before the outbox. */
  reviewGate: ReviewGate;
  /** Which documents are shown blurred to a session until it states a reason. */
  sensitive: SensitiveAccess;
  /** Corrections of delivered documents (replacements, retractions) and what their screen reads. */
  corrections: CorrectionService;
  correctionQueries: CorrectionQueries;
  /** Patient merges from the master index: nothing new is filed or delivered under a retired MRN. */
  merges: PatientMergeRepository;
  /** The scheduled sync from the hospital's FHIR Patient endpoint. */
  patientSync: PatientSync;
  /**
   * Queues a confirmed document for every enabled target (a correction: where its original went),
   * recorded as queued by `by`; call inside the confirming transaction.
   */
  enqueueDelivery(documentId: string, patientMrn: string, by: AuditUser | null): void;
  separationRules(): SeparationRules;
  saveSeparationRules(rules: SeparationRules): void;
  /** How the station reads dates now, and where that came from. */
  dateOrder(): DateOrderSetting;
  /** An administrator's choice (null: follow the computer's locale); the command line and config file still win. */
  saveDateOrder(order: DateOrder | null): void;
  saveTarget(target: TargetConfig, enabled: boolean): void;
  /** Announces that a batch's documents changed, so every open screen refetches. */
  notifyBatchChanged(batchId: string): void;
  /** Announces a change of the station's status (drop folder, current box, who is scanning). */
  notifyStationChanged(): void;
  /** Tells the sender to look for work now (after a commit). */
  kickDelivery(): void;
  /** Runs a function as one immediate transaction (every state change that matters is one). */
  transaction<T>(work: () => T): T;
  now(): Date;
  db: Database;
  status(): StationStatus;
  changeDropDir(path: string): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Sends a quarantined file back to the drop folder to be read again (see quarantine-release.ts). */
  releaseFromQuarantine(quarantineId: string, user: AuditUser): Promise<QuarantineRelease>;
  /** Clerks' requests that a reviewer override a blocking finding. */
  overrideRequests: OverrideRequestRepository;
  /** Documents waiting for the next scan to replace or add pages. */
  rescanMarks: RescanMarkRepository;
  /** Looking at, saving, handling and deleting quarantined files (administrators). */
  quarantineDesk: QuarantineDesk;
}
