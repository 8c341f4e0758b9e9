import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';

export type OutboxState = 'pending' | 'delivering' | 'delivered' | 'failed' | 'held';

/** What a row does to the repository: provide a new document, replace an earlier one, or retract one. */
export type OutboxAction = 'provide' | 'replace' | 'retract';

export interface OutboxItem {
  id: string;
  seq: number;
  documentId: string;
  targetId: string;
  patientMrn: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  receipt: string | null;
  pdfPath: string | null;
  pdfSha256: string | null;
  createdAt: string;
  deliveredAt: string | null;
  action: OutboxAction;
  /** For 'replace' and 'retract': the document whose copy at the target is replaced or retracted. */
  replacesDocumentId: string | null;
  /** The repository's name for that copy (its receipt when it was delivered). */
  replacesReceipt: string | null;
  /** The target's settings (JSON) as this row was delivered, or as a correction must reach it. */
  targetConfig: string | null;
}

const columns = `id, seq, document_id AS documentId, target_id AS targetId, patient_mrn AS patientMrn, state, attempts,
  next_attempt_at AS nextAttemptAt, last_error AS lastError, receipt, pdf_path AS pdfPath, pdf_sha256 AS pdfSha256,
  created_at AS createdAt, delivered_at AS deliveredAt, action, replaces_document_id AS replacesDocumentId,
  replaces_receipt AS replacesReceipt, target_config AS targetConfig`;

/**
 * A document is sent once every page has its text (OCR done, failed, or nothing to read), so
 * the PDF that leaves is searchable even when the clerk confirmed before OCR caught up. Not for
 * an item whose PDF is pinned: those bytes may already be at the repository.
 */
const textReady = `(o.pdf_sha256 IS NOT NULL OR NOT EXISTS (
  SELECT 1 FROM document_pages dp JOIN page_recognition r ON r.page_id = dp.page_id
  WHERE dp.document_id = o.document_id AND r.ocr_status = 'pending'))`;

/**
 * What the sender may do with an item on an administrator's word (the engine sends the answer
 * with each item as mayRetry / mayHold, so no screen keeps its own copy of the rule).
 */
export const RETRYABLE_STATES = ['failed', 'held', 'pending'] as const satisfies readonly OutboxState[];
export const HOLDABLE_STATES = ['pending', 'failed'] as const satisfies readonly OutboxState[];
const sqlList = (states: readonly OutboxState[]) => states.map((s) => `'${s}'`).join(', ');

/**
 * textReady in words: the pages an item waits for before the sender takes it. None once it is
 * not pending or its PDF is pinned. `pagesWithoutText` counts the document's pages OCR has yet
 * to read (asked only when it matters).
 */
export const pagesItWaitsFor = (item: Pick<OutboxItem, 'state' | 'pdfSha256'>, pagesWithoutText: () => number): number =>
  item.state === 'pending' && item.pdfSha256 === null ? pagesWithoutText() : 0;

/** The outbox rows and delivery targets. Writers run inside the caller's transaction. */
export class OutboxRepository {
  constructor(private readonly db: Database) {}

  targets(): { id: string; config: unknown; enabled: boolean }[] {
    return (this.db.prepare('SELECT id, config, enabled FROM delivery_targets ORDER BY created_at, id').all() as { id: string; config: string; enabled: number }[]).map((r) => ({
      id: r.id,
      config: JSON.parse(r.config) as unknown,
      enabled: r.enabled === 1,
    }));
  }

  saveTarget(id: string, config: unknown, enabled: boolean, at: string): void {
    this.db
      .prepare(
        `INSERT INTO delivery_targets (id, config, enabled, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET config = excluded.config, enabled = excluded.enabled`,
      )
      .run(id, JSON.stringify(config), enabled ? 1 : 0, at);
  }

  /**
   * Queues a document for a target; again for the same pair releases it if held, else does
   * nothing. A release follows a re-confirmation, so the PDF is rendered afresh (unpinned).
   */
  enqueue(documentId: string, targetId: string, patientMrn: string, at: string): void {
    const { next } = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM outbox').get() as { next: number };
    this.db
      .prepare(
        `INSERT INTO outbox (id, seq, document_id, target_id, patient_mrn, state, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)
         ON CONFLICT(document_id, target_id) DO UPDATE SET state = 'pending', patient_mrn = excluded.patient_mrn,
           next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at, pdf_path = NULL, pdf_sha256 = NULL
         WHERE outbox.state = 'held'`,
      )
      .run(randomUUID(), next, documentId, targetId, patientMrn, at, at, at);
  }

  /**
   * Items due now, oldest first, skipping any whose patient has an earlier item still on its
   * way to the same target: a patient's documents arrive in the order they were confirmed.
   */
  due(now: string, limit: number, busy: ReadonlySet<string>, options: { waitForText?: boolean } = {}): OutboxItem[] {
    return (
      this.db
        .prepare(
          `SELECT ${columns} FROM outbox o
           WHERE o.state = 'pending' AND o.next_attempt_at <= ? ${options.waitForText ? `AND ${textReady}` : ''}
             AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.target_id = o.target_id AND e.patient_mrn = o.patient_mrn
                             AND e.seq < o.seq AND e.state IN ('pending', 'delivering'))
           ORDER BY o.seq LIMIT ?`,
        )
        .all(now, limit + busy.size) as OutboxItem[]
    )
      .filter((item) => !busy.has(item.id))
      .slice(0, limit);
  }

