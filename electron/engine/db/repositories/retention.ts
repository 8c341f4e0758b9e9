import type { Database } from 'better-sqlite3-multiple-ciphers';

/** Review states that let a document leave the station (and so, later, its local copies go). */
const PASSED_REVIEW = `('approved', 'not-sampled', 'not-required')`;

/** What one purge marked: the rows are marked, these files are now to be deleted. */
export interface PurgeMarks {
  documentIds: string[];
  pages: number;
  /** Page images no page that is still kept points at. */
  imageHashes: string[];
  pdfPaths: string[];
  archivePaths: string[];
  quarantinePaths: string[];
  duplicatePaths: string[];
}

const unique = <T>(values: Iterable<T>) => [...new Set(values)];

/**
 * Which documents and files retention removes, and the marks that say they are gone on purpose.
 * The rows and every hash stay. Writers run inside the caller's transaction, which must also
 * cover the reads that decide (so the decision and the marks agree).
 */
export class RetentionRepository {
  constructor(private readonly db: Pick<Database, 'prepare'>) {}

  /**
   * Documents delivered to every target, reviewed-passed, not purged yet, whose last delivery
   * is at or before the cutoff (an ISO instant): the due ones among the next `scan` documents
   * not purged yet after `after` (by id). Reading a bounded slice keeps each purge transaction
   * short however many documents a year left (migration 0020's document_index_unpurged);
   * `last` is where the next slice starts, null once every document was looked at.
   */
  documentsDueAfter(cutoff: string, after: string, scan: number): { due: string[]; last: string | null } {
    const rows = this.db
      .prepare(
        `SELECT i.document_id AS id,
           EXISTS (SELECT 1 FROM document_review r WHERE r.document_id = i.document_id AND r.state IN ${PASSED_REVIEW})
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.document_id = i.document_id AND o.state != 'delivered')
           AND (SELECT MAX(o.delivered_at) FROM outbox o WHERE o.document_id = i.document_id) <= @cutoff AS due
         FROM document_index i
         WHERE i.status = 'confirmed' AND i.purged_at IS NULL AND i.document_id > @after
         ORDER BY i.document_id LIMIT @scan`,
      )
      .all({ cutoff, after, scan }) as { id: string; due: number | null }[];
    return { due: rows.filter((r) => r.due === 1).map((r) => r.id), last: rows.length < scan ? null : rows.at(-1)!.id };
  }

  /**
   * Marks the documents, their pages and, once every document of a batch is purged, the batch's
   * pages that belong to no document (separator sheets, blank backs, deleted pages); then the
   * original files all of whose pages are purged. Returns what may now be deleted.
   */
  markDocuments(documentIds: readonly string[], at: string): Omit<PurgeMarks, 'quarantinePaths' | 'duplicatePaths'> {
    const empty = { documentIds: [], pages: 0, imageHashes: [], pdfPaths: [], archivePaths: [] };
    if (documentIds.length === 0) return empty;
    const ids = JSON.stringify(documentIds);
    this.db.prepare('UPDATE document_index SET purged_at = ? WHERE document_id IN (SELECT value FROM json_each(?))').run(at, ids);

    const batchIds = (this.db.prepare('SELECT DISTINCT batch_id AS id FROM documents WHERE id IN (SELECT value FROM json_each(?))').all(ids) as { id: string }[]).map((r) => r.id);
    const pageIds = new Set(
      (
        this.db
          .prepare(
            `SELECT p.id FROM document_pages dp JOIN pages p ON p.id = dp.page_id
             WHERE dp.document_id IN (SELECT value FROM json_each(?)) AND p.purged_at IS NULL`,
          )
          .all(ids) as { id: string }[]
      ).map((r) => r.id),
    );
    const batchDone = this.db.prepare(
      `SELECT NOT EXISTS (SELECT 1 FROM documents d LEFT JOIN document_index i ON i.document_id = d.id
                          WHERE d.batch_id = ? AND i.purged_at IS NULL) AS done`,
    );
    const loosePages = this.db.prepare(
      `SELECT p.id FROM pages p WHERE p.batch_id = ? AND p.purged_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM document_pages dp WHERE dp.page_id = p.id)`,
    );
    for (const batchId of batchIds) {
      if ((batchDone.get(batchId) as { done: number }).done !== 1) continue;
      for (const row of loosePages.all(batchId) as { id: string }[]) pageIds.add(row.id);
    }

    const pages = JSON.stringify([...pageIds]);
    const candidates = (
      this.db
        .prepare(
          `SELECT master_sha256 AS sha FROM pages WHERE id IN (SELECT value FROM json_each(@pages))
           UNION SELECT view_sha256 FROM pages WHERE id IN (SELECT value FROM json_each(@pages))
           UNION SELECT thumb_sha256 FROM pages WHERE id IN (SELECT value FROM json_each(@pages))
           UNION SELECT upright_sha256 FROM page_recognition WHERE upright_sha256 IS NOT NULL AND page_id IN (SELECT value FROM json_each(@pages))`,
        )
        .all({ pages }) as { sha: string }[]
    ).map((r) => r.sha);
    this.db.prepare('UPDATE pages SET purged_at = ? WHERE id IN (SELECT value FROM json_each(?))').run(at, pages);

    // The same image can belong to several pages (identical content): it goes with the last of
    // them. Each hash is looked up by its first digits (migration 0020), not by listing every image kept.
    const stillNeeded = new Set(
      (
        this.db
          .prepare(
            `SELECT c.value AS sha FROM json_each(?) c WHERE
               EXISTS (SELECT 1 FROM pages p WHERE substr(p.master_sha256, 1, 16) = substr(c.value, 1, 16) AND p.master_sha256 = c.value AND p.purged_at IS NULL)
               OR EXISTS (SELECT 1 FROM pages p WHERE substr(p.view_sha256, 1, 16) = substr(c.value, 1, 16) AND p.view_sha256 = c.value AND p.purged_at IS NULL)
               OR EXISTS (SELECT 1 FROM pages p WHERE substr(p.thumb_sha256, 1, 16) = substr(c.value, 1, 16) AND p.thumb_sha256 = c.value AND p.purged_at IS NULL)
               OR EXISTS (SELECT 1 FROM page_recognition r JOIN pages p ON p.id = r.page_id
                          WHERE substr(r.upright_sha256, 1, 16) = substr(c.value, 1, 16) AND r.upright_sha256 = c.value AND p.purged_at IS NULL)`,
          )
          .all(JSON.stringify(candidates)) as { sha: string }[]
      ).map((r) => r.sha),
    );

    const pdfPaths = (
      this.db.prepare(`SELECT DISTINCT pdf_path AS path FROM outbox WHERE pdf_path IS NOT NULL AND document_id IN (SELECT value FROM json_each(?))`).all(ids) as { path: string }[]
    ).map((r) => r.path);

    const originals = this.db
      .prepare(
        `SELECT s.id, s.archive_path AS path FROM source_files s
         WHERE s.purged_at IS NULL AND s.batch_id IN (SELECT value FROM json_each(?))
           AND EXISTS (SELECT 1 FROM pages p WHERE p.source_file_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.source_file_id = s.id AND p.purged_at IS NULL)`,
      )
      .all(JSON.stringify(batchIds)) as { id: string; path: string }[];
    const markOriginal = this.db.prepare('UPDATE source_files SET purged_at = ? WHERE id = ?');
    const markStored = this.db.prepare('UPDATE intake_log SET stored_purged_at = ? WHERE stored_path = ? AND stored_purged_at IS NULL');
    for (const original of originals) {
      markOriginal.run(at, original.id);
      markStored.run(at, original.path);
    }

    return {
      documentIds: [...documentIds],
      pages: pageIds.size,
      imageHashes: candidates.filter((sha) => !stillNeeded.has(sha)),
      pdfPaths,
      archivePaths: originals.map((o) => o.path),
    };
  }

