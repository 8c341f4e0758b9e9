import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AuditAction } from './audit-actions.js';

/** prev_hash of the first entry: the chain starts from a fixed, known value. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditUser {
  id: string;
  name: string;
}

export interface AuditSubject {
  /** What kind of record: 'document', 'batch', 'patient', 'user', 'delivery', 'settings', ... */
  type: string;
  id: string;
}

export interface AuditRecord {
  /** null for the station itself, or an operator at the command line (say who in details). */
  user: AuditUser | null;
  action: AuditAction;
  subject?: AuditSubject;
  /** Structured facts, never prose: ids, codes, before/after values of index fields. JSON-serialisable. */
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: string;
  user: AuditUser | null;
  action: AuditAction;
  subject: AuditSubject | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AuditProblem = 'altered' | 'out-of-order' | 'missing' | 'broken-link';
export type AuditVerification = { ok: true; entries: number } | { ok: false; seq: number; problem: AuditProblem };

interface AuditRow {
  seq: number;
  at: string;
  user_id: string | null;
  user_name: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** JSON with object keys sorted at every level, so the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  // The round trip applies toJSON (dates) and drops undefined, as storing would.
  const plain: unknown = JSON.parse(JSON.stringify(value ?? null));
  return JSON.stringify(sort(plain));
}

/**
 * SHA-256 over every stored column but the hash itself, in a fixed order. details is hashed as
 * the stored (canonical) text: any change to it, even one JSON would call equivalent, shows.
 */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  const content = canonicalJson({
    seq: row.seq,
    at: row.at,
    user_id: row.user_id,
    user_name: row.user_name,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    details: row.details,
    prev_hash: row.prev_hash,
  });
  return createHash('sha256').update(content).digest('hex');
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Start of a local calendar day (the station's time zone), plus some days, as the UTC instant stored in `at`. */
function localDayStart(day: string, plusDays: number): string {
  const m = DAY.exec(day);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]) - 1, Number(m[3])] : [0, 0, 0];
  const date = new Date(y, mo, d);
  if (!m || date.getFullYear() !== y || date.getMonth() !== mo || date.getDate() !== d) {
    throw new RangeError(`"${day}" is not a date (YYYY-MM-DD)`);
  }
  return new Date(y, mo, d + plusDays).toISOString();
}

/**
 * The tamper-evident audit trail. Entries are only ever appended (the database refuses UPDATE
 * and DELETE); each carries the hash of the entry before it, so verify() finds an entry that
 * was altered, removed, inserted or moved even by someone who went around the triggers.
 * Not detected by the chain alone: removing the newest entries, or rewriting the chain from
 * some point on with every hash recomputed (times that go backwards still give that away).
 */
export class AuditLog {
  private readonly last;
  private readonly insert;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.last = db.prepare('SELECT seq, at, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, at, user_id, user_name, action, subject_type, subject_id, details, prev_hash, hash)
       VALUES (@seq, @at, @user_id, @user_name, @action, @subject_type, @subject_id, @details, @prev_hash, @hash)`,
    );
  }

  /**
   * Appends one entry. Call it inside the transaction that makes the change it describes, so
   * the change and its record commit together or not at all. Outside a transaction it takes a
   * write lock itself, so two processes cannot both claim the next number.
   */
  record(entry: AuditRecord): void {
    const action = AuditAction.parse(entry.action);
    const append = () => {
      const last = this.last.get() as { seq: number; at: string; hash: string } | undefined;
      let at = this.now().toISOString();
      // A clock set back (NTP step, manual change) must not make the trail look reordered.
      if (last && at < last.at) at = last.at;
      const row = {
        seq: (last?.seq ?? 0) + 1,
        at,
        user_id: entry.user?.id ?? null,
        user_name: entry.user?.name ?? null,
        action,
        subject_type: entry.subject?.type ?? null,
        subject_id: entry.subject?.id ?? null,
        details: canonicalJson(entry.details ?? {}),
        prev_hash: last?.hash ?? GENESIS_HASH,
      };
      this.insert.run({ ...row, hash: entryHash(row) });
    };
    if (this.db.inTransaction) append();
    else this.db.transaction(append).immediate();
  }

  /** Recomputes the whole chain in seq order; names the FIRST entry that does not hold. */
  verify(): AuditVerification {
    let previous: AuditRow | undefined;
    let entries = 0;
    const rows = this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
    for (const row of rows) {
      const expectedSeq = (previous?.seq ?? 0) + 1;
      const problem: AuditProblem | null =
        row.seq !== expectedSeq
          ? 'missing'
          : entryHash(row) !== row.hash
            ? 'altered'
            : row.prev_hash !== (previous?.hash ?? GENESIS_HASH)
              ? 'broken-link'
              : previous && !(Date.parse(row.at) >= Date.parse(previous.at))
                ? 'out-of-order'
                : null;
      if (problem) {
        // Ending the iteration early releases the statement.
        rows.return?.();
        return { ok: false, seq: problem === 'missing' ? expectedSeq : row.seq, problem };
      }
      previous = row;
      entries++;
    }
    return { ok: true, entries };
  }

  /** Entries dated on the local calendar days from..to (YYYY-MM-DD, both included), in order. */
  export(from: string, to: string): AuditEntry[] {
    const start = localDayStart(from, 0);
    const end = localDayStart(to, 1);
    if (start >= end) throw new RangeError(`the range ${from} to ${to} ends before it starts`);
    const rows = this.db.prepare('SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq').all(start, end) as AuditRow[];
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      user: r.user_id === null && r.user_name === null ? null : { id: r.user_id ?? '', name: r.user_name ?? '' },
      action: r.action as AuditAction,
      subject: r.subject_type === null && r.subject_id === null ? null : { type: r.subject_type ?? '', id: r.subject_id ?? '' },
      details: JSON.parse(r.details) as Record<string, unknown>,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }
}
