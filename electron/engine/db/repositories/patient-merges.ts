import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../prepared.js';

export interface PatientMergeRow {
  retiredMrn: string;
  survivingMrn: string;
  source: 'fhir' | 'csv';
  appliedAt: string;
  appliedBy: string;
}

const columns = 'retired_mrn AS retiredMrn, surviving_mrn AS survivingMrn, source, applied_at AS appliedAt, applied_by AS appliedBy';

/** Patient merges from the hospital's master index. Writers run in the caller's transaction. */
export class PatientMergeRepository {
  constructor(private readonly db: Database) {}

  get(retiredMrn: string): PatientMergeRow | null {
    return (prepared(this.db, `SELECT ${columns} FROM patient_merges WHERE retired_mrn = ?`).get(retiredMrn) as PatientMergeRow | undefined) ?? null;
  }

  /**
   * The MRN a retired one lives on as, following chains (A merged into B, later B into C gives C);
   * null when the MRN was never retired. A cycle (a bad feed) stops at the first repeat.
   */
  survivorOf(mrn: string): string | null {
    let current = mrn;
    const seen = new Set<string>([mrn]);
    for (;;) {
      const next = this.get(current)?.survivingMrn;
      if (!next || seen.has(next)) return current === mrn ? null : current;
      seen.add(next);
      current = next;
    }
  }

  /**
   * Nothing new is filed or delivered under a retired MRN: the sentence that says so, or null
   * when the MRN is not retired. One rule, used at indexing, confirmation, approval and sending.
   */
  retiredRefusal(mrn: string): string | null {
    const survivor = this.survivorOf(mrn);
    return survivor ? `MRN ${mrn} was merged into MRN ${survivor} in the hospital's patient index; file the document under ${survivor}.` : null;
  }

  /** At send time: nothing new leaves under a retired MRN (a retraction of what did leave still goes). */
  sendRefusal(item: { action: string; patientMrn: string }): string | null {
    return item.action === 'retract' ? null : this.retiredRefusal(item.patientMrn);
  }

  record(row: PatientMergeRow): void {
    this.db
      .prepare(
        `INSERT INTO patient_merges (retired_mrn, surviving_mrn, source, applied_at, applied_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(retired_mrn) DO UPDATE SET surviving_mrn = excluded.surviving_mrn, source = excluded.source,
           applied_at = excluded.applied_at, applied_by = excluded.applied_by`,
      )
      .run(row.retiredMrn, row.survivingMrn, row.source, row.appliedAt, row.appliedBy);
  }

  list(limit = 500): PatientMergeRow[] {
    return this.db.prepare(`SELECT ${columns} FROM patient_merges ORDER BY applied_at DESC LIMIT ?`).all(limit) as PatientMergeRow[];
  }

  recordMove(documentId: string, fromMrn: string, toMrn: string, at: string): void {
    this.db.prepare('INSERT INTO document_patient_moves (document_id, from_mrn, to_mrn, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(documentId, fromMrn, toMrn, at);
  }

  movesOf(documentId: string): { fromMrn: string; toMrn: string; at: string }[] {
    return prepared(this.db, 'SELECT from_mrn AS fromMrn, to_mrn AS toMrn, at FROM document_patient_moves WHERE document_id = ? ORDER BY at').all(documentId) as {
      fromMrn: string;
      toMrn: string;
      at: string;
    }[];
  }
}
