import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../prepared.js';

/** A document of a batch as stored: where it came from, the index values read for it, its pages in order. */
export interface DocumentRow {
  id: string;
  sequence: number;
  origin: 'file' | 'separator' | 'cover';
  patientMrn: string | null;
  patientMrnSource: 'cover-sheet' | 'patient-label' | null;
  docTypeCode: string | null;
  dateOfService: string | null;
  encounter: string | null;
  complete: boolean;
  pageIds: string[];
}

/** A document to store; its place in the batch is its place in the list. */
export type StoredDocument = Omit<DocumentRow, 'sequence'>;

/**
 * A batch's split into documents: the `documents` and `document_pages` tables. The only module
 * that writes them (test/unit/db/document-tables-writer.test.ts holds it to that), so a split is
 * always written whole: recognition's split, and the clerk's page operations and their undo.
 */
export class DocumentLayoutRepository {
  constructor(private readonly db: Database) {}

  /** Replaces the batch's documents with these, in this order; call inside the transaction that causes it. */
  replace(batchId: string, documents: readonly StoredDocument[]): void {
    this.db.prepare('DELETE FROM document_pages WHERE document_id IN (SELECT id FROM documents WHERE batch_id = ?)').run(batchId);
    this.db.prepare('DELETE FROM documents WHERE batch_id = ?').run(batchId);
    const insertDoc = this.db.prepare(
      `INSERT INTO documents (id, batch_id, sequence, origin, patient_mrn, patient_mrn_source, doc_type_code, date_of_service, encounter, complete)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertPage = this.db.prepare('INSERT INTO document_pages (document_id, page_id, position) VALUES (?, ?, ?)');
    documents.forEach((d, i) => {
      insertDoc.run(d.id, batchId, i + 1, d.origin, d.patientMrn, d.patientMrnSource, d.docTypeCode, d.dateOfService, d.encounter, d.complete ? 1 : 0);
      d.pageIds.forEach((pageId, position) => insertPage.run(d.id, pageId, position + 1));
    });
  }

  /** The batch's documents in order, each with its pages in order. */
  documentsOf(batchId: string): DocumentRow[] {
    const docs = prepared(
      this.db,
      `SELECT id, sequence, origin, patient_mrn AS patientMrn, patient_mrn_source AS patientMrnSource, doc_type_code AS docTypeCode,
                date_of_service AS dateOfService, encounter, complete
         FROM documents WHERE batch_id = ? ORDER BY sequence`,
    ).all(batchId) as (Omit<DocumentRow, 'complete' | 'pageIds'> & { complete: number })[];
    const pages = prepared(
      this.db,
      `SELECT dp.document_id AS documentId, dp.page_id AS pageId FROM document_pages dp JOIN documents d ON d.id = dp.document_id
         WHERE d.batch_id = ? ORDER BY dp.position`,
    ).all(batchId) as { documentId: string; pageId: string }[];
    // Grouped once: a 500-page box split into 250 documents would otherwise filter every page for every document.
    const pagesOf = new Map<string, string[]>();
    for (const p of pages) {
      const list = pagesOf.get(p.documentId);
      if (list) list.push(p.pageId);
      else pagesOf.set(p.documentId, [p.pageId]);
    }
    return docs.map((d) => ({ ...d, complete: d.complete === 1, pageIds: pagesOf.get(d.id) ?? [] }));
  }
}
