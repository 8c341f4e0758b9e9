import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { RescanKind, RescanMarkState } from '../../../../shared/domain/rescan.js';

export interface RescanMarkRow {
  id: string;
  batchId: string;
  documentId: string;
  kind: RescanKind;
  pageId: string;
  markedById: string;
  markedByName: string;
  markedAt: string;
  state: RescanMarkState;
  endedAt: string | null;
  endedByName: string | null;
  sourceFileId: string | null;
}

const columns = `id, batch_id AS batchId, document_id AS documentId, kind, page_id AS pageId, marked_by_id AS markedById,
  marked_by_name AS markedByName, marked_at AS markedAt, state, ended_at AS endedAt, ended_by_name AS endedByName,
  source_file_id AS sourceFileId`;

/** Documents waiting for the next scan to replace or add pages. Call writers inside the caller's transaction. */
export class RescanMarkRepository {
  constructor(private readonly db: Database) {}

  /** The one mark the next dropped file answers, if any. */
  armed(): RescanMarkRow | null {
    return (this.db.prepare(`SELECT ${columns} FROM rescan_marks WHERE state = 'armed'`).get() as RescanMarkRow | undefined) ?? null;
  }

  /** The mark that ended last (used, cancelled or lapsed), so a screen can say what became of it. */
  lastEnded(): RescanMarkRow | null {
    return (this.db.prepare(`SELECT ${columns} FROM rescan_marks WHERE state <> 'armed' ORDER BY ended_at DESC, rowid DESC LIMIT 1`).get() as RescanMarkRow | undefined) ?? null;
  }

  get(id: string): RescanMarkRow | null {
    return (this.db.prepare(`SELECT ${columns} FROM rescan_marks WHERE id = ?`).get(id) as RescanMarkRow | undefined) ?? null;
  }

  insert(row: Pick<RescanMarkRow, 'id' | 'batchId' | 'documentId' | 'kind' | 'pageId' | 'markedById' | 'markedByName' | 'markedAt'>): void {
    this.db
      .prepare(
        `INSERT INTO rescan_marks (id, batch_id, document_id, kind, page_id, marked_by_id, marked_by_name, marked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.batchId, row.documentId, row.kind, row.pageId, row.markedById, row.markedByName, row.markedAt);
  }

  /** Ends an armed mark; false when it was not armed any more (used or cancelled meanwhile). */
  end(id: string, state: Exclude<RescanMarkState, 'armed'>, at: string, byName: string | null, sourceFileId: string | null = null): boolean {
    return (
      this.db.prepare(`UPDATE rescan_marks SET state = ?, ended_at = ?, ended_by_name = ?, source_file_id = ? WHERE id = ? AND state = 'armed'`).run(state, at, byName, sourceFileId, id).changes === 1
    );
  }
}
