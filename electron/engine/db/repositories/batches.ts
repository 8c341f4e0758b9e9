import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BatchOperator, BatchSummary, Page, SourceFile, SourceFormat } from '../../../../shared/domain/batch.js';
import { prepared } from '../prepared.js';

/** A batch's summary as stored; the API layer adds where its documents stand (they need the QC checks). */
export type StoredBatchSummary = Omit<BatchSummary, 'indexing'> & {
  /** Documents not confirmed yet, and confirmed ones: counted here, told apart further by the API layer. */
  documentsOpen: number;
};

/** Which batches a list asks for: every one, those with work left (open documents or pages still being checked), or those with documents sent back. */
export type BatchListScope = 'all' | 'unfinished' | 'sent-back';

/** A batch with its files and pages as stored; recognition facts are joined by the API layer. */
export interface StoredBatch extends StoredBatchSummary {
  sourceFiles: SourceFile[];
  pages: Omit<Page, 'recognition'>[];
}

export interface NewPage {
  id: string;
  sourcePageNumber: number;
  width: number;
  height: number;
  dpi: number;
  dpiAssumed: boolean;
  colorMode: Page['colorMode'];
  masterSha256: string;
  masterType: string;
  viewSha256: string;
  thumbSha256: string;
}

export interface NewBatch {
  id: string;
  station: string;
  /** Who held the scanner; null: nobody (unclaimed). */
  operator: BatchOperator | null;
  createdAt: string;
  sourceFile: {
    id: string;
    originalName: string;
    format: SourceFormat;
    sizeBytes: number;
    sha256: string;
    archivePath: string;
  };
  pages: NewPage[];
}

export const batchLabel = (seq: number) => `B-${String(seq).padStart(6, '0')}`;

interface BatchRow {
  id: string;
  seq: number;
  status: 'ready';
  station: string;
  operator_id: string | null;
  operator_name: string | null;
  created_at: string;
  project: string | null;
  box: string | null;
  page_count: number;
  source_file_name: string;
  source_format: SourceFormat;
  fast_done: number;
  ocr_done: number;
  failed: number;
  document_count: number;
  documents_open: number;
  returned_by_review: number;
}

const summaryOf = (row: BatchRow): StoredBatchSummary => ({
  id: row.id,
  label: batchLabel(row.seq),
  status: row.status,
  createdAt: row.created_at,
  station: row.station,
  operator: row.operator_name === null ? null : { id: row.operator_id, name: row.operator_name },
  pageCount: row.page_count,
  sourceFileName: row.source_file_name,
  sourceFormat: row.source_format,
  recognition: { total: row.page_count, fastDone: row.fast_done, ocrDone: row.ocr_done, failed: row.failed },
  documentCount: row.document_count,
  project: row.project,
  box: row.box,
  returnedByReview: row.returned_by_review,
  documentsOpen: row.documents_open,
});

/** A batch's summary columns; `b` is the batch row. */
const summaryColumns = `
  b.id, b.seq, b.status, b.station, b.operator_id, b.operator_name, b.created_at, b.project, b.box,
         (SELECT COUNT(*) FROM document_review v WHERE v.state = 'rejected' AND v.batch_id = b.id) AS returned_by_review,
         (SELECT COUNT(*) FROM pages p WHERE p.batch_id = b.id) AS page_count,
         (SELECT s.original_name FROM source_files s WHERE s.batch_id = b.id ORDER BY s.received_at LIMIT 1) AS source_file_name,
         (SELECT s.format FROM source_files s WHERE s.batch_id = b.id ORDER BY s.received_at LIMIT 1) AS source_format,
         (SELECT COUNT(*) FROM pages p JOIN page_recognition r ON r.page_id = p.id WHERE p.batch_id = b.id AND r.fast_status != 'pending') AS fast_done,
         (SELECT COUNT(*) FROM pages p JOIN page_recognition r ON r.page_id = p.id WHERE p.batch_id = b.id AND r.ocr_status != 'pending') AS ocr_done,
         (SELECT COUNT(*) FROM pages p JOIN page_recognition r ON r.page_id = p.id
           WHERE p.batch_id = b.id AND (r.fast_status = 'failed' OR r.ocr_status = 'failed')) AS failed,
         (SELECT COUNT(*) FROM documents d WHERE d.batch_id = b.id) AS document_count,
         (SELECT COUNT(*) FROM open_documents o WHERE o.batch_id = b.id) AS documents_open`;

const summarySelect = `SELECT ${summaryColumns} FROM batches b`;

/**
 * The batches each scope may hold, found from small sets (open documents, pages not checked
 * yet, documents sent back) rather than by counting every batch's documents: a year of work is
 * 25,000 batches, of which a handful have work left (migration 0020).
 */
