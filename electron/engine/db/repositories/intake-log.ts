import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { SourceFormat } from '../../../../shared/domain/batch.js';
import type { IntakeOutcome, IntakeRecord, QuarantineEntry, QuarantineReason } from '../../../../shared/domain/intake.js';
import { quarantineReasonText } from '../../../../shared/domain/intake.js';
import { batchLabel } from './batches.js';

export type SourceDisposition = 'pending-removal' | 'removed' | 'kept';

export interface NewIntakeRecord {
  id: string;
  originalName: string;
  dropPath: string | null;
  sha256: string;
  sizeBytes: number;
  format: SourceFormat | null;
  outcome: IntakeOutcome;
  receivedAt: string;
  batchId?: string | null;
  quarantineId?: string | null;
  duplicateOfSourceFileId?: string | null;
  storedPath: string | null;
  disposition: SourceDisposition;
  /** The rescan mark whose pages this file supplied (its batch is the marked one). */
  rescanMarkId?: string | null;
}

export interface NewQuarantineEntry {
  id: string;
  originalName: string;
  sizeBytes: number;
  sha256: string;
  reason: QuarantineReason;
  detail: string | null;
  storedPath: string;
  station: string;
  quarantinedAt: string;
}

export interface PendingRemoval {
  id: string;
  dropPath: string;
  sha256: string;
}

/** The intake log and the quarantine: every file received and what became of it. */
export class IntakeLogRepository {
  constructor(private readonly db: Database) {}

  insert(record: NewIntakeRecord): void {
    this.db
      .prepare(
        `INSERT INTO intake_log (id, original_name, drop_path, sha256, size_bytes, format, outcome, received_at,
                                 batch_id, quarantine_id, duplicate_of_source_file_id, stored_path, source_disposition, rescan_mark_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.originalName,
        record.dropPath,
        record.sha256,
        record.sizeBytes,
        record.format,
        record.outcome,
        record.receivedAt,
        record.batchId ?? null,
        record.quarantineId ?? null,
        record.duplicateOfSourceFileId ?? null,
        record.storedPath,
        record.disposition,
        record.rescanMarkId ?? null,
      );
  }

  insertQuarantine(entry: NewQuarantineEntry): void {
    this.db
      .prepare(
        `INSERT INTO quarantine (id, original_name, size_bytes, sha256, reason, detail, stored_path, station, quarantined_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(entry.id, entry.originalName, entry.sizeBytes, entry.sha256, entry.reason, entry.detail, entry.storedPath, entry.station, entry.quarantinedAt);
  }

  /** Files whose outcome committed but whose drop-folder copy may still be there (a crash came in between). */
  pendingRemovals(): PendingRemoval[] {
    return this.db.prepare(`SELECT id, drop_path AS dropPath, sha256 FROM intake_log WHERE source_disposition = 'pending-removal' AND drop_path IS NOT NULL`).all() as PendingRemoval[];
  }

  pendingRemovalFor(dropPath: string, sha256: string): PendingRemoval | null {
    const row = this.db
      .prepare(
        `SELECT id, drop_path AS dropPath, sha256 FROM intake_log
         WHERE source_disposition = 'pending-removal' AND sha256 = ? AND drop_path = ?`,
      )
      .get(sha256, dropPath) as PendingRemoval | undefined;
    return row ?? null;
  }

  /** Every file the intake log and the quarantine point at (for the orphan sweep). */
  storedPaths(): Set<string> {
    const rows = this.db.prepare('SELECT stored_path AS path FROM intake_log WHERE stored_path IS NOT NULL UNION SELECT stored_path FROM quarantine').all() as { path: string }[];
    return new Set(rows.map((r) => r.path));
  }

  /**
   * How many earlier lives of the station started decoding this file and never finished (each
   * one a station that died while reading it). Copies decoded side by side in one life count once.
   */
  interruptedDecodes(sha256: string, stationLife: string): number {
    return (
      this.db.prepare('SELECT COUNT(DISTINCT station_life) AS n FROM decode_attempts WHERE sha256 = ? AND station_life <> ?').get(sha256, stationLife) as {
        n: number;
      }
    ).n;
  }

  /** Notes that this life of the station starts decoding the file (removed when the decode comes back). */
  beginDecode(attempt: { id: string; sha256: string; stationLife: string; startedAt: string }): void {
    this.db.prepare('INSERT INTO decode_attempts (id, sha256, station_life, started_at) VALUES (?, ?, ?, ?)').run(attempt.id, attempt.sha256, attempt.stationLife, attempt.startedAt);
  }

  /** The decode came back (with pages or with a reason): the station survived reading the file. */
  endDecode(attemptId: string): void {
    this.db.prepare('DELETE FROM decode_attempts WHERE id = ?').run(attemptId);
  }

  /** The file has an outcome: its interrupted attempts no longer count. */
  forgetDecodes(sha256: string): void {
    this.db.prepare('DELETE FROM decode_attempts WHERE sha256 = ?').run(sha256);
  }

  markRemoved(id: string): void {
    this.db.prepare(`UPDATE intake_log SET source_disposition = 'removed' WHERE id = ?`).run(id);
  }

  list(limit: number): IntakeRecord[] {
    const rows = this.db
      .prepare(
        `SELECT l.id, l.original_name, l.sha256, l.size_bytes, l.format, l.outcome, l.received_at, l.batch_id, l.quarantine_id,
                b.seq AS batch_seq, d.batch_id AS dup_batch_id, db.seq AS dup_batch_seq, q.reason AS quarantine_reason,
                m.document_id AS rescan_document_id, m.kind AS rescan_kind
         FROM intake_log l
         LEFT JOIN rescan_marks m ON m.id = l.rescan_mark_id
         LEFT JOIN quarantine q ON q.id = l.quarantine_id
         LEFT JOIN batches b ON b.id = l.batch_id
         LEFT JOIN source_files d ON d.id = l.duplicate_of_source_file_id
         LEFT JOIN batches db ON db.id = d.batch_id
         ORDER BY l.received_at DESC, l.rowid DESC LIMIT ?`,
      )
      .all(limit) as {
      id: string;
      original_name: string;
      sha256: string;
      size_bytes: number;
      format: SourceFormat | null;
      outcome: IntakeOutcome;
      received_at: string;
      batch_id: string | null;
      quarantine_id: string | null;
      batch_seq: number | null;
      dup_batch_id: string | null;
      dup_batch_seq: number | null;
      quarantine_reason: QuarantineReason | null;
      rescan_document_id: string | null;
      rescan_kind: 'replace' | 'insert-after' | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      originalName: r.original_name,
      sha256: r.sha256,
      sizeBytes: r.size_bytes,
      format: r.format,
      outcome: r.outcome,
      receivedAt: r.received_at,
      batchId: r.batch_id,
      batchLabel: r.batch_seq === null ? null : batchLabel(r.batch_seq),
      quarantineId: r.quarantine_id,
      quarantineReason: r.quarantine_reason,
      duplicateOfBatchId: r.dup_batch_id,
      duplicateOfBatchLabel: r.dup_batch_seq === null ? null : batchLabel(r.dup_batch_seq),
      rescanOf: r.rescan_document_id && r.rescan_kind ? { documentId: r.rescan_document_id, kind: r.rescan_kind } : null,
    }));
  }