  /** When the next pending item becomes due (to sleep until then), or null. */
  nextDueAt(options: { waitForText?: boolean } = {}): string | null {
    return (
      this.db.prepare(`SELECT MIN(next_attempt_at) AS at FROM outbox o WHERE o.state = 'pending' ${options.waitForText ? `AND ${textReady}` : ''}`).get() as {
        at: string | null;
      }
    ).at;
  }

  /** Pages of the document still waiting for OCR (its delivery waits for them, see textReady). */
  pagesAwaitingText(documentId: string): number {
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM document_pages dp JOIN page_recognition r ON r.page_id = dp.page_id
           WHERE dp.document_id = ? AND r.ocr_status = 'pending'`,
        )
        .get(documentId) as { n: number }
    ).n;
  }

  get(id: string): OutboxItem | null {
    return (this.db.prepare(`SELECT ${columns} FROM outbox WHERE id = ?`).get(id) as OutboxItem | undefined) ?? null;
  }

  forDocument(documentId: string): OutboxItem[] {
    return this.db.prepare(`SELECT ${columns} FROM outbox WHERE document_id = ? ORDER BY seq`).all(documentId) as OutboxItem[];
  }

  list(states: readonly OutboxState[], limit: number): OutboxItem[] {
    // With 'delivered' (nearly every row of a station's year) the newest rows are read in order
    // and the scan stops at the limit; without it the few rows still on their way are found by
    // state (outbox_due) and sorted. The unary + keeps the planner off the state index.
    const state = states.includes('delivered') ? '+state' : 'state';
    return this.db.prepare(`SELECT ${columns} FROM outbox WHERE ${state} IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT ?`).all(JSON.stringify(states), limit) as OutboxItem[];
  }

  counts(): Record<OutboxState, number> {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: OutboxState; n: number }[];
    const counts: Record<OutboxState, number> = { pending: 0, delivering: 0, delivered: 0, failed: 0, held: 0 };
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  }

  markDelivering(id: string, at: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'delivering', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'pending'`).run(at, id);
  }

  setPdf(id: string, path: string, sha256: string, at: string): void {
    this.db.prepare('UPDATE outbox SET pdf_path = ?, pdf_sha256 = ?, updated_at = ? WHERE id = ?').run(path, sha256, at, id);
  }

  /** Also keeps the target's settings as delivered: a later correction must reach the same place. */
  markDelivered(id: string, receipt: string, at: string): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'delivered', receipt = ?, last_error = NULL, delivered_at = ?, updated_at = ?,
           target_config = COALESCE(target_config, (SELECT config FROM delivery_targets t WHERE t.id = outbox.target_id)) WHERE id = ?`,
      )
      .run(receipt, at, at, id);
  }

  markRetry(id: string, reason: string, nextAttemptAt: string, at: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'pending', last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`).run(reason, nextAttemptAt, at, id);
  }

  markFailed(id: string, reason: string, at: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?`).run(reason, at, id);
  }

  /** An admin puts an item back in line now (after fixing the target) or holds it. */
  release(id: string, at: string): boolean {
    return this.db.prepare(`UPDATE outbox SET state = 'pending', next_attempt_at = ?, updated_at = ? WHERE id = ? AND state IN (${sqlList(RETRYABLE_STATES)})`).run(at, at, id).changes > 0;
  }

  hold(id: string, at: string): boolean {
    return this.db.prepare(`UPDATE outbox SET state = 'held', updated_at = ? WHERE id = ? AND state IN (${sqlList(HOLDABLE_STATES)})`).run(at, id).changes > 0;
  }

  /** A reopened document's deliveries wait until it is confirmed again. */
  holdDocument(documentId: string, at: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'held', updated_at = ? WHERE document_id = ? AND state IN (${sqlList(HOLDABLE_STATES)})`).run(at, documentId);
  }

  /**
   * A patient merge moved a document that has not left yet to the surviving patient: its rows
   * follow, and its PDF is rendered again (the old one names the retired MRN). Not a row on its
   * way: that attempt finishes with what it has.
   */
  repointPatient(documentId: string, patientMrn: string, at: string): number {
    return this.db
      .prepare(
        `UPDATE outbox SET patient_mrn = ?, pdf_path = NULL, pdf_sha256 = NULL, updated_at = ?
         WHERE document_id = ? AND state IN ('pending', 'failed', 'held')`,
      )
      .run(patientMrn, at, documentId).changes;
  }

  /** After a crash, work that was on its way is simply tried again (connectors are idempotent). */
  resetInterrupted(at: string): number {
    return this.db.prepare(`UPDATE outbox SET state = 'pending', next_attempt_at = ?, updated_at = ? WHERE state = 'delivering'`).run(at, at).changes;
  }
}
