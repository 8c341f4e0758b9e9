import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { DocumentReviewStatus, RejectionReason, ReviewState } from '../../../../shared/domain/review.js';
import { prepared } from '../prepared.js';

export interface ReviewRow extends DocumentReviewStatus {
  documentId: string;
  batchId: string;
  operatorId: string | null;
  operatorName: string;
  confirmedAt: string;
}

export interface Operator {
  id: string | null;
  name: string;
}

const columns = `document_id AS documentId, batch_id AS batchId, state, operator_id AS operatorId, operator_name AS operatorName,
  confirmed_at AS confirmedAt, delivered_first AS deliveredFirst, reason_code AS reasonCode, reason_text AS reasonText,
  decided_by AS decidedBy, decided_at AS decidedAt, round`;

type RawRow = Omit<ReviewRow, 'deliveredFirst'> & { deliveredFirst: number };
const fromRaw = (r: RawRow): ReviewRow => ({ ...r, deliveredFirst: r.deliveredFirst === 1 });

/** The per-operator key for the after-rejection watch: the account id, or the name for CLI runs. */
export const operatorKey = (operator: Operator) => operator.id ?? `name:${operator.name}`;

/** QC review rows, decisions and back-scanning boxes. Call writers inside the caller's transaction. */
export class ReviewRepository {
  constructor(private readonly db: Database) {}

  get(documentId: string): ReviewRow | null {
    const row = prepared(this.db, `SELECT ${columns} FROM document_review WHERE document_id = ?`).get(documentId) as RawRow | undefined;
    return row ? fromRaw(row) : null;
  }

  forDocuments(documentIds: readonly string[]): Map<string, ReviewRow> {
    const get = prepared(this.db, `SELECT ${columns} FROM document_review WHERE document_id = ?`);
    const found = new Map<string, ReviewRow>();
    for (const id of documentIds) {
      const row = get.get(id) as RawRow | undefined;
      if (row) found.set(id, fromRaw(row));
    }
    return found;
  }

  forBatch(batchId: string): ReviewRow[] {
    return (this.db.prepare(`SELECT ${columns} FROM document_review WHERE batch_id = ? ORDER BY confirmed_at`).all(batchId) as RawRow[]).map(fromRaw);
  }

  /** Records a confirmation's review state; a document sent back before keeps its history (round + 1). */
  recordConfirmation(row: { documentId: string; batchId: string; state: ReviewState; operator: Operator; at: string; deliveredFirst: boolean }): void {
    this.db
      .prepare(
        `INSERT INTO document_review (document_id, batch_id, state, operator_id, operator_name, confirmed_at, delivered_first)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(document_id) DO UPDATE SET state = excluded.state, batch_id = excluded.batch_id,
           operator_id = excluded.operator_id, operator_name = excluded.operator_name, confirmed_at = excluded.confirmed_at,
           delivered_first = excluded.delivered_first, round = document_review.round + 1`,
      )
      .run(row.documentId, row.batchId, row.state, row.operator.id, row.operator.name, row.at, row.deliveredFirst ? 1 : 0);
  }

  /** A reopened document leaves review; a rejection stays on record so the clerk sees why. */
  withdraw(documentId: string): void {
    this.db.prepare(`DELETE FROM document_review WHERE document_id = ? AND state <> 'rejected'`).run(documentId);
  }

  decide(documentId: string, decision: { state: 'approved' | 'rejected'; reasonCode: RejectionReason | null; reasonText: string | null }, reviewer: { id: string; name: string }, at: string): void {
    const row = this.get(documentId);
    if (!row) throw new Error('No review row for this document.');
    this.db
      .prepare('UPDATE document_review SET state = ?, reason_code = ?, reason_text = ?, decided_by = ?, decided_at = ? WHERE document_id = ?')
      .run(decision.state, decision.reasonCode, decision.reasonText, reviewer.name, at, documentId);
    this.db
      .prepare(
        `INSERT INTO review_decisions (document_id, batch_id, decision, reason_code, reason_text, operator_id, operator_name, reviewer_id, reviewer_name, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(documentId, row.batchId, decision.state, decision.reasonCode, decision.reasonText, row.operatorId, row.operatorName, reviewer.id, reviewer.name, at);
  }

  /** How many more of this operator's documents are reviewed whatever the sample rate. */
  watchRemaining(operator: Operator): number {
    const row = this.db.prepare('SELECT remaining FROM review_watch WHERE operator_key = ?').get(operatorKey(operator)) as { remaining: number } | undefined;
    return row?.remaining ?? 0;
  }

  setWatch(operator: Operator, remaining: number): void {
    this.db
      .prepare('INSERT INTO review_watch (operator_key, remaining) VALUES (?, ?) ON CONFLICT(operator_key) DO UPDATE SET remaining = excluded.remaining')
      .run(operatorKey(operator), Math.max(0, remaining));
  }

  /** Confirmed documents held back from delivery until a reviewer approves them (not those a batch run delivered first). */
  heldForReview(): number {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM document_review r JOIN document_index i ON i.document_id = r.document_id
         WHERE r.state = 'awaiting' AND r.delivered_first = 0 AND i.status = 'confirmed'`,
      )
      .get() as { n: number };
    return row.n;
  }