  listQuarantine(limit: number): QuarantineEntry[] {
    const rows = this.db
      .prepare(
        `SELECT ${quarantineColumns}
         FROM quarantine ORDER BY quarantined_at DESC, rowid DESC LIMIT ?`,
      )
      .all(limit) as QuarantineRow[];
    return rows.map(quarantineEntryOf);
  }

  quarantineEntry(id: string): (QuarantineEntry & { storedPath: string }) | null {
    const row = this.db
      .prepare(
        `SELECT ${quarantineColumns}, stored_path
         FROM quarantine WHERE id = ?`,
      )
      .get(id) as (QuarantineRow & { stored_path: string }) | undefined;
    return row ? { ...quarantineEntryOf(row), storedPath: row.stored_path } : null;
  }

  /** Marks an entry sent back to intake; false if it already was (two administrators at once). */
  markReleased(id: string, at: string, by: string): boolean {
    return this.db.prepare('UPDATE quarantine SET released_at = ?, released_by = ? WHERE id = ? AND released_at IS NULL').run(at, by, id).changes === 1;
  }

  /** Entries still waiting for an administrator (what the quarantine badge counts). */
  unhandledQuarantine(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM quarantine WHERE ${needsAttention}`).get() as { n: number }).n;
  }

  /** Records that an administrator dealt with an entry; false if it was already handled or deleted. */
  markHandled(id: string, at: string, by: string, note: string): boolean {
    return this.db.prepare('UPDATE quarantine SET handled_at = ?, handled_by = ?, handled_note = ? WHERE id = ? AND handled_at IS NULL AND deleted_at IS NULL').run(at, by, note, id).changes === 1;
  }

  /**
   * Marks an entry deleted and its stored copy gone on purpose (purged_at, as retention does), so
   * a crash before the file is removed leaves it to the orphan sweep. False if already deleted.
   */
  markDeleted(id: string, at: string, by: string, reason: string): boolean {
    const changed =
      this.db.prepare('UPDATE quarantine SET deleted_at = ?, deleted_by = ?, delete_reason = ?, purged_at = COALESCE(purged_at, ?) WHERE id = ? AND deleted_at IS NULL').run(at, by, reason, at, id)
        .changes === 1;
    if (changed) this.db.prepare('UPDATE intake_log SET stored_purged_at = ? WHERE quarantine_id = ? AND stored_purged_at IS NULL').run(at, id);
    return changed;
  }
}

const quarantineColumns = `id, original_name, size_bytes, sha256, reason, detail, station, quarantined_at, released_at, released_by, purged_at,
  handled_at, handled_by, handled_note, deleted_at, deleted_by, delete_reason`;
const needsAttention = 'released_at IS NULL AND handled_at IS NULL AND deleted_at IS NULL';

interface QuarantineRow {
  id: string;
  original_name: string;
  size_bytes: number;
  sha256: string;
  reason: QuarantineReason;
  detail: string | null;
  station: string;
  quarantined_at: string;
  released_at: string | null;
  released_by: string | null;
  purged_at: string | null;
  handled_at: string | null;
  handled_by: string | null;
  handled_note: string | null;
  deleted_at: string | null;
  deleted_by: string | null;
  delete_reason: string | null;
}

const quarantineEntryOf = (r: QuarantineRow): QuarantineEntry => ({
  id: r.id,
  originalName: r.original_name,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  reason: r.reason,
  message: quarantineReasonText[r.reason],
  detail: r.detail,
  quarantinedAt: r.quarantined_at,
  station: r.station,
  releasedAt: r.released_at,
  releasedBy: r.released_by,
  fileRemoved: r.purged_at !== null,
  handledAt: r.handled_at,
  handledBy: r.handled_by,
  handledNote: r.handled_note,
  deletedAt: r.deleted_at,
  deletedBy: r.deleted_by,
  deleteReason: r.delete_reason,
  needsAttention: r.released_at === null && r.handled_at === null && r.deleted_at === null,
});
