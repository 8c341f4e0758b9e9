import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { RejectionReason } from '../../../../shared/domain/review.js';
import type { BacklogState } from '../../../../shared/domain/reports.js';
import { prepared } from '../prepared.js';

/** Bounds as stored timestamps (ISO, UTC): start included, end excluded. */
export interface Instants {
  start: string;
  end: string;
}

/** First and last local day of a report, inclusive ('YYYY-MM-DD', as migration 22 stores them). */
export interface Days {
  first: string;
  last: string;
}

/** One day's work by one operator, as the report totals keep it (migration 22). */
export interface DayWork {
  day: string;
  /** The name as recorded: 'Unclaimed' for a batch nobody held the scanner for, '' for no name. */
  operator: string;
  scannedBatches: number;
  scannedPages: number;
  scannedDocuments: number;
  indexedDocuments: number;
  indexedPages: number;
}

export interface Decisions {
  decision: 'approved' | 'rejected';
  reasonCode: RejectionReason | null;
  operatorName: string;
  count: number;
}

/**
 * Read-only queries for the supervisor's report, across the tables the other repositories
 * write. Work and delivery times come from the per-day totals the database keeps as work happens
 * (migration 22), so a year costs what its days cost, not what its documents cost.
 */
export class ReportsRepository {
  constructor(private readonly db: Database) {}

  /** Batches scanned and documents confirmed, by local day and operator, the days with any. */
  dailyWork(days: Days): DayWork[] {
    return this.db
      .prepare(
        `SELECT day, operator, scanned_batches AS scannedBatches, scanned_pages AS scannedPages, scanned_documents AS scannedDocuments,
           indexed_documents AS indexedDocuments, indexed_pages AS indexedPages
         FROM report_daily_work WHERE day >= ? AND day <= ? AND (scanned_batches > 0 OR indexed_documents > 0) ORDER BY day, operator`,
      )
      .all(days.first, days.last) as DayWork[];
  }

  /**
   * Documents that reached every target they were queued for, by the local day the last of them
   * arrived. A document counts once, however many targets it went to.
   */
  deliveriesByDay(days: Days): { day: string; documents: number }[] {
    return this.db.prepare('SELECT day, COUNT(*) AS documents FROM report_delivered_documents WHERE day >= ? AND day <= ? GROUP BY day ORDER BY day').all(days.first, days.last) as {
      day: string;
      documents: number;
    }[];
  }

  /**
   * Scan-to-delivery times in milliseconds, fastest first, from the 0-based rank: the one at the
   * rank and the next (a percentile interpolates between them). Walks the index up to the rank
   * instead of reading every delivery of the range.
   */
  deliveryTimesFromRank(days: Days, rank: number): number[] {
    const rows =
      days.first === days.last
        ? prepared(this.db, 'SELECT elapsed_ms AS ms FROM report_delivered_documents WHERE day = ? ORDER BY elapsed_ms LIMIT 2 OFFSET ?').all(days.first, rank)
        : // In elapsed order from the index, not sorted after reading: a year's deliveries never sit in a sort buffer.
          prepared(this.db, 'SELECT elapsed_ms AS ms FROM report_delivered_documents INDEXED BY report_delivered_by_elapsed WHERE day >= ? AND day <= ? ORDER BY elapsed_ms LIMIT 2 OFFSET ?').all(
            days.first,
            days.last,
            rank,
          );
    return (rows as { ms: number }[]).map((r) => r.ms);
  }

  /** Review decisions in the range, counted by decision, reason and the operator who confirmed. */
  decisions(range: Instants): Decisions[] {
    return this.db
      .prepare(
        `SELECT decision, reason_code AS reasonCode, operator_name AS operatorName, COUNT(*) AS count
         FROM review_decisions WHERE at >= ? AND at < ? GROUP BY decision, reason_code, operator_name`,
      )
      .all(range.start, range.end) as Decisions[];
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

  /** Every back-scanning box and whether it is verified, in the order the review screen lists them. */
  boxStates(): { project: string; verifiedAt: string | null }[] {
    return this.db.prepare('SELECT project, verified_at AS verifiedAt FROM boxes ORDER BY project, box').all() as { project: string; verifiedAt: string | null }[];
  }

  boxesVerifiedIn(range: Instants): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM boxes WHERE verified_at >= ? AND verified_at < ?').get(range.start, range.end) as { n: number }).n;
  }
}
