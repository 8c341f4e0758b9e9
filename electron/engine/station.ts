import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { PageImageVariant } from '../../shared/domain/batch.js';
import type { StationStatus } from '../../shared/domain/station.js';
import { createDispatcher } from './api/dispatcher.js';
import { createHandlers } from './api/handlers/index.js';
import type { StationContext } from './api/station-context.js';
import { OpenedRecords, recordPageImageRead } from './api/opened-records.js';
import { AuditLog } from './audit/audit-log.js';
import { anchorOf } from './audit/audit-anchor.js';
import { DailyAnchorWriter } from './audit/anchor-file.js';
import { Accounts, defaultAccountPolicy } from './auth/accounts.js';
import { idleLockSecondsOf } from './auth/idle-lock-setting.js';
import { appVersion } from './config/app-root.js';
import { defaultDropDir as osDefaultDropDir, stationPaths } from './config/station-paths.js';
import type { StationKey } from './crypto/station-key.js';
import { openDatabase } from './db/connection.js';
import { BatchRepository } from './db/repositories/batches.js';
import { IntakeLogRepository } from './db/repositories/intake-log.js';
import { IndexingRepository } from './db/repositories/indexing.js';
import { OutboxRepository } from './db/repositories/outbox.js';
import { outgoingDirBeside, plainTextNotices, settleDefaultTarget } from './delivery/default-target.js';
import { type StationNotice, keepDataFolderPrivate } from './config/data-folder-access.js';
import { prepareDropFolder } from './intake/drop-folder-choice.js';
import type { DeliveryPackage } from './delivery/delivery-package.js';
import { TargetConnectors } from './delivery/target-connectors.js';
import { createCorrections } from './corrections/index.js';
import { PatientMergeRepository } from './db/repositories/patient-merges.js';
import { PatientSync } from './patient-sync/patient-sync.js';
import { savePatientSyncConfig } from './patient-sync/patient-sync-settings.js';
import { buildDocumentPackage } from './delivery/document-package.js';
import { queueDelivery } from './delivery/queue-delivery.js';
import { type DeliveryCrashPoint, OutboxSender } from './delivery/outbox-sender.js';
import { RecognitionRepository } from './db/repositories/recognition.js';
import { ReviewRepository } from './db/repositories/review.js';
import { ReviewGate } from './review/review-gate.js';
import { SensitiveAccess, blurredJpeg } from './privacy/sensitive-access.js';
import { DocumentIndexingService } from './indexing/document-indexing.js';
import { DocumentTypeCatalogue } from './indexing/document-types/document-type-catalogue.js';
import { DocumentTypeLearner } from './indexing/document-types/type-learner.js';
import { PatientIndex } from './indexing/patient-index/index.js';
import { SettingsRepository, settingKeys } from './db/repositories/settings.js';
import { EngineEvents } from './events.js';
import type { DecodeOutcome } from './imaging/decode-scan.js';
import type { DecodeTask } from './imaging/decode.worker.js';
import { type ScanLimits, defaultScanLimits } from './imaging/limits.js';
import type { CompletenessRule } from './intake/completeness.js';
import { DropFolderWatcher } from './intake/drop-folder-watcher.js';
import { FileIntake, type IntakeCrashPoint, type IntakeOptions, type IntakeResult, type ScanOperator } from './intake/file-intake.js';
import { Scanner } from './intake/scanner-claim.js';
import { ScannerClaimRepository } from './db/repositories/scanner-claim.js';
import { type Logger, createLogger } from './log/logger.js';
import { readStationConfig } from './config/station-config-file.js';
import { type DateOrderOptions, saveDateOrder, stationDateOrder } from './config/date-order-setting.js';
import { RetentionRepository } from './db/repositories/retention.js';
import { type PurgeReport, purgeExpired } from './retention/purge.js';
import { retentionSettingsOf, saveRetentionSettings } from './retention/retention-settings.js';
import { RecognitionScheduler } from './recognition/recognition-scheduler.js';
import type { RecognitionResult, RecognitionTask } from './recognition/recognition-task.js';
import { type SeparationRules, defaultSeparationRules } from './separation/separation-rules.js';
import type { Station } from './station-types.js';
import { TamperedFileError } from './crypto/file-cipher.js';
import { releaseFromQuarantine } from './intake/quarantine-release.js';
import { openQuarantineDesk } from './intake/quarantine-desk.js';
import { OverrideRequestRepository } from './db/repositories/override-requests.js';
import { RescanMarkRepository } from './db/repositories/rescan-marks.js';
import { placeRescan } from './indexing/rescan/rescan-placement.js';
import { ContentStore } from './storage/content-store.js';
import { sweepOrphans } from './storage/orphan-sweep.js';
import { type Isolation, type MemoryCap, WorkerPool, workerScript } from './workers/worker-pool.js';

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
  /** Per file when a function (a test gives a short limit to one stalling file only). */
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
  /** OCR workers (each a warm Tesseract). */
  ocrWorkers?: number;
  /** Fast-path workers (barcodes, blank, orientation), separate from OCR so a new scan never waits behind it. */
  fastWorkers?: number;
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

