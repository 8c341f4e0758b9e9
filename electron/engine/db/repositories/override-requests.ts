import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface OverrideRequestRow {
  id: string;
  documentId: string;
  batchId: string;
  code: string;
  findingMessage: string;
  note: string;
  requestedById: string;
  requestedByName: string;
  requestedAt: string;
  state: 'pending' | 'granted' | 'declined';
  decidedByName: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  seenAt: string | null;
}

const columns = `id, document_id AS documentId, batch_id AS batchId, code, finding_message AS findingMessage, note, requested_by_id AS requestedById,
  requested_by_name AS requestedByName, requested_at AS requestedAt, state, decided_by_name AS decidedByName,
  decided_at AS decidedAt, decision_reason AS decisionReason, seen_at AS seenAt`;

/** Clerks' requests that a reviewer override a blocking finding. Call writers inside the caller's transaction. */
export class OverrideRequestRepository {
  constructor(private readonly db: Database) {}

  insert(row: Pick<OverrideRequestRow, 'id' | 'documentId' | 'batchId' | 'code' | 'findingMessage' | 'note' | 'requestedById' | 'requestedByName' | 'requestedAt'>): void {
    this.db
      .prepare(
        `INSERT INTO override_requests (id, document_id, batch_id, code, finding_message, note, requested_by_id, requested_by_name, requested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.documentId, row.batchId, row.code, row.findingMessage, row.note, row.requestedById, row.requestedByName, row.requestedAt);
  }

  get(id: string): OverrideRequestRow | null {
    return (this.db.prepare(`SELECT ${columns} FROM override_requests WHERE id = ?`).get(id) as OverrideRequestRow | undefined) ?? null;
  }

  pendingFor(documentId: string, code: string): OverrideRequestRow | null {
    return (this.db.prepare(`SELECT ${columns} FROM override_requests WHERE document_id = ? AND code = ? AND state = 'pending'`).get(documentId, code) as OverrideRequestRow | undefined) ?? null;
  }

  /** Every request waiting for a reviewer, oldest first. */
  pending(): OverrideRequestRow[] {
    return this.db.prepare(`SELECT ${columns} FROM override_requests WHERE state = 'pending' ORDER BY requested_at, rowid`).all() as OverrideRequestRow[];
  }

  forDocument(documentId: string): OverrideRequestRow[] {
    return this.db.prepare(`SELECT ${columns} FROM override_requests WHERE document_id = ? ORDER BY requested_at DESC, rowid DESC`).all(documentId) as OverrideRequestRow[];
  }

  /** A clerk's requests: the ones still open and the most recent answers, newest first. */
  byRequester(userId: string, limit: number): OverrideRequestRow[] {
    return this.db
      .prepare(
        `SELECT ${columns} FROM override_requests WHERE requested_by_id = ?
         ORDER BY (state = 'pending' OR seen_at IS NULL) DESC, requested_at DESC, rowid DESC LIMIT ?`,
      )
      .all(userId, limit) as OverrideRequestRow[];
  }

  /** Answers the clerk has not seen yet. */
  unseenAnswers(userId: string): number {
    return (
      this.db.prepare(`SELECT COUNT(*) AS n FROM override_requests WHERE requested_by_id = ? AND state <> 'pending' AND seen_at IS NULL`).get(userId) as {
        n: number;
      }
    ).n;
  }

  /** Records the answer; false when the request was no longer pending (answered meanwhile). */
  decide(id: string, state: 'granted' | 'declined', decider: { id: string; name: string }, reason: string, at: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE override_requests SET state = ?, decided_by_id = ?, decided_by_name = ?, decision_reason = ?, decided_at = ?
           WHERE id = ? AND state = 'pending'`,
        )
        .run(state, decider.id, decider.name, reason, at, id).changes === 1
    );
  }

  markSeen(userId: string, ids: readonly string[], at: string): void {
    this.db
      .prepare(
        `UPDATE override_requests SET seen_at = ?
         WHERE requested_by_id = ? AND state <> 'pending' AND seen_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
      )
      .run(at, userId, JSON.stringify(ids));
  }
}
