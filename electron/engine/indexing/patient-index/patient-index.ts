import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { Patient, PatientSource } from '../../../../shared/domain/patient.js';
import { singleDeletions } from './edit-distance.js';
import type { IncomingPatient } from './incoming-patient.js';
import { nameTerms } from './name-folding.js';
import { phoneticKey } from './phonetic-key.js';
import { upgradePhoneticKeys } from './phonetic-key-upgrade.js';

/** A patient row with the row id the name postings point at. */
export interface StoredPatient extends Patient {
  id: number;
}

interface PatientRow {
  id: number;
  mrn: string;
  family: string;
  given: string | null;
  middle: string | null;
  birth_date: string | null;
  sex: Patient['sex'];
  encounter: string | null;
  phone: string | null;
  address: string | null;
  source: PatientSource;
  updated_at: string;
}

export interface BatchOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Typo look-ups only ever start from query words this long, so shorter terms need no deletions. */
export const TYPO_MIN_LENGTH = 5;

const toPatient = (r: PatientRow): StoredPatient => ({
  id: r.id,
  mrn: r.mrn,
  family: r.family,
  given: r.given,
  middle: r.middle,
  birthDate: r.birth_date,
  sex: r.sex,
  encounter: r.encounter,
  phone: r.phone,
  address: r.address,
  source: r.source,
  updatedAt: r.updated_at,
});

const PATIENT_COLUMNS = 'id, mrn, family, given, middle, birth_date, sex, encounter, phone, address, source, updated_at';

/** The distinct name terms of a patient: what its postings must be. */
export const patientTerms = (p: { family: string; given: string | null; middle: string | null }): Set<string> => new Set([...nameTerms(p.family), ...nameTerms(p.given), ...nameTerms(p.middle)]);

/**
 * The master patient index in the station database (migration 0003): patient rows, the name
 * vocabulary with its phonetic keys and typo deletions, and one posting per (term, patient).
 * Writes keep the three consistent inside the caller's batch transaction.
 */
export class PatientIndex {
  private readonly statements = new Map<string, Statement>();
  // Terms are never deleted, so an id once seen stays right, unless its transaction rolled back
  // (the cache is then dropped).
  private readonly termIds = new Map<string, number>();

  constructor(readonly db: Database) {
    // Keys stored by an earlier phonetic scheme would never match the keys searches compute now.
    upgradePhoneticKeys(db);
  }

