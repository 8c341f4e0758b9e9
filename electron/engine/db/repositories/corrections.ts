import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { OutboxAction } from './outbox.js';

export type CorrectionKind = 'replace' | 'retract';
export type CorrectionOrigin = 'station' | 'cli' | 'merge';

export interface CorrectionRow {
  id: string;
  kind: CorrectionKind;
  originalDocumentId: string;
  replacementDocumentId: string | null;
  batchId: string;
  reason: string;
  origin: CorrectionOrigin;
  startedById: string | null;
  startedBy: string;
  startedAt: string;
  before: string;
  splitDocumentIds: string[];
  after: string | null;
  confirmedById: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
}

const columns = `id, kind, original_document_id AS originalDocumentId, replacement_document_id AS replacementDocumentId, batch_id AS batchId,
  reason, origin, started_by_id AS startedById, started_by AS startedBy, started_at AS startedAt, before,
  split_document_ids AS splitDocumentIds, after, confirmed_by_id AS confirmedById, confirmed_by AS confirmedBy,
  confirmed_at AS confirmedAt, cancelled_by AS cancelledBy, cancelled_at AS cancelledAt`;

type RawRow = Omit<CorrectionRow, 'splitDocumentIds'> & { splitDocumentIds: string };
const fromRaw = (r: RawRow | undefined): CorrectionRow | null => (r ? { ...r, splitDocumentIds: JSON.parse(r.splitDocumentIds) as string[] } : null);

/** A row of the outbox a correction adds: where the original went, and what to do there now. */
export interface CorrectionDelivery {
  documentId: string;
  targetId: string;
  patientMrn: string;
  action: OutboxAction;
  replacesDocumentId: string | null;
  replacesReceipt: string | null;
  targetConfig: string | null;
}

export interface ConfirmedDocumentRow {
  documentId: string;
  patientMrn: string | null;
  docTypeCode: string | null;
  dateOfService: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  batchId: string | null;
  batchSeq: number | null;
}

export interface DocumentFilter {
  mrns: string[] | null;
  from: string | null;
  to: string | null;
  docTypeCode: string | null;
  batch: { id: string } | { seq: number } | null;
  deliveredOnly: boolean;
  /** Only documents whose MRN a merge retired. */
  mergedOnly: boolean;
  limit: number;
}

/** Corrections of delivered documents, and the outbox rows they add. Writers run in the caller's transaction. */
export class CorrectionRepository {
  constructor(private readonly db: Database) {}

  get(id: string): CorrectionRow | null {
    return fromRaw(this.db.prepare(`SELECT ${columns} FROM document_corrections WHERE id = ?`).get(id) as RawRow | undefined);
  }

  /** The live (not cancelled) correction of an original document. */
  liveFor(originalDocumentId: string): CorrectionRow | null {
    return fromRaw(this.db.prepare(`SELECT ${columns} FROM document_corrections WHERE original_document_id = ? AND cancelled_at IS NULL`).get(originalDocumentId) as RawRow | undefined);
  }

  /** The correction whose replacement (or split-off part) this document is. */
  byReplacement(documentId: string): CorrectionRow | null {
    return fromRaw(this.db.prepare(`SELECT ${columns} FROM document_corrections WHERE replacement_document_id = ? AND cancelled_at IS NULL`).get(documentId) as RawRow | undefined);
  }

  bySplitDocument(documentId: string): CorrectionRow | null {
    return fromRaw(
      this.db.prepare(`SELECT ${columns} FROM document_corrections WHERE cancelled_at IS NULL AND EXISTS (SELECT 1 FROM json_each(split_document_ids) WHERE value = ?)`).get(documentId) as
        RawRow | undefined,
    );
  }

