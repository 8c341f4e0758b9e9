import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { StationStatus } from '../../shared/domain/station.js';
import { createDispatcher } from './api/dispatcher.js';
import { createHandlers } from './api/handlers/index.js';
import type { StationContext } from './api/station-context.js';
import { OpenedRecords } from './api/opened-records.js';
import { servePageImages } from './api/page-image-serving.js';
import { AuditLog } from './audit/audit-log.js';
import { anchorOf } from './audit/audit-anchor.js';
import { DailyAnchorWriter } from './audit/anchor-file.js';
import { Accounts, defaultAccountPolicy } from './auth/accounts.js';
import { idleLockSecondsOf } from './auth/idle-lock-setting.js';
import { appVersion } from './config/app-root.js';
import { defaultDropDir as osDefaultDropDir, stationPaths } from './config/station-paths.js';
import { openDatabase } from './db/connection.js';
import { BatchRepository } from './db/repositories/batches.js';
import { IntakeLogRepository } from './db/repositories/intake-log.js';
import { IndexingRepository } from './db/repositories/indexing.js';
import { OutboxRepository } from './db/repositories/outbox.js';
import { outgoingDirBeside, plainTextNotices, settleDefaultTarget } from './delivery/default-target.js';
import { type StationNotice, keepDataFolderPrivate } from './config/data-folder-access.js';
import { prepareDropFolder } from './intake/drop-folder-choice.js';
import { TargetConnectors } from './delivery/target-connectors.js';
import { createCorrections } from './corrections/index.js';
import { PageTextIdentifierRepository } from './db/repositories/page-text-identifiers.js';
import { PatientMergeRepository } from './db/repositories/patient-merges.js';
import { PatientSync } from './patient-sync/patient-sync.js';
import { buildDocumentPackage } from './delivery/document-package.js';
import { queueDelivery } from './delivery/queue-delivery.js';
import { defaultRecognitionWorkers } from './recognition/recognition-workers.js';
import { OutboxSender } from './delivery/outbox-sender.js';
import { RecognitionRepository } from './db/repositories/recognition.js';
import { ReviewRepository } from './db/repositories/review.js';
import { ReviewGate } from './review/review-gate.js';
import { SensitiveAccess } from './privacy/sensitive-access.js';
import { DocumentIndexingService } from './indexing/document-indexing.js';
import { PageTextIdentifiers } from './indexing/page-text-identifiers.js';
import { DocumentTypeCatalogue } from './indexing/document-types/document-type-catalogue.js';
import { DocumentTypeLearner } from './indexing/document-types/type-learner.js';
import { PatientIndex } from './indexing/patient-index/index.js';
import { SettingsRepository, settingKeys } from './db/repositories/settings.js';
import { EngineEvents } from './events.js';
import type { DecodeOutcome, DecodeProgress } from './imaging/decode-scan.js';
import type { DecodeTask } from './imaging/decode.worker.js';
import { defaultScanLimits } from './imaging/limits.js';
import { FileIntake } from './intake/file-intake.js';
import { Scanner } from './intake/scanner-claim.js';
import { ScannerClaimRepository } from './db/repositories/scanner-claim.js';
import { createLogger } from './log/logger.js';
import { readStationConfig, stationConfigPath } from './config/station-config-file.js';
import { applyStationConfig, completenessRuleOf, settleDropDir } from './config/apply-station-config.js';
import { saveDateOrder, stationDateOrder } from './config/date-order-setting.js';
import { RetentionRepository } from './db/repositories/retention.js';
import { RecognitionScheduler } from './recognition/recognition-scheduler.js';
import type { FastFacts, RecognitionResult, RecognitionTask } from './recognition/recognition-task.js';
import { type SeparationRules, defaultSeparationRules } from './separation/separation-rules.js';
import { TamperedFileError } from './crypto/file-cipher.js';
import { releaseFromQuarantine } from './intake/quarantine-release.js';
import { openQuarantineDesk } from './intake/quarantine-desk.js';
import { OverrideRequestRepository } from './db/repositories/override-requests.js';
import { RescanMarkRepository } from './db/repositories/rescan-marks.js';
import { placeRescan } from './indexing/rescan/rescan-placement.js';
import { ContentStore } from './storage/content-store.js';
import { sweepStartupOrphans } from './storage/startup-orphan-sweep.js';
import { SharedExclusiveLock } from './storage/shared-exclusive-lock.js';
import { StationIntake } from './intake/station-intake.js';
import { PurgeRuns } from './retention/purge-runs.js';
import { type Isolation, type MemoryCap, WorkerPool, workerScript } from './workers/worker-pool.js';
import type { RunningStation, StationOptions } from './station-options.js';

export type { RunningStation, StationOptions } from './station-options.js';