  /** A prepared statement, prepared once per index. */
  statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  count(): number {
    return (this.statement('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
  }

  byMrn(mrn: string): StoredPatient | null {
    const row = this.statement(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE mrn = ?`).get(mrn) as PatientRow | undefined;
    return row ? toPatient(row) : null;
  }

  /** MRNs starting with the digits typed so far, in MRN order. */
  byMrnPrefix(prefix: string, limit: number): StoredPatient[] {
    const rows = this.statement(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE mrn >= ? AND mrn < ? ORDER BY mrn LIMIT ?`).all(prefix, upperBound(prefix), limit) as PatientRow[];
    return rows.map(toPatient);
  }

  byBirthDates(dates: readonly string[], limit: number): StoredPatient[] {
    const rows = this.statement(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE birth_date IN (SELECT value FROM json_each(?)) LIMIT ?`).all(JSON.stringify(dates), limit) as PatientRow[];
    return rows.map(toPatient);
  }

  byIds(ids: readonly number[]): StoredPatient[] {
    if (ids.length === 0) return [];
    const rows = this.statement(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as PatientRow[];
    return rows.map(toPatient);
  }

  /** Inserts or updates a batch of patients by MRN in one transaction. */
  writeBatch(patients: readonly IncomingPatient[], source: PatientSource, now: string): BatchOutcome {
    const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0 };
    const countDeltas = new Map<number, number>();
    const bump = (termId: number, by: number) => countDeltas.set(termId, (countDeltas.get(termId) ?? 0) + by);
    const select = this.statement(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE mrn = ?`);
    const insert = this.statement(
      `INSERT INTO patients (mrn, family, given, middle, birth_date, sex, encounter, phone, address, source, updated_at)
       VALUES (@mrn, @family, @given, @middle, @birthDate, @sex, @encounter, @phone, @address, @source, @updatedAt) RETURNING id`,
    );
    const update = this.statement(
      `UPDATE patients SET family = @family, given = @given, middle = @middle, birth_date = @birthDate, sex = @sex,
       encounter = @encounter, phone = @phone, address = @address, source = @source, updated_at = @updatedAt WHERE id = @id`,
    );
    const addPosting = this.statement('INSERT OR IGNORE INTO patient_name_tokens (term_id, patient_id) VALUES (?, ?)');
    const removePosting = this.statement('DELETE FROM patient_name_tokens WHERE term_id = ? AND patient_id = ?');
    const applyCount = this.statement('UPDATE patient_name_terms SET patient_count = patient_count + ? WHERE id = ?');

    const run = this.db.transaction(() => {
      for (const incoming of patients) {
        const existing = select.get(incoming.mrn) as PatientRow | undefined;
        if (!existing) {
          const row = {
            ...incoming,
            middle: incoming.middle ?? null,
            encounter: incoming.encounter ?? null,
            phone: incoming.phone ?? null,
            address: incoming.address ?? null,
            source,
            updatedAt: now,
          };
          const { id } = insert.get(row) as { id: number };
          for (const term of patientTerms(row)) {
            const termId = this.termId(term);
            addPosting.run(termId, id);
            bump(termId, 1);
          }
          outcome.inserted++;
          continue;
        }
        const before = toPatient(existing);
        const after = {
          ...incoming,
          middle: incoming.middle === undefined ? before.middle : incoming.middle,
          encounter: incoming.encounter === undefined ? before.encounter : incoming.encounter,
          phone: incoming.phone === undefined ? before.phone : incoming.phone,
          address: incoming.address === undefined ? before.address : incoming.address,
        };
        if (sameFacts(before, after)) {
          outcome.unchanged++;
          continue;
        }
        update.run({ ...after, source, updatedAt: now, id: before.id });
        const oldTerms = patientTerms(before);
        const newTerms = patientTerms(after);
        for (const term of oldTerms) {
          if (newTerms.has(term)) continue;
          const termId = this.termId(term);
          removePosting.run(termId, before.id);
          bump(termId, -1);
        }
        for (const term of newTerms) {
          if (oldTerms.has(term)) continue;
          const termId = this.termId(term);
          addPosting.run(termId, before.id);
          bump(termId, 1);
        }
        outcome.updated++;
      }
      for (const [termId, by] of countDeltas) if (by !== 0) applyCount.run(by, termId);
    });
    try {
      run.immediate();
    } catch (error) {
      this.termIds.clear();
      throw error;
    }
    return outcome;
  }

  /** The vocabulary id of a term, adding it (with its phonetic key and typo deletions) if new. */
  private termId(term: string): number {
    const cached = this.termIds.get(term);
    if (cached !== undefined) return cached;
    const found = this.statement('SELECT id FROM patient_name_terms WHERE term = ?').get(term) as { id: number } | undefined;
    let id: number;
    if (found) id = found.id;
    else {
      id = (this.statement('INSERT INTO patient_name_terms (term, phonetic) VALUES (?, ?) RETURNING id').get(term, phoneticKey(term)) as { id: number }).id;
      if (term.length >= TYPO_MIN_LENGTH) {
        const addVariant = this.statement('INSERT OR IGNORE INTO patient_name_term_variants (variant, term_id) VALUES (?, ?)');
        for (const variant of singleDeletions(term)) addVariant.run(variant, id);
      }
    }
    this.termIds.set(term, id);
    return id;
  }
}

function sameFacts(a: Patient, b: Omit<Patient, 'source' | 'updatedAt'>): boolean {
  return (
    a.family === b.family &&
    a.given === b.given &&
    a.middle === b.middle &&
    a.birthDate === b.birthDate &&
    a.sex === b.sex &&
    a.encounter === b.encounter &&
    a.phone === b.phone &&
    a.address === b.address
  );
}

/** The smallest string greater than every string starting with the prefix. */
export function upperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