const scopeCandidates: Record<BatchListScope, string> = {
  all: 'SELECT id FROM batches',
  unfinished: `SELECT batch_id AS id FROM open_documents
     UNION SELECT p.batch_id FROM page_recognition r JOIN pages p ON p.id = r.page_id WHERE r.fast_status = 'pending'`,
  'sent-back': `SELECT batch_id AS id FROM document_review WHERE state = 'rejected'`,
};

const scopeWhere: Record<BatchListScope, string> = {
  all: '',
  unfinished: 'WHERE documents_open > 0 OR fast_done < page_count',
  'sent-back': 'WHERE returned_by_review > 0',
};

/** The newest `?` batches of a scope, each with its counts (the subqueries run for those batches only). */
const listQuery = (scope: BatchListScope) =>
  scope === 'all'
    ? `SELECT ${summaryColumns} FROM (SELECT * FROM batches ORDER BY seq DESC LIMIT ?) b ORDER BY b.seq DESC`
    : `SELECT * FROM (SELECT ${summaryColumns} FROM batches b WHERE b.id IN (${scopeCandidates[scope]})) ${scopeWhere[scope]} ORDER BY seq DESC LIMIT ?`;

/** Batches, their source files and pages. Writers must be called inside the caller's transaction. */
export class BatchRepository {
  constructor(private readonly db: Database) {}