  /** Marks quarantined files received at or before the cutoff; returns their stored paths. */
  markQuarantinedBefore(cutoff: string, at: string): string[] {
    const rows = this.db.prepare('SELECT id, stored_path AS path FROM quarantine WHERE purged_at IS NULL AND quarantined_at <= ? ORDER BY quarantined_at').all(cutoff) as {
      id: string;
      path: string;
    }[];
    const mark = this.db.prepare('UPDATE quarantine SET purged_at = ? WHERE id = ?');
    const markLog = this.db.prepare('UPDATE intake_log SET stored_purged_at = ? WHERE quarantine_id = ? AND stored_purged_at IS NULL');
    for (const row of rows) {
      mark.run(at, row.id);
      markLog.run(at, row.id);
    }
    return unique(rows.map((r) => r.path));
  }

  /** Marks the kept copies of duplicate files received at or before the cutoff; returns their paths. */
  markDuplicatesBefore(cutoff: string, at: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT id, stored_path AS path FROM intake_log
         WHERE outcome = 'duplicate' AND stored_path IS NOT NULL AND stored_purged_at IS NULL AND received_at <= ?`,
      )
      .all(cutoff) as { id: string; path: string }[];
    const mark = this.db.prepare('UPDATE intake_log SET stored_purged_at = ? WHERE id = ?');
    for (const row of rows) mark.run(at, row.id);
    return unique(rows.map((r) => r.path));
  }

  /** Files rows still name but retention removed on purpose: the orphan sweep removes any left behind. */
  purgedStoredPaths(): Set<string> {
    const rows = this.db
      .prepare(
        `SELECT stored_path AS path FROM intake_log WHERE stored_path IS NOT NULL AND stored_purged_at IS NOT NULL
         UNION SELECT stored_path FROM quarantine WHERE purged_at IS NOT NULL
         UNION SELECT archive_path FROM source_files WHERE purged_at IS NOT NULL`,
      )
      .all() as { path: string }[];
    return new Set(rows.map((r) => r.path));
  }

  /** The PDFs of purged documents, by the path the outbox recorded. */
  purgedPdfPaths(): Set<string> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT o.pdf_path AS path FROM outbox o JOIN document_index i ON i.document_id = o.document_id
         WHERE i.purged_at IS NOT NULL AND o.pdf_path IS NOT NULL`,
      )
      .all() as { path: string }[];
    return new Set(rows.map((r) => r.path));
  }
}