  /** Batches with documents awaiting review, oldest first, with what the queue filters on. */
  queueRows(): { batchId: string; awaiting: number; decided: number; operators: string; waitingSince: string; lastConfirmed: string }[] {
    return this.db
      .prepare(
        `SELECT batch_id AS batchId,
                SUM(state = 'awaiting') AS awaiting,
                SUM(state IN ('approved', 'rejected')) AS decided,
                GROUP_CONCAT(DISTINCT operator_name) AS operators,
                MIN(CASE WHEN state = 'awaiting' THEN confirmed_at END) AS waitingSince,
                MAX(confirmed_at) AS lastConfirmed
         FROM document_review
         -- Only the batches with a document awaiting (by index): not a year of decided reviews grouped.
         WHERE batch_id IN (SELECT batch_id FROM document_review WHERE state = 'awaiting')
         GROUP BY batch_id ORDER BY waitingSince`,
      )
      .all() as { batchId: string; awaiting: number; decided: number; operators: string; waitingSince: string; lastConfirmed: string }[];
  }

  awaitingIn(batchId: string): string[] {
    return (this.db.prepare(`SELECT document_id AS id FROM document_review WHERE batch_id = ? AND state = 'awaiting'`).all(batchId) as { id: string }[]).map((r) => r.id);
  }

  /** Lets every document waiting for review go without one (review turned off); returns them. */
  releaseAwaiting(at: string): { documentId: string; patientMrn: string }[] {
    const rows = this.db
      .prepare(
        `SELECT r.document_id AS documentId, i.patient_mrn AS patientMrn FROM document_review r
         JOIN document_index i ON i.document_id = r.document_id
         WHERE r.state = 'awaiting' AND r.delivered_first = 0 AND i.status = 'confirmed' AND i.patient_mrn IS NOT NULL`,
      )
      .all() as { documentId: string; patientMrn: string }[];
    const release = this.db.prepare(`UPDATE document_review SET state = 'not-required', decided_at = ? WHERE document_id = ?`);
    for (const row of rows) release.run(at, row.documentId);
    return rows;
  }

  setBox(batchId: string, project: string | null, box: string | null): void {
    this.db.prepare('UPDATE batches SET project = ?, box = ? WHERE id = ?').run(project, box, batchId);
    if (project && box) this.db.prepare('INSERT INTO boxes (project, box) VALUES (?, ?) ON CONFLICT DO NOTHING').run(project, box);
  }

  boxOf(batchId: string): { project: string | null; box: string | null } | null {
    return (this.db.prepare('SELECT project, box FROM batches WHERE id = ?').get(batchId) as { project: string | null; box: string | null } | undefined) ?? null;
  }

  /**
   * Every box with its counts. A document is outstanding until it is confirmed and either
   * approved or needs no review.
   */
  boxes(): { project: string; box: string; batches: number; documents: number; outstanding: number; verifiedBy: string | null; verifiedAt: string | null }[] {
    return this.db
      .prepare(
        `SELECT x.project, x.box, x.verified_by AS verifiedBy, x.verified_at AS verifiedAt,
           (SELECT COUNT(*) FROM batches b WHERE b.project = x.project AND b.box = x.box) AS batches,
           (SELECT COUNT(*) FROM documents d JOIN batches b ON b.id = d.batch_id WHERE b.project = x.project AND b.box = x.box) AS documents,
           (SELECT COUNT(*) FROM documents d JOIN batches b ON b.id = d.batch_id
              LEFT JOIN document_index i ON i.document_id = d.id
              LEFT JOIN document_review r ON r.document_id = d.id
            WHERE b.project = x.project AND b.box = x.box
              AND (i.status IS NOT 'confirmed' OR r.state IS NULL OR r.state IN ('awaiting', 'rejected'))) AS outstanding
         FROM boxes x ORDER BY x.project, x.box`,
      )
      .all() as ReturnType<ReviewRepository['boxes']>;
  }

  verifyBox(project: string, box: string, by: string, at: string): void {
    this.db.prepare('UPDATE boxes SET verified_by = ?, verified_at = ? WHERE project = ? AND box = ?').run(by, at, project, box);
  }
}
