import { createHash, randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { SourceFormat } from '../../../shared/domain/batch.js';
import type { QuarantineReason } from '../../../shared/domain/intake.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { StationPaths } from '../config/station-paths.js';
import type { BatchRepository, NewBatch, NewPage } from '../db/repositories/batches.js';
import type { IntakeLogRepository } from '../db/repositories/intake-log.js';
import type { DecodeOutcome, DecodeProgress } from '../imaging/decode-scan.js';
import type { DecodeTask } from '../imaging/decode.worker.js';
import type { ScanLimits } from '../imaging/limits.js';
import type { Logger } from '../log/logger.js';
import { moveFileDurably, removeFileDurably } from '../storage/durable-file.js';
import { writeSealedFile } from '../storage/sealed-file.js';
import { DecodeGate } from './decode-gate.js';
import { NotARegularFile, type ReceivedFile, receiveFile, removeReceivedFile } from './dropped-file.js';
import { type WorkerPool, WorkerTaskError } from '../workers/worker-pool.js';

/**
 * Named moments inside an ingest, where the crash tests kill the process. Between any two of
 * them the station must be able to die and, on restart, end with nothing or a complete batch.
 */
export type IntakeCrashPoint = 'while-decoding' | 'after-pages-stored' | 'after-original-archived' | 'after-rows-committed' | 'after-source-removed';

/**
 * How many times the station may die while reading one file before the file is quarantined
 * instead of read again. Decoders run isolated, but in the desktop app they are threads of the
 * engine process, and a decoder that aborts natively (not a JS heap overflow, which the thread
 * limit catches) takes the engine with it; without this the restarted engine would read the same
 * file and die again until the shell gives up restarting it. Three, not fewer, so that power cuts
 * alone rarely set a sound scan aside; and within the desktop shell's three restarts a minute.
 * After the first death the file is read alone (see DecodeGate), so only it is blamed. Only where
 * decoders are threads: a decoder process that dies is reported as `decode-crashed` at once, and
 * the station dying while a decoder process works (a power cut) says nothing about the file.
 */
export const maxInterruptedDecodes = 3;

/** Who a file is credited to: the scanner's holder, or the account running a command-line batch. */
export interface ScanOperator {
  /** The account id, or `cli:user@host`. */
  id: string;
  /** The name recorded on the batch (the person's display name at the time). */
  displayName: string;
  /** As the audit trail names them. */
  username: string;
}

export interface FileIntakeDeps {
  db: Database;
  batches: BatchRepository;
  intakeLog: IntakeLogRepository;
  paths: StationPaths;
  decoder: Pick<WorkerPool<DecodeTask, DecodeOutcome, DecodeProgress>, 'run'>;
  limits: ScanLimits;
  stationName: string;
  /** Who is credited with a file that lands now; null: nobody holds the scanner (unclaimed). */
  operator: () => ScanOperator | null;
  /** Each outcome is recorded in the transaction that commits it: ids and codes only, never the file's name. */
  audit: Pick<AuditLog, 'record'>;
  now: () => Date;
  log: Logger;
  crashPoint: (point: IntakeCrashPoint) => void;
  /** Encrypts every copy the station keeps (page images, originals, quarantine, duplicates). */
  fileKey: Uint8Array;
  /** Count station deaths while decoding, read suspects alone, quarantine a poison file (thread decoders). */
  guardInterruptedDecodes: boolean;
  /** Test hook: runs just before a file is opened (tests swap the name for a link here, deterministically). */
  beforeOpen?: (path: string) => Promise<void>;
  /**
   * Offered every sound file from the drop folder, inside the transaction that commits it: a
   * document waiting for a rescan may take its pages instead of a new batch (see rescan-placement).
   */
  placeRescan?: (arrival: Arrival) => RescanPlacement | null;
}

/** A sound file about to be committed, as offered to placeRescan. */
export interface Arrival {
  sourceFile: NewBatch['sourceFile'];
  pages: NewPage[];
  receivedAt: string;
  /** The batch the file becomes if nothing else takes it. */
  newBatchId: string;
}

/** Where a rescan's pages went: into this document of an existing batch. */
export interface RescanPlacement {
  batchId: string;
  documentId: string;
  markId: string;
}

export interface IntakeOptions {
  /** Drop-folder files are removed once their outcome is committed; files named on the CLI are kept. */
  removeSource: boolean;
  /** The name to record (defaults to the file's base name). */
  originalName?: string;
}

export type IntakeResult =
  | { outcome: 'ingested'; recordId: string; batchId: string; sourceFileId: string; pageCount: number }
  /** The pages went into a document marked for a rescan (an existing batch), not a new batch. */
  | { outcome: 'rescanned'; recordId: string; batchId: string; documentId: string; markId: string; sourceFileId: string; pageCount: number }
  | { outcome: 'duplicate'; recordId: string; batchId: string; sourceFileId: string }
  | { outcome: 'quarantined'; recordId: string; quarantineId: string; reason: QuarantineReason; detail: string | null }
  /** The outcome was committed before a crash; only the drop-folder copy was left to remove. */
  | { outcome: 'resumed'; recordId: string };

const quarantineReasonOfWorker: Record<Exclude<WorkerTaskError['code'], 'closed'>, QuarantineReason> = {
  timeout: 'decode-timeout',
  'out-of-memory': 'decode-out-of-memory',
  crashed: 'decode-crashed',
};

/** A file as it arrived, with where the station's sealed copy of it is now. */
type Received = {
  originalName: string;
  dropPath: string | null;
  sha256: string;
  size: number;
  sealedAt: string;
  identity: ReceivedFile['identity'] | null;
  operator: ScanOperator | null;
};

/**
 * What every intake record says of the file received: its name, where it was dropped, its hash
 * and size, and whether its drop-folder copy is still to be removed (a file named on the CLI is kept).
 */
const recordOfReceived = (received: Received) => ({
  originalName: received.originalName,
  dropPath: received.dropPath,
  sha256: received.sha256,
  sizeBytes: received.size,
  disposition: received.dropPath ? ('pending-removal' as const) : ('kept' as const),
});

/** Intake entries name the scanner's holder, or nobody: the station itself received the file. */
const auditUserOf = (operator: ScanOperator | null) => (operator ? { id: operator.id, name: operator.username } : null);

/**
 * Takes one file from arrival to a committed outcome: a batch with all its pages, a duplicate
 * record, or a quarantine entry with its reason. Every outcome points at a durable copy the
 * station owns, and the dropped file is removed only after that outcome commits.
 */
export class FileIntake {
  /** This process's run of the station, to tell its own decodes from those a dead one left. */
  private readonly stationLife = randomUUID();
  private readonly decodeGate = new DecodeGate();

  constructor(private readonly deps: FileIntakeDeps) {}

  async ingest(path: string, options: IntakeOptions): Promise<IntakeResult> {
    const { deps } = this;
    const originalName = options.originalName ?? basename(path);
    const dropPath = options.removeSource ? path : null;
    // Whoever held the scanner when the file was complete, not when reading it finished: a
    // take-over while a long PDF is read does not move that file to the new holder.
    const operator = deps.operator();
    // One id for the file: its sealed copy is named by it wherever it goes (originals, quarantine, duplicates).
    const fileId = randomUUID();
    let file: ReceivedFile;
    try {
      await deps.beforeOpen?.(path);
      file = await receiveFile(path, { followLinks: !options.removeSource, sealedDir: deps.paths.incoming, fileId, key: deps.fileKey });
    } catch (error) {
      if (error instanceof NotARegularFile) return this.setAsideNotAFile(fileId, { originalName, dropPath, operator }, error);
      throw error;
    }
    const { sha256 } = file;
    const received: Received = { originalName, dropPath, sha256, size: file.size, sealedAt: file.sealedPath, identity: file.identity, operator };

    if (dropPath) {
      const pending = deps.intakeLog.pendingRemovalFor(dropPath, sha256);
      if (pending) {
        await removeFileDurably(file.sealedPath);
        await this.removeSource(pending.id, dropPath, file.identity);
        return { outcome: 'resumed', recordId: pending.id };
      }
    }

    const existing = deps.batches.sourceFileBySha(sha256);
    if (existing) return this.recordDuplicate(received, existing);

    const interrupted = deps.guardInterruptedDecodes ? deps.intakeLog.interruptedDecodes(sha256, this.stationLife) : 0;
    if (interrupted >= maxInterruptedDecodes) {
      const detail = `the station stopped ${interrupted} times while reading this file`;
      return this.quarantine(received, { format: null, reason: 'decode-interrupted', detail });
    }
    // Checked here, before the decoder loads the file into memory only to refuse it.
    if (file.size > deps.limits.maxFileBytes) return this.quarantine(received, { format: null, reason: 'file-too-large', detail: `${file.size} bytes` });

    const attemptId = randomUUID();
    const giveTurnBack = await this.decodeGate.acquire(interrupted > 0);
    let decoded: DecodeOutcome;
    try {
      if (deps.guardInterruptedDecodes) deps.intakeLog.beginDecode({ id: attemptId, sha256, stationLife: this.stationLife, startedAt: deps.now().toISOString() });
      deps.crashPoint('while-decoding');
      // The station's sealed copy, not the drop-folder name: what is decoded is what was hashed.
      decoded = await deps.decoder.run({ filePath: file.sealedPath, sealed: true, store: { root: deps.paths.store, key: deps.fileKey }, limits: deps.limits });
    } catch (error) {
      if (!(error instanceof WorkerTaskError) || error.code === 'closed') throw error;
      decoded = { ok: false, format: null, reason: quarantineReasonOfWorker[error.code], detail: error.message };
    } finally {
      deps.intakeLog.endDecode(attemptId);
      giveTurnBack();
    }
    if (!decoded.ok) return this.quarantine(received, decoded);
    deps.crashPoint('after-pages-stored');

    const sourceFileId = fileId;
    const archivePath = join(deps.paths.originals, sourceFileId);
    await moveFileDurably(file.sealedPath, archivePath);
    deps.crashPoint('after-original-archived');

    const newBatchId = randomUUID();
    const recordId = randomUUID();
    const createdAt = deps.now().toISOString();
    const sourceFile = { id: sourceFileId, originalName, format: decoded.format, sizeBytes: file.size, sha256, archivePath };
    const pages = decoded.pages.map((p) => ({ id: randomUUID(), ...p }));
    let rescan: RescanPlacement | null = null;
    const committed = deps.db
      .transaction(() => {
        // Two copies of one file can finish decoding together; the database decides which is first.
        const raced = deps.batches.sourceFileBySha(sha256);
        if (raced) return raced;
        deps.intakeLog.forgetDecodes(sha256);
        // Only a scan dropped at the station answers a rescan mark, never a file named on the CLI.
        rescan = dropPath ? (deps.placeRescan?.({ sourceFile, pages, receivedAt: createdAt, newBatchId }) ?? null) : null;
        if (!rescan) {
          deps.batches.insert({ id: newBatchId, station: deps.stationName, operator: operator ? { id: operator.id, name: operator.displayName } : null, createdAt, sourceFile, pages });
        }
        deps.intakeLog.insert({
          id: recordId,
          ...recordOfReceived(received),
          format: decoded.format,
          outcome: 'ingested',
          receivedAt: createdAt,
          batchId: rescan?.batchId ?? newBatchId,
          storedPath: archivePath,
          rescanMarkId: rescan?.markId ?? null,
        });
        deps.audit.record({
          user: auditUserOf(operator),
          action: 'file-received',
          subject: { type: 'batch', id: rescan?.batchId ?? newBatchId },
          details: { intakeRecord: recordId, format: decoded.format, pages: decoded.pages.length, sizeBytes: file.size, ...(rescan ? { rescanMark: rescan.markId, document: rescan.documentId } : {}) },
        });
        return null;
      })
      .immediate();
    if (committed) return this.recordDuplicate({ ...received, sealedAt: archivePath }, committed);
    deps.crashPoint('after-rows-committed');
    const placed = rescan as RescanPlacement | null;
    const batchId = placed?.batchId ?? newBatchId;
    deps.log.info(placed ? 'intake.rescanned' : 'intake.ingested', { batchId, pages: decoded.pages.length, format: decoded.format });

    if (dropPath) await this.removeSource(recordId, dropPath, file.identity);
    if (placed) return { outcome: 'rescanned', recordId, batchId, documentId: placed.documentId, markId: placed.markId, sourceFileId, pageCount: pages.length };
    return { outcome: 'ingested', recordId, batchId, sourceFileId, pageCount: decoded.pages.length };
  }

  /** Finishes what a crash interrupted: outcomes committed whose dropped file is still there. */
  async finishPendingRemovals(): Promise<number> {
    const pending = this.deps.intakeLog.pendingRemovals();
    for (const p of pending) await this.removeSource(p.id, p.dropPath);
    return pending.length;
  }

  private async removeSource(recordId: string, dropPath: string, identity: ReceivedFile['identity'] | null = null): Promise<void> {
    // The record is done either way: the file read is gone from the drop folder, or another took its name.
    if ((await removeReceivedFile(dropPath, identity)) === 'replaced') this.deps.log.info('intake.source-replaced', { recordId });
    this.deps.crashPoint('after-source-removed');
    this.deps.intakeLog.markRemoved(recordId);
  }

  /**
   * A link, pipe, device or socket where a scan should be: nothing is read from it. It goes to
   * quarantine with the reason (an empty sealed record stands for the content, which was never
   * read) and its name leaves the drop folder; what a link pointed to is not touched.
   */
  private async setAsideNotAFile(fileId: string, arrived: { originalName: string; dropPath: string | null; operator: ScanOperator | null }, found: NotARegularFile): Promise<IntakeResult> {
    const sealedAt = join(this.deps.paths.incoming, fileId);
    await writeSealedFile(sealedAt, this.deps.fileKey, Buffer.alloc(0));
    const nothing = createHash('sha256').digest('hex');
    return this.quarantine({ ...arrived, sha256: nothing, size: 0, sealedAt, identity: null }, { format: null, reason: 'not-a-regular-file', detail: `a ${found.kind}` });
  }

  private async recordDuplicate(received: Received, original: { id: string; batchId: string; format: SourceFormat }): Promise<IntakeResult> {
    const { deps } = this;
    const recordId = randomUUID();
    // The duplicate is kept (not deleted) until retention: a person may want to compare.
    const storedPath = received.dropPath ? join(deps.paths.duplicates, basename(received.sealedAt)) : null;
    if (storedPath) await moveFileDurably(received.sealedAt, storedPath);
    else await removeFileDurably(received.sealedAt);
    deps.db
      .transaction(() => {
        deps.intakeLog.insert({
          id: recordId,
          ...recordOfReceived(received),
          format: original.format,
          outcome: 'duplicate',
          receivedAt: deps.now().toISOString(),
          duplicateOfSourceFileId: original.id,
          storedPath,
        });
        deps.audit.record({
          user: auditUserOf(received.operator),
          action: 'file-duplicate',
          subject: { type: 'intake-record', id: recordId },
          details: { duplicateOfBatch: original.batchId, sizeBytes: received.size },
        });
      })
      .immediate();
    deps.log.info('intake.duplicate', { batchId: original.batchId });
    if (received.dropPath) await this.removeSource(recordId, received.dropPath, received.identity);
    return { outcome: 'duplicate', recordId, batchId: original.batchId, sourceFileId: original.id };
  }

  private async quarantine(received: Received, problem: { format: SourceFormat | null; reason: QuarantineReason; detail: string | null }): Promise<IntakeResult> {
    const { deps } = this;
    // The quarantine entry takes the file's id: its sealed copy moves in under the same name.
    const quarantineId = basename(received.sealedAt);
    const recordId = randomUUID();
    const storedPath = join(deps.paths.quarantine, quarantineId);
    await moveFileDurably(received.sealedAt, storedPath);
    const at = deps.now().toISOString();
    deps.db
      .transaction(() => {
        deps.intakeLog.forgetDecodes(received.sha256);
        deps.intakeLog.insertQuarantine({
          id: quarantineId,
          originalName: received.originalName,
          sizeBytes: received.size,
          sha256: received.sha256,
          reason: problem.reason,
          detail: problem.detail,
          storedPath,
          station: deps.stationName,
          quarantinedAt: at,
        });
        deps.intakeLog.insert({
          id: recordId,
          ...recordOfReceived(received),
          format: problem.format,
          outcome: 'quarantined',
          receivedAt: at,
          quarantineId,
          storedPath,
        });
        deps.audit.record({
          user: auditUserOf(received.operator),
          action: 'file-quarantined',
          subject: { type: 'quarantine', id: quarantineId },
          details: { intakeRecord: recordId, reason: problem.reason, sizeBytes: received.size },
        });
      })
      .immediate();
    deps.log.warn('intake.quarantined', { reason: problem.reason });
    if (received.dropPath) await this.removeSource(recordId, received.dropPath, received.identity);
    return { outcome: 'quarantined', recordId, quarantineId, reason: problem.reason, detail: problem.detail };
  }
}
