import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { IndexStatus } from '../../../../shared/domain/indexing.js';
import type { BatchLayout } from '../../indexing/layout/batch-layout.js';
import { DocumentLayoutRepository } from './document-layout.js';
import { prepared } from '../prepared.js';

export interface DocumentIndexRow {
  patientMrn: string | null;
  docTypeCode: string | null;
  dateOfService: string | null;
  status: IndexStatus;
  confirmedBy: string | null;
  confirmedAt: string | null;
}

export interface QcOverride {
  by: string;
  reason: string;
  at: string;
}

/** The clerk's work: index values, confirmations, QC overrides, page operations and their undo. */
export class IndexingRepository {
  private readonly documents: DocumentLayoutRepository;

  constructor(private readonly db: Database) {
    this.documents = new DocumentLayoutRepository(db);
  }

  layoutSource(batchId: string): 'auto' | 'clerk' {
    return (this.db.prepare('SELECT layout_source AS s FROM batches WHERE id = ?').get(batchId) as { s: 'auto' | 'clerk' } | undefined)?.s ?? 'auto';
  }

  layoutOf(batchId: string): BatchLayout {
    // A layout's order is its list's: the stored sequence stays out of the snapshot.
    const documents = this.documents.documentsOf(batchId).map(({ sequence: _sequence, ...document }) => document);
    const pages = this.db.prepare('SELECT id AS pageId, clerk_rotation AS clerkRotation, deleted_at AS deletedAt FROM pages WHERE batch_id = ? ORDER BY sequence').all(batchId) as {
      pageId: string;
      clerkRotation: 0 | 90 | 180 | 270;
      deletedAt: string | null;
    }[];
    return {
      documents,
      pages: pages.map((p) => ({ pageId: p.pageId, clerkRotation: p.clerkRotation, deleted: p.deletedAt !== null })),
    };
  }

  /** Writes a layout as the batch's split; call inside the transaction of the operation. */
  saveLayout(batchId: string, layout: BatchLayout, at: string): void {
    this.documents.replace(batchId, layout.documents);
    const updatePage = this.db.prepare('UPDATE pages SET clerk_rotation = ?, deleted_at = ? WHERE id = ? AND batch_id = ?');
    for (const p of layout.pages) {
      const current = this.db.prepare('SELECT deleted_at AS d FROM pages WHERE id = ?').get(p.pageId) as { d: string | null };
      updatePage.run(p.clerkRotation, p.deleted ? (current.d ?? at) : null, p.pageId, batchId);
    }
    this.db.prepare(`UPDATE batches SET layout_source = 'clerk' WHERE id = ?`).run(batchId);
  }

  pushHistory(batchId: string, operation: string, snapshot: BatchLayout, userId: string, at: string): void {
    const { next } = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM layout_history WHERE batch_id = ?').get(batchId) as { next: number };
    this.db.prepare('INSERT INTO layout_history (batch_id, seq, operation, snapshot, user_id, at) VALUES (?, ?, ?, ?, ?, ?)').run(batchId, next, operation, JSON.stringify(snapshot), userId, at);
  }

  /** Takes the last snapshot off the history (for undo); null when there is nothing to undo. */
  popHistory(batchId: string): BatchLayout | null {
    const row = this.db.prepare('SELECT seq, snapshot FROM layout_history WHERE batch_id = ? ORDER BY seq DESC LIMIT 1').get(batchId) as { seq: number; snapshot: string } | undefined;
    if (!row) return null;
    this.db.prepare('DELETE FROM layout_history WHERE batch_id = ? AND seq = ?').run(batchId, row.seq);
    return JSON.parse(row.snapshot) as BatchLayout;
  }

  /** Documents whose index names this MRN (open or confirmed). */
  documentsFiledUnder(mrn: string): string[] {
    return (this.db.prepare('SELECT document_id AS id FROM document_index WHERE patient_mrn = ? ORDER BY document_id').all(mrn) as { id: string }[]).map((r) => r.id);
  }

  /** Forgets the batch's undo history (a correction changed the batch after its documents were delivered). */
  clearHistory(batchId: string): void {
    this.db.prepare('DELETE FROM layout_history WHERE batch_id = ?').run(batchId);
  }

  /** Removes an open document's index values (a cancelled correction's replacement). */
  removeIndex(documentId: string): void {
    this.db.prepare(`DELETE FROM document_index WHERE document_id = ? AND status = 'open'`).run(documentId);
  }

