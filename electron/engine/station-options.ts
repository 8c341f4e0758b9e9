import type { StationStatus } from '../../shared/domain/station.js';
import type { StationContext } from './api/station-context.js';
import type { DateOrderOptions } from './config/date-order-setting.js';
import type { StationKey } from './crypto/station-key.js';
import type { DeliveryPackage } from './delivery/delivery-package.js';
import type { DeliveryCrashPoint } from './delivery/outbox-sender.js';
import type { DecodeTask } from './imaging/decode.worker.js';
import type { ScanLimits } from './imaging/limits.js';
import type { CompletenessRule } from './intake/completeness.js';
import type { IntakeCrashPoint, IntakeOptions, IntakeResult, ScanOperator } from './intake/file-intake.js';
import type { Logger } from './log/logger.js';
import type { PurgeReport } from './retention/purge.js';
import type { SeparationRules } from './separation/separation-rules.js';
import type { Station } from './station-types.js';
import type { Isolation, MemoryCap } from './workers/worker-pool.js';

/** How a shell (desktop, headless server, CLI) or a test opens a station (see openStation). */
export interface StationOptions extends DateOrderOptions {
  dataDir: string;
  /** Encrypts the database and every file the station keeps; the shells load it (key file, OS keychain). */
  key: StationKey;
  /** Overrides (and remembers) the drop folder. */
  dropDir?: string;
  /** Used when no drop folder was ever chosen. */
  defaultDropDir?: string;
  stationName?: string;
  /** Start the drop-folder watcher (the CLI's `process` does not). */
  watch?: boolean;
  /**
   * A command-line batch run (`chartdesk process`): the OS account running it, credited with
   * every file the run reads. Without it files go to whoever holds the scanner, or nobody.
   */
  operatorOfRun?: ScanOperator;
  decodeWorkers?: number;
  /**
   * How long a decoder may go without storing a page (default 5 minutes): the first page's
   * allowance runs from the start, each next page's from the one before. Per file when a
   * function (a test gives a short limit to one stalling file only).
   */
  decodeTimeoutMs?: number | ((task: DecodeTask) => number);
  /** Default: a child process per decoder under Node, a worker thread inside Electron (see Isolation). */
  decodeIsolation?: Isolation;
  decodeMemory?: MemoryCap;
  limits?: ScanLimits;
  completeness?: CompletenessRule;
  pollIntervalMs?: number;
  log?: Logger;
  now?: () => Date;
  crashPoint?: (point: IntakeCrashPoint) => void;
  /** Test hook: just before intake opens a file (see FileIntakeDeps.beforeOpen). */
  beforeIntakeOpen?: (path: string) => Promise<void>;
  /** Crash-harness hook inside a delivery (see DeliveryCrashPoint); the stations never set it. */
  deliveryCrashPoint?: (point: DeliveryCrashPoint) => void;
  /** Run recognition (barcodes, blank, orientation, OCR) on new pages. Default on; intake-only tests turn it off. */
  recognition?: boolean;
  /** Read pages' text (OCR). Default on; off, recognition still reads barcodes, blank pages, rotation and separation. */
  readText?: boolean;
  /** Start the recognition engines at once (the stations do; one-shot CLI runs need not). */
  warmRecognition?: boolean;
  /** OCR workers (each a warm Tesseract). Default: one per core, up to 8 (recognition-workers.ts). */
  ocrWorkers?: number;
  /** Fast-path workers (barcodes, blank, orientation), separate from OCR so a new scan never waits behind it. Default: one per four cores. */
  fastWorkers?: number;
  /** Test hook: holds a page's whole fast result until it resolves (see RecognitionSchedulerOptions.beforeFastCommit). */
  beforeFastCommit?: (pageId: string) => Promise<void>;
  separationRules?: SeparationRules;
  /** Where the default local-folder target writes, on a fresh install. */
  defaultOutgoingDir?: string;
  /** Run the outbox sender (default on). */
  delivery?: boolean;
  /** Give up a delivery after this many attempts (batch runs); the station retries for ever. */
  deliveryMaxAttempts?: number;
  deliveryBackoff?: { baseMs: number; maxMs: number };
  /** A config file to apply (required to exist); default: chartdesk.json in the data folder, if present. */
  configFile?: string;
  /** SQLite driver native addon to load instead of node_modules' (the desktop shell's Electron build). */
  sqliteNativeBinding?: string;
  /** Run the retention purge at start and every hour (default on). */
  retentionTimer?: boolean;
  /** Run the scheduled patient sync when it is set up (default on; one-shot CLI runs turn it off). */
  patientSync?: boolean;
}

/** A running station: the Station interface the transports drive, plus direct intake for the CLI. */
export interface RunningStation extends Station {
  ingestFile(path: string, options: IntakeOptions): Promise<IntakeResult>;
  status(): StationStatus;
  /** Resolves once no file is waiting or being read (tests and the CLI wait on this). */
  whenIdle(): Promise<void>;
  /** Resolves once every page has been through recognition (immediately when recognition is off). */
  whenRecognised(): Promise<void>;
  /** Resolves when none of these documents has a delivery pending or on its way. */
  whenDelivered(documentIds: readonly string[]): Promise<void>;
  /** Renders (once) a confirmed document's searchable PDF and returns what would be delivered. */
  documentPackage(documentId: string): Promise<DeliveryPackage>;
  /** Runs retention now (after any run in progress); a dry run only reports what it would remove. */
  purge(options?: { dryRun?: boolean }): Promise<PurgeReport>;
  readonly context: StationContext;
}
