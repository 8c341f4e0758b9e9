import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { RejectionReason } from '../../../../shared/domain/review.js';
import type { BacklogState } from '../../../../shared/domain/reports.js';

/** Bounds as stored timestamps (ISO, UTC): start included, end excluded. */
export interface Instants {
  start: string;
  end: string;
}

export interface ScannedBatch {
  createdAt: string;
  /** The name recorded on the batch; null: nobody held the scanner (unclaimed). */
  operator: string | null;
  pages: number;
  documents: number;
}

export interface ConfirmedDocument {
  confirmedAt: string;
  confirmedBy: string;
  pages: number;
}

export interface DeliveredDocument {
  scannedAt: string;
  deliveredAt: string;
}

export interface Decision {
  decision: 'approved' | 'rejected';
  reasonCode: RejectionReason | null;
  operatorName: string;
}

/**
 * Read-only queries for the supervisor's report, across the tables the other repositories
 * write. Rows come back per batch, document or decision; the report groups them by local day,
 * which SQLite cannot do in the station's time zone.
 */
export class ReportsRepository {
  constructor(private readonly db: Database) {}

  scannedBatches(range: Instants): ScannedBatch[] {
    return this.db
      .prepare(
        `SELECT b.created_at AS createdAt, b.operator_name AS operator,
           (SELECT COUNT(*) FROM pages p WHERE p.batch_id = b.id) AS pages,
           (SELECT COUNT(*) FROM documents d WHERE d.batch_id = b.id) AS documents
         FROM batches b WHERE b.created_at >= ? AND b.created_at < ? ORDER BY b.created_at`,
      )
      .all(range.start, range.end) as ScannedBatch[];
  }

  /** Documents whose (latest) confirmation falls in the range and that are still confirmed. */
  confirmedDocuments(range: Instants): ConfirmedDocument[] {
    return this.db
      .prepare(
        `SELECT i.confirmed_at AS confirmedAt, COALESCE(i.confirmed_by, '') AS confirmedBy,
           (SELECT COUNT(*) FROM document_pages dp JOIN pages p ON p.id = dp.page_id
            WHERE dp.document_id = i.document_id AND p.deleted_at IS NULL) AS pages
         FROM document_index i
         WHERE i.status = 'confirmed' AND i.confirmed_at >= ? AND i.confirmed_at < ? ORDER BY i.confirmed_at`,
      )
      .all(range.start, range.end) as ConfirmedDocument[];
  }

  /**
   * Documents that reached every target they were queued for, the last of them in the range.
   * A document counts once, however many targets it went to.
   */
  deliveredDocuments(range: Instants): DeliveredDocument[] {
    // From the deliveries made in the range, not from the whole outbox grouped by document: a
    // station's outbox only grows. A document counts when none of its rows is still on its way
    // and none arrived after the range (then its last arrival is in it).
    return this.db
      .prepare(
        `SELECT b.created_at AS scannedAt, MAX(o.delivered_at) AS deliveredAt
         FROM outbox o
         JOIN documents d ON d.id = o.document_id
         JOIN batches b ON b.id = d.batch_id
         WHERE o.state = 'delivered' AND o.delivered_at >= ? AND o.delivered_at < ?
           AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.document_id = o.document_id AND (x.state <> 'delivered' OR x.delivered_at >= ?))
         GROUP BY o.document_id ORDER BY deliveredAt`,
      )
      .all(range.start, range.end, range.end) as DeliveredDocument[];
  }

  decisions(range: Instants): Decision[] {
    return this.db
      .prepare(
        `SELECT decision, reason_code AS reasonCode, operator_name AS operatorName
         FROM review_decisions WHERE at >= ? AND at < ? ORDER BY at, id`,
      )
      .all(range.start, range.end) as Decision[];
  }

  /** Deliveries not yet arrived, by state, with the oldest queue time of each. */
  outboxBacklog(): { state: BacklogState; items: number; oldestSince: string }[] {
    return (
      this.db
        // The states by name, not "<> 'delivered'": the outbox_due index then skips every delivered row.
        .prepare(`SELECT state, COUNT(*) AS items, MIN(created_at) AS oldestSince FROM outbox WHERE state IN ('pending', 'delivering', 'failed', 'held') GROUP BY state`)
        .all() as { state: BacklogState; items: number; oldestSince: string }[]
    );
  }

  awaitingReview(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM document_review WHERE state = 'awaiting'`).get() as { n: number }).n;
  }

  boxesVerifiedIn(range: Instants): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM boxes WHERE verified_at >= ? AND verified_at < ?').get(range.start, range.end) as { n: number }).n;
  }
}
