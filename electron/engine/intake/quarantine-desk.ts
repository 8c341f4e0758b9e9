import { rm } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { type QuarantineEntry, quarantineReasonText } from '../../../shared/domain/intake.js';
import type { AuditLog, AuditUser } from '../audit/audit-log.js';
import type { IntakeLogRepository } from '../db/repositories/intake-log.js';
import type { DecodeOutcome } from '../imaging/decode-scan.js';
import type { ScanLimits } from '../imaging/limits.js';
import type { SealedDecodeTask } from '../imaging/sealed-decode.worker.js';
import type { Logger } from '../log/logger.js';
import { removeFileDurably } from '../storage/durable-file.js';
import { readSealedFile } from '../storage/sealed-file.js';
import { type Isolation, type MemoryCap, WorkerPool, workerScript } from '../workers/worker-pool.js';
import { QuarantinePreview } from './quarantine-preview.js';
import { dropNameFor } from './quarantine-release.js';

export interface QuarantineDeskDeps {
  intakeLog: IntakeLogRepository;
  audit: AuditLog;
  transaction<T>(work: () => T): T;
  /** The station's quarantine folder: a path in a row is never trusted to point elsewhere. */
  quarantineFolder: string;
  fileKey: Uint8Array;
  preview: QuarantinePreview;
  now(): Date;
  log: Logger;
}

export type DeskRefusal = { ok: false; code: 'not-found' | 'conflict'; message: string };
export type DeskResult<T> = ({ ok: true } & T) | DeskRefusal;

/** Larger originals are not handed to the screen in one piece (they travel inside one API answer). */
export const maxExportBytes = 100 * 1024 * 1024;

export interface PreviewPage {
  number: number;
  width: number;
  height: number;
  dpi: number;
}

export type PreviewAnswer = { decodable: true; pages: PreviewPage[] } | { decodable: false; reason: QuarantineEntry['reason']; message: string };

const refuse = (code: DeskRefusal['code'], message: string): DeskRefusal => ({ ok: false, code, message });
const isInside = (folder: string, path: string) => {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
};

/**
 * What an administrator does with a quarantined file beyond reading it again: look at its pages,
 * save the original elsewhere, mark the entry handled, or delete it. Each is recorded in the
 * audit trail; the entry itself always stays (the intake log points at it).
 */
export class QuarantineDesk {
  constructor(private readonly deps: QuarantineDeskDeps) {}

  /** The pages of the file where they can be decoded (decoded in an isolate; see QuarantinePreview). */
  async preview(id: string, user: AuditUser): Promise<DeskResult<{ answer: PreviewAnswer }>> {
    const entry = this.readable(id);
    if (!entry.ok) return entry;
    // Opening it is the access worth recording; paging through it is not.
    this.deps.transaction(() => this.deps.audit.record({ user, action: 'quarantine-viewed', subject: { type: 'quarantine', id }, details: { reason: entry.entry.reason } }));
    const outcome = await this.deps.preview.open(id, entry.entry.storedPath);
    const answer: PreviewAnswer = outcome.decodable
      ? { decodable: true, pages: outcome.pages.map((p, i) => ({ number: i + 1, width: p.width, height: p.height, dpi: p.dpi })) }
      : { decodable: false, reason: outcome.reason, message: quarantineReasonText[outcome.reason] };
    return { ok: true, answer };
  }

  async previewPage(id: string, page: number, variant: 'view' | 'thumb'): Promise<DeskResult<{ bytes: Buffer }>> {
    const entry = this.readable(id);
    if (!entry.ok) return entry;
    const bytes = await this.deps.preview.pageImage(id, entry.entry.storedPath, page, variant);
    return bytes ? { ok: true, bytes } : refuse('not-found', 'There is no such page in this file.');
  }

  /** The file as it arrived, for an administrator to keep elsewhere; recorded before it leaves. */
  async original(id: string, user: AuditUser): Promise<DeskResult<{ fileName: string; bytes: Buffer }>> {
    const entry = this.readable(id);
    if (!entry.ok) return entry;
    if (entry.entry.sizeBytes > maxExportBytes) {
      return refuse('conflict', `This file is ${Math.round(entry.entry.sizeBytes / 1024 / 1024)} MB: too large to save from the screen (the limit is ${maxExportBytes / 1024 / 1024} MB).`);
    }
    const bytes = await readSealedFile(entry.entry.storedPath, this.deps.fileKey);
    this.deps.transaction(() => this.deps.audit.record({ user, action: 'quarantine-exported', subject: { type: 'quarantine', id }, details: { sha256: entry.entry.sha256, bytes: bytes.length } }));
    return { ok: true, fileName: `chartdesk-quarantine-${id.slice(0, 8)}-${dropNameFor(entry.entry.originalName, id)}`, bytes };
  }

