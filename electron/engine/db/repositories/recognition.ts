import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { FastFacts, FastResult, OcrResult, OcrWord } from '../../recognition/recognition-task.js';
import { documentIdFor } from '../../separation/document-id.js';
import type { BatchSplit, PageFacts, PageRole } from '../../separation/separate-batch.js';
import { type DocumentRow, DocumentLayoutRepository } from './document-layout.js';
import { prepared } from '../prepared.js';

export type { DocumentRow } from './document-layout.js';

export interface RecognitionWork {
  pageId: string;
  batchId: string;
  /** SHA-256 of the image to read: the master for the fast path, the upright page for OCR. */
  imageSha256: string;
  dpi: number;
  /** For OCR: the page was judged blank from its image (its reading is a check for faint text). */
  blank?: boolean;
}

export interface RecognitionProgress {
  total: number;
  fastDone: number;
  ocrDone: number;
  failed: number;
}

export interface PageRecognitionRow {
  pageId: string;
  fastStatus: 'pending' | 'done' | 'failed';
  ocrStatus: 'pending' | 'done' | 'failed';
  rotation: number | null;
  skewDegrees: number | null;
  blank: boolean | null;
  inkCoverage: number | null;
  contrast: number | null;
  sharpness: number | null;
  brightness: number | null;
  cutOffGlyphs: number | null;
  /** OCR found text on the page after it was judged blank from its image. */
  textOnBlank: boolean;
  role: PageRole | null;
  ocrConfidence: number | null;
  uprightWidth: number | null;
  uprightHeight: number | null;
  failureReason: string | null;
  barcodes: { format: string; text: string; box: { x: number; y: number; width: number; height: number } }[];
}

/** Recognition results, the recognition queue (its pending rows) and the documents of a batch. */
export class RecognitionRepository {
  private readonly documents: DocumentLayoutRepository;

  constructor(private readonly db: Database) {
    this.documents = new DocumentLayoutRepository(db);
  }

  /** Oldest batch first, pages in order: the clerk works front to back. */
  nextFast(limit: number, busy: ReadonlySet<string>): RecognitionWork[] {
    const rows = this.db
      .prepare(
        `SELECT p.id AS pageId, p.batch_id AS batchId, p.master_sha256 AS imageSha256, p.dpi
         FROM page_recognition r JOIN pages p ON p.id = r.page_id JOIN batches b ON b.id = p.batch_id
         WHERE r.fast_status = 'pending' ORDER BY b.seq, p.sequence LIMIT ?`,
      )
      .all(limit + busy.size) as RecognitionWork[];
    return rows.filter((r) => !busy.has(r.pageId)).slice(0, limit);
  }

  nextOcr(limit: number, busy: ReadonlySet<string>): RecognitionWork[] {
    const rows = this.db
      .prepare(
        `SELECT p.id AS pageId, p.batch_id AS batchId, r.upright_sha256 AS imageSha256, p.dpi, r.blank = 1 AS blank
         FROM page_recognition r JOIN pages p ON p.id = r.page_id JOIN batches b ON b.id = p.batch_id
         WHERE r.fast_status = 'done' AND r.ocr_status = 'pending'
         -- Pages of confirmed documents first: their delivery waits for the text (see the outbox).
         -- Pages judged blank are read too, to check for text the image measures missed (faded
         -- print), after the batch's other pages and before the next batch's.
         ORDER BY EXISTS (SELECT 1 FROM document_pages dp JOIN document_index i ON i.document_id = dp.document_id
                          WHERE dp.page_id = p.id AND i.status = 'confirmed') DESC,
                  b.seq, r.blank, p.sequence LIMIT ?`,
      )
      .all(limit + busy.size) as (Omit<RecognitionWork, 'blank'> & { blank: number })[];
    return rows
      .filter((r) => !busy.has(r.pageId))
      .slice(0, limit)
      .map((r) => ({ ...r, blank: r.blank === 1 }));
  }

  /**
   * The page's barcodes and blank decision, committed before the rest of its fast path: from
   * now on separation counts the page as decided (see pageFacts) and the patient suggestion
   * sees its label. `fast_status` stays pending, so a restart before recordFast runs the page's
   * fast path again, whole. `blank` is null until this runs (a pending page with `blank` set has its facts).
   */
  recordFacts(pageId: string, facts: FastFacts): void {
    const updated = this.db
      .prepare(
        `UPDATE page_recognition SET blank = ?, ink_coverage = ?, contrast = ?, sharpness = ?, brightness = ?, cut_off_glyphs = ?
         WHERE page_id = ? AND fast_status = 'pending'`,
      )
      .run(facts.blank ? 1 : 0, facts.inkCoverage, facts.contrast, facts.sharpness, facts.brightness, facts.cutOffGlyphs, pageId);
    if (updated.changes === 1) this.replaceBarcodes(pageId, facts.barcodes);
  }