  insert(row: Omit<CorrectionRow, 'after' | 'confirmedById' | 'confirmedBy' | 'confirmedAt' | 'cancelledBy' | 'cancelledAt' | 'splitDocumentIds'>): void {
    this.db
      .prepare(
        `INSERT INTO document_corrections (id, kind, original_document_id, replacement_document_id, batch_id, reason, origin,
           started_by_id, started_by, started_at, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.kind, row.originalDocumentId, row.replacementDocumentId, row.batchId, row.reason, row.origin, row.startedById, row.startedBy, row.startedAt, row.before);
  }

  setSplitDocuments(id: string, documentIds: readonly string[]): void {
    this.db.prepare('UPDATE document_corrections SET split_document_ids = ? WHERE id = ?').run(JSON.stringify(documentIds), id);
  }

  confirm(id: string, after: unknown, by: { id: string | null; name: string }, at: string): void {
    this.db.prepare('UPDATE document_corrections SET after = ?, confirmed_by_id = ?, confirmed_by = ?, confirmed_at = ? WHERE id = ?').run(JSON.stringify(after), by.id, by.name, at, id);
  }

  cancel(id: string, by: string, at: string): void {
    this.db.prepare('UPDATE document_corrections SET cancelled_by = ?, cancelled_at = ? WHERE id = ?').run(by, at, id);
  }

  /**
   * Adds a correction's row for one target; once only, however often the correction is
   * confirmed or released (the outbox's unique (document, target) pair keeps it single).
   */
  enqueue(delivery: CorrectionDelivery, at: string, newId: string): void {
    const { next } = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM outbox').get() as { next: number };
    this.db
      .prepare(
        `INSERT INTO outbox (id, seq, document_id, target_id, patient_mrn, state, next_attempt_at, created_at, updated_at,
           action, replaces_document_id, replaces_receipt, target_config)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(document_id, target_id) DO UPDATE SET state = 'pending', next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at
         WHERE outbox.state = 'held'`,
      )
      .run(newId, next, delivery.documentId, delivery.targetId, delivery.patientMrn, at, at, at, delivery.action, delivery.replacesDocumentId, delivery.replacesReceipt, delivery.targetConfig);
  }

  /**
   * Confirmed documents matching a filter, newest confirmation first. Only the filters given
   * become conditions, so each can use its index (a year is 500,000 documents): the newest
   * confirmations are read in order and the scan stops at the limit, or a patient's, a date
   * range's or a batch's documents are found first and then sorted (migration 0020).
   */
  findConfirmed(filter: DocumentFilter): ConfirmedDocumentRow[] {
    const batchId = filter.batch === null ? null : 'id' in filter.batch ? filter.batch.id : this.batchIdOf(filter.batch.seq);
    if (filter.batch !== null && batchId === null) return [];
    const where = ["i.status = 'confirmed'"];
    if (filter.mrns) where.push('i.patient_mrn IN (SELECT value FROM json_each(@mrns))');
    if (filter.from) where.push('i.date_of_service >= @from');
    if (filter.to) where.push('i.date_of_service <= @to');
    if (filter.docTypeCode) where.push('i.doc_type_code = @docType');
    if (filter.deliveredOnly) where.push(`EXISTS (SELECT 1 FROM outbox o WHERE o.document_id = i.document_id AND o.state = 'delivered' AND o.action != 'retract')`);
    if (filter.mergedOnly) where.push('EXISTS (SELECT 1 FROM patient_merges m WHERE m.retired_mrn = i.patient_mrn)');
    if (batchId !== null) {
      where.push(`i.document_id IN (SELECT id FROM documents WHERE batch_id = @batchId
                   UNION SELECT original_document_id FROM document_corrections WHERE batch_id = @batchId
                   UNION SELECT document_id FROM document_review WHERE batch_id = @batchId)`);
      where.push('COALESCE(d.batch_id, c.batch_id, r.batch_id) = @batchId');
    }
    const params = {
      limit: filter.limit,
      ...(filter.mrns ? { mrns: JSON.stringify(filter.mrns) } : {}),
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.to ? { to: filter.to } : {}),
      ...(filter.docTypeCode ? { docType: filter.docTypeCode } : {}),
      ...(batchId !== null ? { batchId } : {}),
    };
    return this.db
      .prepare(
        `SELECT i.document_id AS documentId, i.patient_mrn AS patientMrn, i.doc_type_code AS docTypeCode, i.date_of_service AS dateOfService,
                i.confirmed_by AS confirmedBy, i.confirmed_at AS confirmedAt,
                COALESCE(d.batch_id, c.batch_id, r.batch_id) AS batchId, b.seq AS batchSeq
         FROM document_index i
         LEFT JOIN documents d ON d.id = i.document_id
         LEFT JOIN document_corrections c ON c.original_document_id = i.document_id AND c.cancelled_at IS NULL
         LEFT JOIN document_review r ON r.document_id = i.document_id
         LEFT JOIN batches b ON b.id = COALESCE(d.batch_id, c.batch_id, r.batch_id)
         WHERE ${where.join(' AND ')}
         ORDER BY i.confirmed_at DESC, i.document_id LIMIT @limit`,
      )
      .all(params) as ConfirmedDocumentRow[];
  }

  private batchIdOf(seq: number): string | null {
    return (this.db.prepare('SELECT id FROM batches WHERE seq = ?').get(seq) as { id: string } | undefined)?.id ?? null;
  }

  batchSeq(batchId: string): number | null {
    return (this.db.prepare('SELECT seq FROM batches WHERE id = ?').get(batchId) as { seq: number } | undefined)?.seq ?? null;
  }

  /** Any page of these that retention already removed (a purged page cannot go into a replacement PDF). */
  purgedPages(pageIds: readonly string[]): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM pages WHERE purged_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))').get(JSON.stringify(pageIds)) as { n: number }).n;
  }
}