const mimeOfVariant = 'image/jpeg';

/**
 * A decoder's V8 heap holds the parser's objects (pdf.js operator lists); pixels live outside it,
 * bounded by ScanLimits, and the resident cap catches native memory a hostile file runs up.
 * Measured: an A3 600-dpi colour page (the largest real page) peaks at 2.0 GB resident as a PDF
 * (pdf.js, canvas and sharp each hold a copy) and 0.4 GB as a JPEG or TIFF.
 */
const defaultDecodeMemory: MemoryCap = { heapMb: 512, residentMb: 3072 };
/** Recognition reads the station's own re-encoded pages; tesseract's wasm memory is its own worker's, outside this cap. */
const recognitionMemory: MemoryCap = { heapMb: 1024 };

export async function openStation(options: StationOptions): Promise<RunningStation> {
  const log = options.log ?? createLogger();
  const now = options.now ?? (() => new Date());
  const paths = stationPaths(resolve(options.dataDir));
  const startupNotices = [await keepDataFolderPrivate(paths.dataDir, log)].filter((n): n is StationNotice => n !== null);
  for (const dir of [paths.store, paths.originals, paths.quarantine, paths.duplicates, paths.output, paths.incoming]) await mkdir(dir, { recursive: true, mode: 0o700 });

  const configPath = options.configFile ? resolve(options.configFile) : join(paths.dataDir, 'chartdesk.json');
  const config = await readStationConfig(configPath, options.configFile !== undefined);
  const db = openDatabase(paths.database, { key: options.key.databaseKey(), ...(options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {}) });
  const settings = new SettingsRepository(db);
  const batches = new BatchRepository(db);
  const intakeLog = new IntakeLogRepository(db);
  const recognitionRepo = new RecognitionRepository(db);
  const indexingRepo = new IndexingRepository(db);
  const patients = new PatientIndex(db);
  const catalogue = new DocumentTypeCatalogue(db, now);
  const learner = new DocumentTypeLearner(db);
  const outbox = new OutboxRepository(db);
  const overrideRequests = new OverrideRequestRepository(db);
  const rescanMarks = new RescanMarkRepository(db);
  const audit = new AuditLog(db, options.key.auditChainKey(), now);
  const outgoingDir = resolve(options.defaultOutgoingDir ?? outgoingDirBeside(paths.dataDir));
  startupNotices.push(...(await settleDefaultTarget({ outbox, audit, dataDir: paths.dataDir, outgoingDir, log, now, transaction: (work) => db.transaction(work).immediate() })));
  for (const target of config.delivery?.targets ?? []) outbox.saveTarget(target.id, target, true, now().toISOString());
  const connectors = new TargetConnectors(outbox);
  if (config.separation) {
    settings.set(settingKeys.separation, { ...defaultSeparationRules, ...settings.get<SeparationRules>(settingKeys.separation), ...config.separation });
  }
  const separationRules = () => options.separationRules ?? settings.get<SeparationRules>(settingKeys.separation) ?? defaultSeparationRules;
  const review = new ReviewRepository(db);
  const reviewGate = new ReviewGate(review, settings);
  if (config.review) reviewGate.savePolicy({ ...reviewGate.policy(), ...config.review });
  if (config.retention) saveRetentionSettings(settings, { ...retentionSettingsOf(settings), ...config.retention });
  const sensitiveAccess = new SensitiveAccess(db, catalogue, now);
  const dateOrder = stationDateOrder(settings, options, config.dates?.order);
  const merges = new PatientMergeRepository(db);
  const indexingService = new DocumentIndexingService({
    batches,
    recognition: recognitionRepo,
    indexing: indexingRepo,
    patients,
    catalogue,
    learner,
    review,
    merges,
    rules: separationRules,
    dateOrder: () => dateOrder().order,
    now,
  });
  const corrections = createCorrections({
    db,
    outbox,
    indexing: indexingRepo,
    indexingService,
    review,
    reviewGate,
    patients,
    catalogue,
    settings,
    audit,
    sensitive: sensitiveAccess,
    dateOrder: () => dateOrder().order,
    transaction: (work) => db.transaction(work).immediate(),
    now,
  });
  if (config.corrections) corrections.service.savePolicy({ ...corrections.service.policy(), ...config.corrections });
  if (config.patientSync) savePatientSyncConfig(settings, config.patientSync);
  const patientSync = new PatientSync({ merges, patients, indexing: indexingRepo, outbox, audit, settings, transaction: (work) => db.transaction(work).immediate(), now, log: log.child('patient-sync') });
  const accounts = new Accounts(db, now, defaultAccountPolicy, () => idleLockSecondsOf(settings) * 1000);
  const events = new EngineEvents();
  const fileKey = options.key.fileKey();
  const store = new ContentStore(paths.store, fileKey);
  const stationName = options.stationName ?? config.station?.name ?? hostname();
  const auditAnchors = new DailyAnchorWriter({ audit, settings, stationName, now, log: log.child('audit') });

  const configuredDropDir = options.dropDir ?? config.intake?.dropDir;
  if (configuredDropDir) settings.set(settingKeys.dropDir, resolve(configuredDropDir));
  let dropDir = settings.get<string>(settingKeys.dropDir) ?? resolve(options.defaultDropDir ?? osDefaultDropDir());
  settings.set(settingKeys.dropDir, dropDir);
  const scanner = new Scanner({ claims: new ScannerClaimRepository(db), audit, stationName, now });
  const opened = new OpenedRecords();

  // Child processes where Node can fork; threads inside Electron (the RunAsNode fuse is off).
  const decodeIsolation: Isolation = options.decodeIsolation ?? (process.versions.electron ? 'thread' : 'process');
  const decoder = new WorkerPool<DecodeTask, DecodeOutcome>({
    script: workerScript(import.meta.url, './imaging/decode.worker'),
    size: options.decodeWorkers ?? 2,
    taskTimeoutMs: options.decodeTimeoutMs ?? 5 * 60_000,
    isolation: decodeIsolation,
    memory: options.decodeMemory ?? defaultDecodeMemory,
  });

  const intake = new FileIntake({
    db,
    batches,
    intakeLog,
    paths,
    decoder,
    limits: options.limits ?? defaultScanLimits,
    stationName,
    operator: () => options.operatorOfRun ?? scanner.operator(),
    audit,
    now,
    log: log.child('intake'),
    crashPoint: options.crashPoint ?? (() => undefined),
    fileKey,
    // A decoder in its own process cannot take the station down, so a death while decoding
    // says nothing about the file there; a decoder thread can (see maxInterruptedDecodes).
    guardInterruptedDecodes: decodeIsolation === 'thread',
    ...(options.beforeIntakeOpen ? { beforeOpen: options.beforeIntakeOpen } : {}),
    placeRescan: (arrival) => placeRescan({ batches, indexing: indexingRepo, rescanMarks, audit }, arrival),
  });
  const quarantineDesk = await openQuarantineDesk({
    intakeLog,
    audit,
    transaction: (work) => db.transaction(work).immediate(),
    quarantineFolder: paths.quarantine,
    previewFolder: join(paths.dataDir, 'quarantine-preview'),
    fileKey,
    now,
    log: log.child('quarantine'),
    limits: options.limits ?? defaultScanLimits,
    isolation: decodeIsolation,
    memory: options.decodeMemory ?? defaultDecodeMemory,
  });

  const recognitionScript = workerScript(import.meta.url, './recognition/recognition.worker');
  const scheduler =
    options.recognition === false
      ? null
      : new RecognitionScheduler({
          db,
          repo: recognitionRepo,
          store,
          fastPool: new WorkerPool<RecognitionTask, RecognitionResult>({
            script: recognitionScript,
            size: options.fastWorkers ?? 1,
            taskTimeoutMs: 120_000,
            memory: recognitionMemory,
          }),
          fastConcurrency: options.fastWorkers ?? 1,
          ocrPool: new WorkerPool<RecognitionTask, RecognitionResult>({
            script: recognitionScript,
            size: options.ocrWorkers ?? 2,
            taskTimeoutMs: 10 * 60_000,
            memory: recognitionMemory,
          }),
          ocrConcurrency: options.ocrWorkers ?? 2,
          readText: options.readText !== false,
          rules: separationRules,
          maxAttempts: 3,
          retryDelayMs: 5_000,
          now,
          log: log.child('recognition'),
          beforeResplit: (batchId) => sensitiveAccess.rememberPagesOf({ batchId }),
          onProgress: (batchId) => {
            events.emit({ type: 'recognition.progress', batchId });
            // A confirmed document may have been waiting for this page's text.
            sender?.kick();
          },
        });

  const documentPackage = (documentId: string, pinnedSha256: string | null = null) =>
    buildDocumentPackage(
      { batches, recognition: recognitionRepo, indexing: indexingRepo, patients, catalogue, store, outputDir: paths.output, fileKey, stationName, auditAnchor: () => anchorOf(audit, stationName) },
      documentId,
      { pinnedSha256 },
    ).catch((error: unknown) => {
      // The delivery shows the failure to the clerk; the log says which stored file was altered.
      if (error instanceof TamperedFileError) log.error('storage.tampered', { code: 'tampered', documentId, storedId: error.fileId });
      throw error;
    });
  const sender =
    options.delivery === false
      ? null
      : new OutboxSender({
          db,
          outbox,
          connectorFor: (item) => connectors.forItem(item),
          ...corrections.deliveries.senderHooks((item, pinnedSha256) => documentPackage(item.documentId, pinnedSha256)),
          refusal: (item) => merges.sendRefusal(item),
          concurrency: 2,
          backoff: options.deliveryBackoff ?? { baseMs: 2_000, maxMs: 5 * 60_000 },
          maxAttempts: options.deliveryMaxAttempts ?? Number.POSITIVE_INFINITY,
          attemptTimeoutMs: 5 * 60_000,
          waitForText: scheduler !== null,
          now,
          random: Math.random,
          log: log.child('delivery'),
          audit,
          ...(options.deliveryCrashPoint ? { crashPoint: options.deliveryCrashPoint } : {}),
          onChange: (documentId) => {
            const batchId = recognitionRepo.batchOfDocument(documentId) ?? corrections.repository.get(documentId)?.batchId;
            if (batchId) events.emit({ type: 'delivery.changed', batchId, documentId });
          },
        });

  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  const settleIdle = () => {
    const s = watcher?.status();
    if (inFlight === 0 && (!s || (s.filesWaiting === 0 && s.filesInProgress === 0))) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((w) => w());
    }
  };

  // An ingest may find an image already stored (identical content) and skip writing it: it must
  // not run while a purge decides that image is unreferenced and deletes it.
  let purging: Promise<unknown> | null = null;
  const ingestFile = async (path: string, intakeOptions: IntakeOptions): Promise<IntakeResult> => {
    while (purging) await purging.catch(() => undefined);
    inFlight++;
    try {
      const result = await intake.ingest(path, intakeOptions);
      if (result.outcome === 'ingested') {
        // Back-scanning: the batch belongs to the box on the scanner now.
        const box = settings.get<{ project: string; box: string }>(settingKeys.currentBox);
        if (box) db.transaction(() => review.setBox(result.batchId, box.project, box.box)).immediate();
        events.emit({ type: 'batch.created', batchId: result.batchId });
        scheduler?.kick();
      }
      if (result.outcome === 'rescanned') {
        events.emit({ type: 'batch.changed', batchId: result.batchId });
        scheduler?.kick();
      }
      if (result.outcome !== 'resumed') {
        events.emit({ type: 'intake.recorded', recordId: result.recordId, outcome: result.outcome === 'rescanned' ? 'ingested' : result.outcome });
      }
      return result;
    } finally {
      inFlight--;
      settleIdle();
    }
  };

  let watcher: DropFolderWatcher | null = null;
  const startWatcher = async () => {
    watcher = new DropFolderWatcher({
      folder: dropDir,
      rule:
        options.completeness ??
        (config.intake?.settleMs ? { stableForMs: config.intake.settleMs, emptyStableForMs: Math.max(config.intake.settleMs, 10_000) } : undefined),
      pollIntervalMs: options.pollIntervalMs ?? config.intake?.pollMs,
      structuralCompletion: config.intake?.completion === 'still-time' ? false : 'auto',
      log: log.child('drop-folder'),
      onFileReady: async (path) => {
        await ingestFile(path, { removeSource: true });
      },
      onStatusChange: () => {
        events.emit({ type: 'station.changed' });
        settleIdle();
      },
    });
    await watcher.start();
  };

  const status = (): StationStatus => {
    const w = watcher?.status();
    return {
      stationName,
      dataDir: paths.dataDir,
      dropDir,
      watching: w?.watching ?? false,
      watchError: w ? w.watchError : options.watch === false ? 'The drop folder is not watched in this mode.' : null,
      filesWaiting: w?.filesWaiting ?? 0,
      filesInProgress: (w?.filesInProgress ?? 0) + (watcher ? 0 : inFlight),
      scanner: scanner.holder(),
      recognitionBacklog: (() => {
        const b = recognitionRepo.backlog();
        return { fast: b.fast ?? 0, ocr: b.ocr ?? 0 };
      })(),
      version: appVersion(),
      currentBox: settings.get<{ project: string; box: string }>(settingKeys.currentBox) ?? null,
      dateOrder: dateOrder().order,
      notices: [...startupNotices, ...plainTextNotices(outbox.targets())],
    };
  };

  const context: StationContext = {
    stationName,
    accounts,
    audit,
    auditAnchors,
    opened,
    scanner,
    settings,
    batches,
    intakeLog,
    recognition: recognitionRepo,
    indexing: indexingRepo,
    indexingService,
    patients,
    catalogue,
    learner,
    outbox,
    review,
    reviewGate,
    sensitive: sensitiveAccess,
    corrections: corrections.service,
    merges,
    patientSync,
    correctionQueries: corrections.queries,
    enqueueDelivery: (documentId, patientMrn, by) => {
      // A correction goes where its original went (corrections/correction-delivery.ts).
      if (corrections.deliveries.enqueueReplacement(documentId, patientMrn, now().toISOString(), by)) return;
      queueDelivery({ outbox, audit, now }, documentId, patientMrn, by);
    },
    kickDelivery: () => sender?.kick(),
    separationRules,
    saveSeparationRules: (rules) => settings.set(settingKeys.separation, rules),
    dateOrder,
    saveDateOrder: (order) => saveDateOrder(settings, order),
    saveTarget: (target, enabled) => {
      outbox.saveTarget(target.id, target, enabled, now().toISOString());
      // The next delivery builds a connector from the new settings.
      connectors.forget(target.id);
    },
    notifyBatchChanged: (batchId) => events.emit({ type: 'batch.changed', batchId }),
    notifyStationChanged: () => events.emit({ type: 'station.changed' }),
    db,
    now,
    transaction: (work) => db.transaction(work).immediate(),
    status,
    overrideRequests,
    rescanMarks,
    quarantineDesk: quarantineDesk.desk,
    releaseFromQuarantine: (quarantineId, user) =>
      releaseFromQuarantine({ intakeLog, audit, transaction: (work) => db.transaction(work).immediate(), dropDir: () => dropDir, fileKey, now }, quarantineId, user),
    changeDropDir: async (path) => {
      const chosen = await prepareDropFolder(path, { dataDir: paths.dataDir, targets: outbox.targets() });
      if (!chosen.ok) return chosen;
      dropDir = chosen.path;
      settings.set(settingKeys.dropDir, dropDir);
      if (watcher) {
        watcher.stop();
        await startWatcher();
      }
      events.emit({ type: 'station.changed' });
      return { ok: true };
    },
  };

  async function sweepStartupOrphans() {
    const { archives, images } = batches.referencedFiles();
    const retention = new RetentionRepository(db);
    // Files retention marked purged but a crash kept it from deleting count as unreferenced.
    const purged = retention.purgedStoredPaths();
    const purgedPdfs = retention.purgedPdfPaths();
    const stored = new Set([...intakeLog.storedPaths()].filter((p) => !purged.has(p)));
    const removed =
      (await sweepOrphans(paths.originals, (p) => archives.has(p) || stored.has(p))) +
      (await sweepOrphans(paths.quarantine, (p) => stored.has(p))) +
      (await sweepOrphans(paths.duplicates, (p) => stored.has(p))) +
      (await sweepOrphans(paths.incoming, () => false)) +
      (await sweepOrphans(paths.store, (p) => images.has(basename(p)), 2)) +
      // Output PDFs are re-rendered on demand; only those of purged documents are removed.
      (await sweepOrphans(paths.output, (p) => !purgedPdfs.has(p)));
    if (removed > 0) log.info('station.orphans-removed', { count: removed });
  }

  const dispatch = createDispatcher(createHandlers(context), (token) => accounts.session(token), log.child('api'));

  let lastPurge: Promise<PurgeReport | null> = Promise.resolve(null);
  const purge = (purgeOptions: { dryRun?: boolean; via: string }): Promise<PurgeReport> => {
    const run = lastPurge
      .catch(() => null)
      .then(async () => {
        const gate = (async () => {
          while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
          return purgeExpired({ db, store, paths, settings, audit, now, log: log.child('retention') }, purgeOptions);
        })();
        purging = gate;
        try {
          return await gate;
        } finally {
          purging = null;
        }
      });
    lastPurge = run;
    return run;
  };
  const scheduledPurge = () => {
    purge({ via: 'timer' }).catch(() => log.error('retention.failed', { code: 'purge' }));
  };

  await intake.finishPendingRemovals();
  await sweepStartupOrphans();
  let purgeTimer: ReturnType<typeof setInterval> | null = null;
  if (options.retentionTimer !== false) {
    scheduledPurge();
    purgeTimer = setInterval(scheduledPurge, 60 * 60 * 1000);
    purgeTimer.unref();
  }
  if (plainTextNotices(outbox.targets()).length > 0) log.warn('delivery.plain-text-copies', { targets: plainTextNotices(outbox.targets()).length });
  sender?.start();
  auditAnchors.start();
  if (options.patientSync !== false) patientSync.schedule();
  if (options.warmRecognition) scheduler?.warm();
  scheduler?.kick();
  if (options.watch !== false) await startWatcher();
  log.info('station.opened', { watching: options.watch !== false });

  // A tampered image is found again each time a screen asks for it: the trail and the screens are
  // told once per stored file per run, the log every time.
  const tamperedReported = new Set<string>();
  const reportTamperedImage = (pageId: string, storedId: string, viewer: { id: string; username: string }) => {
    log.error('storage.tampered', { code: 'tampered', pageId, storedId });
    if (tamperedReported.has(storedId)) return;
    tamperedReported.add(storedId);
    audit.record({ user: { id: viewer.id, name: viewer.username }, action: 'storage-tampered', subject: { type: 'page', id: pageId }, details: { storedId } });
    events.emit({ type: 'storage.tampered', pageId });
  };

  let closed = false;
  return {
    dataDir: paths.dataDir,
    context,
    call: dispatch,
    authenticate: (token) => accounts.authenticate(token),
    async readPageImage(pageId: string, variant: PageImageVariant, sessionToken: string | null) {
      const viewer = accounts.authenticate(sessionToken);
      if (!viewer) return null;
      const image = batches.pageImage(pageId, variant);
      if (!image) return null;
      recordPageImageRead({ opened, audit, documentOfPage: (id) => sensitiveAccess.documentOfPage(id) }, sessionToken, viewer, { pageId, batchId: image.batchId });
      if (image.purged) return { purged: true as const, retentionDays: retentionSettingsOf(settings).deliveredDays };
      try {
        const bytes = await store.read(image.sha256);
        // A sensitive document's pages stay blurred until this session stated a reason (audited).
        return { contentType: mimeOfVariant, bytes: sensitiveAccess.mustBlurPage(sessionToken, pageId) ? await blurredJpeg(bytes) : bytes };
      } catch (error) {
        // Reported, never papered over: a tampered page must not be shown as if it were the scan.
        if (error instanceof TamperedFileError) reportTamperedImage(pageId, error.fileId, viewer);
        throw error;
      }
    },
    onEvent: (listener) => events.on(listener),
    ingestFile,
    status,
    whenRecognised: () => scheduler?.whenIdle() ?? Promise.resolve(),
    whenDelivered: (documentIds) => sender?.whenSettled(documentIds) ?? Promise.resolve(),
    documentPackage,
    purge: (purgeOptions) => purge({ dryRun: purgeOptions?.dryRun === true, via: 'station' }),
    whenIdle: () =>
      new Promise<void>((resolveIdle) => {
        idleWaiters.push(resolveIdle);
        settleIdle();
      }),
    async close() {
      if (closed) return;
      closed = true;
      if (purgeTimer) clearInterval(purgeTimer);
      watcher?.stop();
      await patientSync.stop();
      await sender?.stop();
      // Killing the decoders fails their ingests before anything commits; a commit already
      // running finishes. Either way the crash rules leave nothing half done.
      await decoder.close();
      await quarantineDesk.close();
      await scheduler?.close();
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await lastPurge.catch(() => null);
      await auditAnchors.stop();
      db.close();
    },
  };
}