  recordFast(pageId: string, result: FastResult, at: string): void {
    this.db
      .prepare(
        `UPDATE page_recognition SET fast_status = 'done', fast_attempts = fast_attempts + 1, last_error = NULL,
           rotation = ?, rotation_confidence = ?, skew_degrees = ?, blank = ?, ink_coverage = ?, contrast = ?,
           sharpness = ?, brightness = ?, cut_off_glyphs = ?, upright_sha256 = ?, upright_width = ?, upright_height = ?,
           fast_millis = ?, fast_done_at = ?
         WHERE page_id = ?`,
      )
      .run(
        result.rotation,
        result.rotationConfidence,
        result.skewDegrees,
        result.blank ? 1 : 0,
        result.inkCoverage,
        result.contrast,
        result.sharpness,
        result.brightness,
        result.cutOffGlyphs,
        result.uprightSha256,
        result.uprightWidth,
        result.uprightHeight,
        Math.round(result.millis),
        at,
        pageId,
      );
    // The screen shows the upright page from now on; the master stays as scanned.
    this.db.prepare('UPDATE pages SET view_sha256 = ?, thumb_sha256 = ? WHERE id = ?').run(result.viewSha256, result.thumbSha256, pageId);
    // The same codes as recordFacts found, now placed on the upright page the screen shows.
    this.replaceBarcodes(pageId, result.barcodes);
  }