  /** `byName`: the name the entry shows (the person's display name). */
  markHandled(id: string, user: AuditUser, byName: string, note: string): DeskResult<{ entry: QuarantineEntry }> {
    const entry = this.deps.intakeLog.quarantineEntry(id);
    if (!entry) return refuse('not-found', 'There is no such quarantined file.');
    if (entry.deletedAt) return refuse('conflict', 'This entry was deleted.');
    const done = this.deps.transaction(() => {
      if (!this.deps.intakeLog.markHandled(id, this.deps.now().toISOString(), byName, note)) return false;
      this.deps.audit.record({ user, action: 'quarantine-handled', subject: { type: 'quarantine', id }, details: { note } });
      return true;
    });
    if (!done) return refuse('conflict', 'This entry was already marked handled.');
    return { ok: true, entry: this.deps.intakeLog.quarantineEntry(id)! };
  }

  /**
   * Deletes the entry's sealed copy. The mark (and the audit entry) commit first, then the file
   * goes: a crash in between leaves a file no row needs, which the start-up sweep removes.
   */
  async remove(id: string, user: AuditUser, byName: string, reason: string): Promise<DeskResult<{ entry: QuarantineEntry }>> {
    const entry = this.deps.intakeLog.quarantineEntry(id);
    if (!entry) return refuse('not-found', 'There is no such quarantined file.');
    const done = this.deps.transaction(() => {
      if (!this.deps.intakeLog.markDeleted(id, this.deps.now().toISOString(), byName, reason)) return false;
      this.deps.audit.record({ user, action: 'quarantine-deleted', subject: { type: 'quarantine', id }, details: { reason, sha256: entry.sha256 } });
      return true;
    });
    if (!done) return refuse('conflict', 'This entry was already deleted.');
    await this.deps.preview.forget(id);
    try {
      if (isInside(this.deps.quarantineFolder, entry.storedPath)) await removeFileDurably(entry.storedPath);
    } catch (error) {
      // The row says the file is gone on purpose: the next start's orphan sweep removes it.
      this.deps.log.warn('quarantine.delete-failed', { code: (error as NodeJS.ErrnoException).code ?? 'error' });
    }
    return { ok: true, entry: this.deps.intakeLog.quarantineEntry(id)! };
  }

  private readable(id: string): { ok: true; entry: QuarantineEntry & { storedPath: string } } | DeskRefusal {
    const entry = this.deps.intakeLog.quarantineEntry(id);
    if (!entry) return refuse('not-found', 'There is no such quarantined file.');
    if (entry.deletedAt) return refuse('conflict', 'This entry was deleted: its file is gone.');
    if (entry.fileRemoved) return refuse('conflict', 'Retention has removed the stored copy of this file.');
    return { ok: true, entry };
  }
}

export interface QuarantineDeskOptions extends Omit<QuarantineDeskDeps, 'preview'> {
  /** Scratch folder for decoded preview pages (emptied now and at close). */
  previewFolder: string;
  limits: ScanLimits;
  isolation: Isolation;
  memory: MemoryCap;
}

/** The desk with its own preview decoder: one isolate, a short time limit, intake's memory caps. */
export async function openQuarantineDesk(options: QuarantineDeskOptions): Promise<{ desk: QuarantineDesk; close(): Promise<void> }> {
  await rm(options.previewFolder, { recursive: true, force: true });
  const decoder = new WorkerPool<SealedDecodeTask, DecodeOutcome>({
    script: workerScript(import.meta.url, '../imaging/sealed-decode.worker'),
    size: 1,
    // A person is waiting: a file that takes longer is reported as not decodable, not waited for.
    taskTimeoutMs: 60_000,
    wholeTaskTimeoutMs: 60_000,
    isolation: options.isolation,
    memory: options.memory,
  });
  const preview = new QuarantinePreview({ decoder, folder: options.previewFolder, fileKey: options.fileKey, limits: options.limits });
  return { desk: new QuarantineDesk({ ...options, preview }), close: () => preview.close() };
}