  hasHistory(batchId: string): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM layout_history WHERE batch_id = ? LIMIT 1').get(batchId));
  }

  indexOf(documentId: string): DocumentIndexRow | null {
    const row = prepared(
      this.db,
      `SELECT patient_mrn AS patientMrn, doc_type_code AS docTypeCode, date_of_service AS dateOfService, status,
                confirmed_by AS confirmedBy, confirmed_at AS confirmedAt FROM document_index WHERE document_id = ?`,
    ).get(documentId) as DocumentIndexRow | undefined;
    return row ?? null;
  }

  indexesOf(documentIds: readonly string[]): Map<string, DocumentIndexRow> {
    const rows = prepared(
      this.db,
      `SELECT document_id AS documentId, patient_mrn AS patientMrn, doc_type_code AS docTypeCode, date_of_service AS dateOfService, status,
                confirmed_by AS confirmedBy, confirmed_at AS confirmedAt
         FROM document_index WHERE document_id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(documentIds)) as (DocumentIndexRow & { documentId: string })[];
    return new Map(rows.map(({ documentId, ...row }) => [documentId, row]));
  }

  setIndex(documentId: string, values: Partial<Pick<DocumentIndexRow, 'patientMrn' | 'docTypeCode' | 'dateOfService'>>, userName: string, at: string): void {
    const current = this.indexOf(documentId);
    const merged = {
      patientMrn: values.patientMrn !== undefined ? values.patientMrn : (current?.patientMrn ?? null),
      docTypeCode: values.docTypeCode !== undefined ? values.docTypeCode : (current?.docTypeCode ?? null),
      dateOfService: values.dateOfService !== undefined ? values.dateOfService : (current?.dateOfService ?? null),
    };
    this.db
      .prepare(
        `INSERT INTO document_index (document_id, patient_mrn, doc_type_code, date_of_service, updated_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(document_id) DO UPDATE SET patient_mrn = excluded.patient_mrn, doc_type_code = excluded.doc_type_code,
           date_of_service = excluded.date_of_service, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(documentId, merged.patientMrn, merged.docTypeCode, merged.dateOfService, userName, at);
  }

  setStatus(documentId: string, status: IndexStatus, userName: string, at: string): void {
    this.db
      .prepare(
        `INSERT INTO document_index (document_id, status, confirmed_by, confirmed_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(document_id) DO UPDATE SET status = excluded.status, confirmed_by = excluded.confirmed_by,
           confirmed_at = excluded.confirmed_at, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(documentId, status, status === 'confirmed' ? userName : null, status === 'confirmed' ? at : null, userName, at);
  }

  overrides(documentId: string): Map<string, QcOverride> {
    const rows = this.db.prepare('SELECT code, reason, user_name AS byName, at FROM qc_overrides WHERE document_id = ?').all(documentId) as {
      code: string;
      reason: string;
      byName: string;
      at: string;
    }[];
    return new Map(rows.map((r) => [r.code, { by: r.byName, reason: r.reason, at: r.at }]));
  }

  addOverride(documentId: string, code: string, reason: string, user: { id: string; name: string }, at: string): void {
    this.db
      .prepare(
        `INSERT INTO qc_overrides (document_id, code, reason, user_id, user_name, at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(document_id, code) DO UPDATE SET reason = excluded.reason, user_id = excluded.user_id, user_name = excluded.user_name, at = excluded.at`,
      )
      .run(documentId, code, reason, user.id, user.name, at);
  }

  /**
   * Pages of this document whose image already belongs to a page of another, confirmed document
   * ("already indexed"). Two open documents with the same page are not yet indexed twice: the
   * first one confirmed makes the other one's pages duplicates.
   */
  duplicatePages(documentId: string): string[] {
    return (
      prepared(
        this.db,
        `SELECT DISTINCT p.id AS pageId FROM document_pages dp JOIN pages p ON p.id = dp.page_id
           -- The hash's first digits find the other pages by index (pages_by_master_image, 0020).
           JOIN pages other ON substr(other.master_sha256, 1, 16) = substr(p.master_sha256, 1, 16)
             AND other.master_sha256 = p.master_sha256 AND other.id != p.id
           JOIN document_pages odp ON odp.page_id = other.id AND odp.document_id != dp.document_id
           JOIN document_index oi ON oi.document_id = odp.document_id AND oi.status = 'confirmed'
           WHERE dp.document_id = ?`,
      ).all(documentId) as { pageId: string }[]
    ).map((r) => r.pageId);
  }
}