  /** Inserts a batch with its file and every page; call inside a transaction. Returns the batch's sequence number. */
  insert(batch: NewBatch): number {
    const { next } = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM batches').get() as { next: number };
    this.db
      .prepare('INSERT INTO batches (id, seq, status, station, operator, operator_id, operator_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      // `operator` (0001) is no longer read; it keeps the name, or '' for an unclaimed batch (see 0015).
      .run(batch.id, next, 'ready', batch.station, batch.operator?.name ?? '', batch.operator?.id ?? null, batch.operator?.name ?? null, batch.createdAt);
    const f = batch.sourceFile;
    this.db
      .prepare(
        `INSERT INTO source_files (id, batch_id, original_name, format, size_bytes, sha256, page_count, archive_path, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(f.id, batch.id, f.originalName, f.format, f.sizeBytes, f.sha256, batch.pages.length, f.archivePath, batch.createdAt);
    const insertPage = this.db.prepare(
      `INSERT INTO pages (id, batch_id, source_file_id, source_page_number, sequence, width, height, dpi, dpi_assumed,
                          color_mode, master_sha256, master_type, view_sha256, thumb_sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Every new page joins the recognition queue in the same transaction that creates it.
    const queueRecognition = this.db.prepare('INSERT INTO page_recognition (page_id) VALUES (?)');
    batch.pages.forEach((p, i) => {
      insertPage.run(p.id, batch.id, f.id, p.sourcePageNumber, i + 1, p.width, p.height, p.dpi, p.dpiAssumed ? 1 : 0, p.colorMode, p.masterSha256, p.masterType, p.viewSha256, p.thumbSha256);
      queueRecognition.run(p.id);
    });
    return next;
  }

  /**
   * Adds a further file and its pages to an existing batch (a rescan of some of its pages): the
   * pages go after the batch's last page and join the recognition queue. Call inside a transaction.
   */
  appendSourceFile(batchId: string, file: NewBatch['sourceFile'], pages: NewPage[], receivedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO source_files (id, batch_id, original_name, format, size_bytes, sha256, page_count, archive_path, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(file.id, batchId, file.originalName, file.format, file.sizeBytes, file.sha256, pages.length, file.archivePath, receivedAt);
    const { last } = this.db.prepare('SELECT COALESCE(MAX(sequence), 0) AS last FROM pages WHERE batch_id = ?').get(batchId) as { last: number };
    const insertPage = this.db.prepare(
      `INSERT INTO pages (id, batch_id, source_file_id, source_page_number, sequence, width, height, dpi, dpi_assumed,
                          color_mode, master_sha256, master_type, view_sha256, thumb_sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const queueRecognition = this.db.prepare('INSERT INTO page_recognition (page_id) VALUES (?)');
    pages.forEach((p, i) => {
      insertPage.run(p.id, batchId, file.id, p.sourcePageNumber, last + i + 1, p.width, p.height, p.dpi, p.dpiAssumed ? 1 : 0, p.colorMode, p.masterSha256, p.masterType, p.viewSha256, p.thumbSha256);
      queueRecognition.run(p.id);
    });
  }

  /** The newest batches of the scope, newest first. */
  list(limit: number, scope: BatchListScope = 'all'): StoredBatchSummary[] {
    return (prepared(this.db, listQuery(scope)).all(limit) as BatchRow[]).map(summaryOf);
  }

  summary(batchId: string): StoredBatchSummary | null {
    const row = this.db.prepare(`${summarySelect} WHERE b.id = ?`).get(batchId) as BatchRow | undefined;
    return row ? summaryOf(row) : null;
  }

  get(batchId: string): StoredBatch | null {
    const row = this.db.prepare(`${summarySelect} WHERE b.id = ?`).get(batchId) as BatchRow | undefined;
    if (!row) return null;
    const sourceFiles = this.db
      .prepare(
        `SELECT id, original_name AS originalName, format, size_bytes AS sizeBytes, sha256, page_count AS pageCount, received_at AS receivedAt
         FROM source_files WHERE batch_id = ? ORDER BY received_at`,
      )
      .all(batchId) as SourceFile[];
    const pages = (
      this.db
        .prepare(
          `SELECT id, sequence, source_file_id AS sourceFileId, source_page_number AS sourcePageNumber, width, height, dpi,
                  color_mode AS colorMode, master_sha256 AS imageSha256, substr(view_sha256, 1, 16) AS imageRevision,
                  clerk_rotation AS clerkRotation, deleted_at IS NOT NULL AS deleted, purged_at IS NOT NULL AS purged
           FROM pages WHERE batch_id = ? ORDER BY sequence`,
        )
        .all(batchId) as (Omit<Page, 'recognition' | 'deleted' | 'purged'> & { deleted: number; purged: number })[]
    ).map((p) => ({ ...p, deleted: p.deleted === 1, purged: p.purged === 1 }));
    return { ...summaryOf(row), sourceFiles, pages };
  }

  /** Each page's resolution, and whether it is a guess (its file recorded none). */
  pageResolutions(batchId: string): Map<string, { dpi: number; dpiAssumed: boolean }> {
    const rows = prepared(this.db, 'SELECT id, dpi, dpi_assumed AS assumed FROM pages WHERE batch_id = ?').all(batchId) as { id: string; dpi: number; assumed: number }[];
    return new Map(rows.map((r) => [r.id, { dpi: r.dpi, dpiAssumed: r.assumed === 1 }]));
  }

  /** Pages whose file did not record a resolution (the page's dpi is a guess). */
  pagesWithAssumedDpi(batchId: string): Set<string> {
    const rows = this.db.prepare('SELECT id FROM pages WHERE batch_id = ? AND dpi_assumed = 1').all(batchId) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  sourceFileBySha(sha256: string): { id: string; batchId: string; format: SourceFormat } | null {
    const row = this.db.prepare('SELECT id, batch_id AS batchId, format FROM source_files WHERE sha256 = ?').get(sha256) as { id: string; batchId: string; format: SourceFormat } | undefined;
    return row ?? null;
  }

  /** Every original and page image a row points at (for the orphan sweep); rows marked purged by retention point at nothing. */
  referencedFiles(): { archives: Set<string>; images: Set<string> } {
    const archives = this.db.prepare('SELECT archive_path AS path FROM source_files WHERE purged_at IS NULL').all() as { path: string }[];
    const images = this.db
      .prepare(
        `SELECT master_sha256 AS sha FROM pages WHERE purged_at IS NULL UNION SELECT view_sha256 FROM pages WHERE purged_at IS NULL
         UNION SELECT thumb_sha256 FROM pages WHERE purged_at IS NULL
         UNION SELECT r.upright_sha256 FROM page_recognition r JOIN pages p ON p.id = r.page_id
               WHERE r.upright_sha256 IS NOT NULL AND p.purged_at IS NULL`,
      )
      .all() as { sha: string }[];
    return { archives: new Set(archives.map((r) => r.path)), images: new Set(images.map((r) => r.sha)) };
  }

  batchOfPage(pageId: string): string | null {
    const row = this.db.prepare('SELECT batch_id AS batchId FROM pages WHERE id = ?').get(pageId) as { batchId: string } | undefined;
    return row?.batchId ?? null;
  }

  masterTypeOf(pageId: string): string {
    return (this.db.prepare('SELECT master_type AS t FROM pages WHERE id = ?').get(pageId) as { t: string }).t;
  }

  /** The image to show for a page; `purged` once retention removed it (the hash stays on record). */
  pageImage(pageId: string, variant: 'thumb' | 'view'): { sha256: string; purged: boolean; batchId: string } | null {
    const column = variant === 'thumb' ? 'thumb_sha256' : 'view_sha256';
    const row = this.db.prepare(`SELECT ${column} AS sha256, purged_at IS NOT NULL AS purged, batch_id AS batchId FROM pages WHERE id = ?`).get(pageId) as
      { sha256: string; purged: number; batchId: string } | undefined;
    return row ? { sha256: row.sha256, purged: row.purged === 1, batchId: row.batchId } : null;
  }
}