  private replaceBarcodes(pageId: string, barcodes: FastFacts['barcodes']): void {
    this.db.prepare('DELETE FROM page_barcodes WHERE page_id = ?').run(pageId);
    const insert = this.db.prepare('INSERT INTO page_barcodes (page_id, ordinal, format, text, x, y, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    barcodes.forEach((b, i) => insert.run(pageId, i, b.format, b.text, Math.round(b.box.x), Math.round(b.box.y), Math.round(b.box.width), Math.round(b.box.height)));
  }

  /** Counts a failed attempt; after `maxAttempts` the stage is given up as failed (the page stays). */
  recordFailure(pageId: string, stage: 'fast' | 'ocr', reason: string, maxAttempts: number): 'retry' | 'failed' {
    const column = stage === 'fast' ? 'fast' : 'ocr';
    const row = this.db.prepare(`SELECT ${column}_attempts AS attempts FROM page_recognition WHERE page_id = ?`).get(pageId) as { attempts: number };
    const attempts = row.attempts + 1;
    const failed = attempts >= maxAttempts;
    this.db
      .prepare(
        `UPDATE page_recognition SET ${column}_attempts = ?, last_error = ?, ${column}_status = ?
           ${stage === 'fast' && failed ? ", ocr_status = 'failed'" : ''}
         WHERE page_id = ?`,
      )
      .run(attempts, reason.slice(0, 300), failed ? 'failed' : 'pending', pageId);
    return failed ? 'failed' : 'retry';
  }

  recordOcr(pageId: string, result: OcrResult, at: string): void {
    this.db
      .prepare(
        `UPDATE page_recognition SET ocr_status = 'done', ocr_attempts = ocr_attempts + 1, last_error = NULL,
           ocr_text = ?, ocr_confidence = ?, ocr_millis = ?, ocr_done_at = ? WHERE page_id = ?`,
      )
      .run(result.text, result.meanConfidence, Math.round(result.millis), at, pageId);
    this.db.prepare('DELETE FROM page_words WHERE page_id = ?').run(pageId);
    const insert = this.db.prepare('INSERT INTO page_words (page_id, ordinal, text, confidence, line, x, y, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    result.words.forEach((w, i) => insert.run(pageId, i, w.text, w.confidence, w.line, Math.round(w.box.x), Math.round(w.box.y), Math.round(w.box.width), Math.round(w.box.height)));
  }

  isBlank(pageId: string): boolean {
    return (this.db.prepare('SELECT blank FROM page_recognition WHERE page_id = ?').get(pageId) as { blank: number | null } | undefined)?.blank === 1;
  }

  /**
   * OCR found text on a page judged blank. `returned`: the page counts as content from now on
   * (it goes back to its document when the batch is split again); else it stays set aside.
   */
  recordTextOnBlank(pageId: string, returned: boolean): void {
    this.db.prepare('UPDATE page_recognition SET text_on_blank = 1, blank = CASE WHEN ? THEN 0 ELSE blank END WHERE page_id = ?').run(returned ? 1 : 0, pageId);
  }

  /**
   * Separator and cover sheets are not read: their barcodes said all they carry, they belong to
   * no document (so no search, document-type suggestion or searchable PDF ever uses their text),
   * and a full read costs a second or more of CPU a sheet. Their OCR is done with no text (NULL,
   * where a read page has at least ''). A sheet that the split no longer calls one (the
   * separator values changed) is queued to be read again.
   */
  private settleSheetText(batchId: string, at: string): void {
    const ofBatch = 'page_id IN (SELECT id FROM pages WHERE batch_id = ?)';
    this.db
      .prepare(`UPDATE page_recognition SET ocr_status = 'done', ocr_text = NULL, ocr_done_at = ? WHERE ${ofBatch} AND role IN ('separator', 'cover') AND ocr_status = 'pending'`)
      .run(at, batchId);
    this.db
      .prepare(`UPDATE page_recognition SET ocr_status = 'pending', ocr_done_at = NULL WHERE ${ofBatch} AND role IN ('content', 'blank') AND ocr_status = 'done' AND ocr_text IS NULL`)
      .run(batchId);
  }

  /** The pages of each confirmed document of a batch, by document id. */
  confirmedDocumentPages(batchId: string): Map<string, string[]> {
    const rows = this.db
      .prepare(
        `SELECT dp.document_id AS documentId, dp.page_id AS pageId FROM document_pages dp JOIN documents d ON d.id = dp.document_id
         JOIN document_index i ON i.document_id = d.id WHERE d.batch_id = ? AND i.status = 'confirmed' ORDER BY dp.position`,
      )
      .all(batchId) as { documentId: string; pageId: string }[];
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.documentId, [...(map.get(r.documentId) ?? []), r.pageId]);
    return map;
  }

  pageFacts(batchId: string): PageFacts[] {
    const pages = this.db
      .prepare(
        // A page whose facts are recorded (recordFacts) is decided, though its images are not done.
        `SELECT p.id AS pageId, CASE WHEN r.fast_status = 'pending' AND r.blank IS NOT NULL THEN 'done' ELSE r.fast_status END AS status, r.blank
         FROM pages p JOIN page_recognition r ON r.page_id = p.id WHERE p.batch_id = ? ORDER BY p.sequence`,
      )
      .all(batchId) as { pageId: string; status: PageFacts['status']; blank: number | null }[];
    const barcodes = this.barcodesOfBatch(batchId);
    return pages.map((p) => ({ pageId: p.pageId, status: p.status, blank: p.blank === 1, barcodes: barcodes.get(p.pageId) ?? [] }));
  }

  /** Replaces the batch's split; call inside the transaction that recorded the result causing it. */
  replaceDocuments(batchId: string, split: BatchSplit, at: string): void {
    const setRole = this.db.prepare('UPDATE page_recognition SET role = ? WHERE page_id = ?');
    for (const [pageId, role] of split.roles) setRole.run(role, pageId);
    this.settleSheetText(batchId, at);
    // Once a clerk has changed the split, it is theirs: recognition no longer re-splits.
    const source = this.db.prepare('SELECT layout_source AS s FROM batches WHERE id = ?').get(batchId) as { s: string } | undefined;
    if (source?.s === 'clerk') return;
    this.documents.replace(
      batchId,
      split.documents.map((doc) => ({
        id: documentIdFor(batchId, doc.pageIds[0]!),
        origin: doc.origin,
        patientMrn: doc.mrn,
        patientMrnSource: doc.mrnSource,
        docTypeCode: doc.docTypeCode,
        dateOfService: doc.dateOfService,
        encounter: doc.encounter,
        complete: doc.complete,
        pageIds: doc.pageIds,
      })),
    );
  }

  progress(batchId: string): RecognitionProgress {
    return this.db
      .prepare(
        `SELECT COUNT(*) AS total,
                SUM(r.fast_status != 'pending') AS fastDone,
                SUM(r.ocr_status != 'pending') AS ocrDone,
                SUM(r.fast_status = 'failed' OR r.ocr_status = 'failed') AS failed
         FROM pages p JOIN page_recognition r ON r.page_id = p.id WHERE p.batch_id = ?`,
      )
      .get(batchId) as RecognitionProgress;
  }

  backlog(): { fast: number; ocr: number } {
    return this.db.prepare(`SELECT SUM(fast_status = 'pending') AS fast, SUM(ocr_status = 'pending') AS ocr FROM page_recognition`).get() as { fast: number; ocr: number };
  }

  pagesOf(batchId: string): PageRecognitionRow[] {
    const rows = prepared(
      this.db,
      `SELECT r.page_id AS pageId, r.fast_status AS fastStatus, r.ocr_status AS ocrStatus, r.rotation, r.skew_degrees AS skewDegrees,
                r.blank, r.ink_coverage AS inkCoverage, r.contrast, r.sharpness, r.brightness, r.cut_off_glyphs AS cutOffGlyphs, r.role,
                r.text_on_blank AS textOnBlank,
                r.ocr_confidence AS ocrConfidence, r.upright_width AS uprightWidth, r.upright_height AS uprightHeight,
                CASE WHEN r.fast_status = 'failed' OR r.ocr_status = 'failed' THEN r.last_error END AS failureReason
         FROM pages p JOIN page_recognition r ON r.page_id = p.id WHERE p.batch_id = ? ORDER BY p.sequence`,
    ).all(batchId) as (Omit<PageRecognitionRow, 'barcodes' | 'blank' | 'textOnBlank'> & { blank: number | null; textOnBlank: number })[];
    const barcodes = this.barcodesOfBatch(batchId);
    return rows.map((r) => ({ ...r, blank: r.blank === null ? null : r.blank === 1, textOnBlank: r.textOnBlank === 1, barcodes: barcodes.get(r.pageId) ?? [] }));
  }

  documentsOf(batchId: string): DocumentRow[] {
    return this.documents.documentsOf(batchId);
  }

  batchOfDocument(documentId: string): string | null {
    const row = this.db.prepare('SELECT batch_id AS batchId FROM documents WHERE id = ?').get(documentId) as { batchId: string } | undefined;
    return row?.batchId ?? null;
  }

  /** The text OCR read on each page of a batch (null: not read yet), without the words' boxes. */
  ocrTextsOf(batchId: string): Map<string, string | null> {
    const rows = prepared(this.db, 'SELECT r.page_id AS pageId, r.ocr_text AS text FROM pages p JOIN page_recognition r ON r.page_id = p.id WHERE p.batch_id = ?').all(batchId) as {
      pageId: string;
      text: string | null;
    }[];
    return new Map(rows.map((r) => [r.pageId, r.text]));
  }

  ocrOf(pageId: string): { status: string; text: string | null; confidence: number | null; words: OcrWord[] } | null {
    const row = this.db.prepare('SELECT ocr_status AS status, ocr_text AS text, ocr_confidence AS confidence FROM page_recognition WHERE page_id = ?').get(pageId) as
      { status: string; text: string | null; confidence: number | null } | undefined;
    if (!row) return null;
    const words = (
      this.db.prepare('SELECT text, confidence, line, x, y, width, height FROM page_words WHERE page_id = ? ORDER BY ordinal').all(pageId) as {
        text: string;
        confidence: number;
        line: number;
        x: number;
        y: number;
        width: number;
        height: number;
      }[]
    ).map((w) => ({ text: w.text, confidence: w.confidence, line: w.line, box: { x: w.x, y: w.y, width: w.width, height: w.height } }));
    return { ...row, words };
  }

  private barcodesOfBatch(batchId: string): Map<string, PageRecognitionRow['barcodes']> {
    const rows = prepared(
      this.db,
      `SELECT c.page_id AS pageId, c.format, c.text, c.x, c.y, c.width, c.height FROM page_barcodes c JOIN pages p ON p.id = c.page_id
         WHERE p.batch_id = ? ORDER BY c.page_id, c.ordinal`,
    ).all(batchId) as { pageId: string; format: string; text: string; x: number; y: number; width: number; height: number }[];
    const map = new Map<string, PageRecognitionRow['barcodes']>();
    for (const r of rows) {
      const list = map.get(r.pageId) ?? [];
      list.push({ format: r.format, text: r.text, box: { x: r.x, y: r.y, width: r.width, height: r.height } });
      map.set(r.pageId, list);
    }
    return map;
  }
}