/**
 * A decoder's V8 heap holds the parser's objects (pdf.js operator lists); pixels live outside it,
 * bounded by ScanLimits, and the resident cap catches native memory a hostile file runs up.
 * Measured: an A3 600-dpi colour page (the largest real page) peaks at 2.0 GB resident as a PDF
 * (pdf.js, canvas and sharp each hold a copy) and 0.4 GB as a JPEG or TIFF.
 */
const defaultDecodeMemory: MemoryCap = { heapMb: 512, residentMb: 3072 };
/** Recognition reads the station's own re-encoded pages; tesseract's wasm memory is its own worker's, outside this cap. */
const recognitionMemory: MemoryCap = { heapMb: 1024 };

/** Waits for `work`, or for `ms`, whichever comes first. */
async function within(ms: number, work: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export async function openStation(options: StationOptions): Promise<RunningStation> {
  const log = options.log ?? createLogger();
  const now = options.now ?? (() => new Date());
  const paths = stationPaths(resolve(options.dataDir));
  const startupNotices = [await keepDataFolderPrivate(paths.dataDir, log)].filter((n): n is StationNotice => n !== null);
  for (const dir of [paths.store, paths.originals, paths.quarantine, paths.duplicates, paths.output, paths.incoming]) await mkdir(dir, { recursive: true, mode: 0o700 });

  const config = await readStationConfig(stationConfigPath(paths.dataDir, options.configFile), options.configFile !== undefined);
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
  const connectors = new TargetConnectors(outbox);
  const separationRules = () => options.separationRules ?? settings.get<SeparationRules>(settingKeys.separation) ?? defaultSeparationRules;
  const review = new ReviewRepository(db);
  const reviewGate = new ReviewGate(review, settings);
  const sensitiveAccess = new SensitiveAccess(db, catalogue, now);
  const dateOrder = stationDateOrder(settings, options, config.dates?.order);
  const merges = new PatientMergeRepository(db);
  const pageTexts = new PageTextIdentifiers(new PageTextIdentifierRepository(db), () => dateOrder().order, now);
  const indexingService = new DocumentIndexingService({
    batches,
    recognition: recognitionRepo,
    indexing: indexingRepo,
    patients,
    catalogue,
    learner,
    review,
    merges,
    pageTexts,
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
  applyStationConfig(config, { settings, outbox, reviewGate, corrections: corrections.service, now });
  const patientSync = new PatientSync({
    merges,
    patients,
    indexing: indexingRepo,
    outbox,
    audit,
    settings,
    transaction: (work) => db.transaction(work).immediate(),
    now,
    log: log.child('patient-sync'),
  });
  const accounts = new Accounts(db, now, defaultAccountPolicy, () => idleLockSecondsOf(settings) * 1000);
  const events = new EngineEvents();
  const fileKey = options.key.fileKey();
  const store = new ContentStore(paths.store, fileKey);
  const stationName = options.stationName ?? config.station?.name ?? hostname();
  const auditAnchors = new DailyAnchorWriter({ audit, settings, stationName, now, log: log.child('audit') });

  let dropDir = settleDropDir(settings, options.dropDir ?? config.intake?.dropDir, options.defaultDropDir ?? osDefaultDropDir());
  const scanner = new Scanner({ claims: new ScannerClaimRepository(db), audit, stationName, now });
  const opened = new OpenedRecords();

  // Child processes where Node can fork; threads inside Electron (the RunAsNode fuse is off).
  const decodeIsolation: Isolation = options.decodeIsolation ?? (process.versions.electron ? 'thread' : 'process');
  const decoder = new WorkerPool<DecodeTask, DecodeOutcome, DecodeProgress>({
    script: workerScript(import.meta.url, './imaging/decode.worker'),
    size: options.decodeWorkers ?? 2,
    // Per page: the decoder reports each page it stores, and each report starts the limit again.
    // A 500-page box on a busy machine is not "too slow"; a decoder stuck on one page still is.
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
  const workers = { ...defaultRecognitionWorkers(), ...(options.fastWorkers ? { fast: options.fastWorkers } : {}), ...(options.ocrWorkers ? { ocr: options.ocrWorkers } : {}) };
  const scheduler =
    options.recognition === false
      ? null
      : new RecognitionScheduler({
          db,
          repo: recognitionRepo,
          store,
          fastPool: new WorkerPool<RecognitionTask, RecognitionResult, FastFacts>({
            script: recognitionScript,
            size: workers.fast,
            taskTimeoutMs: 120_000,
            memory: recognitionMemory,
          }),
          fastConcurrency: workers.fast,
          ocrPool: new WorkerPool<RecognitionTask, RecognitionResult>({
            script: recognitionScript,
            size: workers.ocr,
            taskTimeoutMs: 10 * 60_000,
            memory: recognitionMemory,
          }),
          ocrConcurrency: workers.ocr,
          readText: options.readText !== false,
          rules: separationRules,
          maxAttempts: 3,
          retryDelayMs: 5_000,
          now,
          log: log.child('recognition'),
          beforeResplit: (batchId) => sensitiveAccess.rememberPagesOf({ batchId }),
          onTextRecorded: (pageId, text) => pageTexts.recordText(pageId, text),
          ...(options.beforeFastCommit ? { beforeFastCommit: options.beforeFastCommit } : {}),
          onProgress: (batchId, pageId) => {
            events.emit({ type: 'recognition.progress', batchId, pageId });
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

  // An ingest may find an image already stored (identical content) and skip writing it: it must
  // not run while a purge decides that image is unreferenced and deletes it. Ingests share the
  // lock; a purge holds it alone, and ingests that arrive while it waits queue behind it.
  const storeLock = new SharedExclusiveLock();
  const stationIntake = new StationIntake({
    intake,
    storeLock,
    events,
    assignCurrentBox: (batchId) => {
      const box = settings.get<{ project: string; box: string }>(settingKeys.currentBox);
      if (box) db.transaction(() => review.setBox(batchId, box.project, box.box)).immediate();
    },
    kickRecognition: () => scheduler?.kick(),
    rule: options.completeness ?? completenessRuleOf(config),
    pollIntervalMs: options.pollIntervalMs ?? config.intake?.pollMs,
    structuralCompletion: config.intake?.completion === 'still-time' ? false : 'auto',
    log: log.child('drop-folder'),
  });
  const purges = new PurgeRuns({ db, store, paths, settings, audit, now, log: log.child('retention'), storeLock }, log);

  const status = (): StationStatus => {
    const w = stationIntake.dropFolderStatus();
    return {
      stationName,
      dataDir: paths.dataDir,
      dropDir,
      watching: w?.watching ?? false,
      watchError: w ? w.watchError : options.watch === false ? 'The drop folder is not watched in this mode.' : null,
      filesWaiting: w?.filesWaiting ?? 0,
      filesInProgress: (w?.filesInProgress ?? 0) + (w ? 0 : stationIntake.filesInFlight),
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
      if (stationIntake.watching) await stationIntake.watch(dropDir);
      events.emit({ type: 'station.changed' });
      return { ok: true };
    },
  };

  const dispatch = createDispatcher(createHandlers(context), (token) => accounts.session(token), log.child('api'));

  await intake.finishPendingRemovals();
  await sweepStartupOrphans({ paths, batches, intakeLog, retention: new RetentionRepository(db), log });
  if (options.retentionTimer !== false) purges.startHourly();
  if (plainTextNotices(outbox.targets()).length > 0) log.warn('delivery.plain-text-copies', { targets: plainTextNotices(outbox.targets()).length });
  sender?.start();
  auditAnchors.start();
  if (options.patientSync !== false) patientSync.schedule();
  if (options.warmRecognition) {
    // A station waiting for scans: the first file of the day is not the one that starts the engines.
    scheduler?.warm();
    decoder.keepOneReady();
  }
  scheduler?.kick();
  if (options.watch !== false) await stationIntake.watch(dropDir);
  log.info('station.opened', { watching: options.watch !== false });

  let closed = false;
  return {
    dataDir: paths.dataDir,
    context,
    call: dispatch,
    authenticate: (token) => accounts.authenticate(token),
    readPageImage: servePageImages({ accounts, batches, opened, audit, sensitive: sensitiveAccess, settings, store, events, log }),
    onEvent: (listener) => events.on(listener),
    ingestFile: (path, intakeOptions) => stationIntake.ingest(path, intakeOptions),
    status,
    whenRecognised: () => scheduler?.whenIdle() ?? Promise.resolve(),
    whenDelivered: (documentIds) => sender?.whenSettled(documentIds) ?? Promise.resolve(),
    documentPackage,
    purge: (purgeOptions) => purges.run({ dryRun: purgeOptions?.dryRun === true, via: 'station' }),
    whenIdle: () => stationIntake.whenIdle(),
    async close() {
      if (closed) return;
      closed = true;
      purges.stopTimer();
      stationIntake.stop();
      await patientSync.stop();
      await sender?.stop();
      // Killing the decoders fails their ingests before anything commits; a commit already
      // running finishes. Either way the crash rules leave nothing half done.
      await decoder.close();
      await quarantineDesk.close();
      await scheduler?.close();
      // An ingest that still waits for the lock fails at the closed decoders, committing nothing.
      await within(10_000, storeLock.whenFree());
      await purges.settled();
      await auditAnchors.stop();
      db.close();
    },
  };
}
