import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AuditAction } from './audit-actions.js';
import { type AuditRow, CHAIN_KEY_BYTES, type ChainStart, GENESIS_HASH, canonicalJson, chainIdOf, entryHash, entryMac, readChainStart } from './audit-chain.js';

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
  /** A MAC under the chain key from keying on (see audit-chain.ts), a plain SHA-256 before. */
  hash: string;
}

/**
 * altered: the entry's content does not give its hash (or MAC).
 * not-keyed: the hash is a plain SHA-256 where the station's MAC is due (recomputed without the key).
 * keying-start-missing / keying-start-moved: the marker of where keying starts was removed, or
 * points past the end of the trail (entries since keying were removed, or the marker was moved).
 */
export type AuditProblem = 'altered' | 'out-of-order' | 'missing' | 'broken-link' | 'not-keyed' | 'keying-start-missing' | 'keying-start-moved';
export type AuditVerification = { ok: true; entries: number } | { ok: false; seq: number; problem: AuditProblem };

/** The newest entry: what an anchor records. seq 0 and the genesis value for an empty trail. */
export interface AuditHead {
  seq: number;
  hash: string;
  at: string | null;
}

/** A stored row as the rest of the engine sees it. */
export function entryOf(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    user: r.user_id === null && r.user_name === null ? null : { id: r.user_id ?? '', name: r.user_name ?? '' },
    action: r.action as AuditAction,
    subject: r.subject_type === null && r.subject_id === null ? null : { type: r.subject_type ?? '', id: r.subject_id ?? '' },
    details: JSON.parse(r.details) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Start of a local calendar day (the station's time zone), plus some days, as the UTC instant stored in `at`. */
export function localDayStart(day: string, plusDays: number): string {
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
 * was altered, removed, inserted or moved even by someone who went around the triggers. From
 * keying on (migration 0016) that hash is an HMAC under a key derived from the station key, so
 * rewriting the tail with recomputed hashes needs the key too.
 * Not detected by the chain alone: removing the newest entries. An anchor of the head kept
 * outside the station (audit-anchor.ts) finds that.
 */
export class AuditLog {
  private readonly last;
  private readonly insert;
  private readonly chainKey: Buffer;
  /** The chain's public name, carried by its anchors. */
  readonly chainId: string;

  constructor(
    private readonly db: Database,
    /** StationKey.auditChainKey(): 32 bytes. */
    chainKey: Uint8Array,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (chainKey.length !== CHAIN_KEY_BYTES) throw new Error(`the audit chain key is ${CHAIN_KEY_BYTES} bytes`);
    this.chainKey = Buffer.from(chainKey);
    this.chainId = chainIdOf(this.chainKey);
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
      // Always a MAC, even below a keying marker someone moved forward: verify() then names it.
      this.insert.run({ ...row, hash: entryMac(this.chainKey, row) });
    };
    if (this.db.inTransaction) append();
    else this.db.transaction(append).immediate();
  }

  /**
   * Recomputes the whole chain in seq order, the MAC from where keying started; names the FIRST
   * entry that does not hold.
   */
  verify(): AuditVerification {
    const start = this.chainStart();
    if (!start) return { ok: false, seq: 1, problem: 'keying-start-missing' };
    let previous: AuditRow | undefined;
    let entries = 0;
    const rows = this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
    for (const row of rows) {
      const expectedSeq = (previous?.seq ?? 0) + 1;
      const keyed = row.seq >= start.keyedFrom;
      const problem: AuditProblem | null =
        row.seq !== expectedSeq
          ? 'missing'
          : (keyed ? entryMac(this.chainKey, row) : entryHash(row)) !== row.hash
            ? keyed && entryHash(row) === row.hash
              ? 'not-keyed'
              : 'altered'
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
    // Keying starts at the entry after the last one when the marker is written, and entries only
    // ever follow: a start beyond the end means entries since then are gone, or it was moved.
    if (start.keyedFrom > entries + 1) return { ok: false, seq: start.keyedFrom, problem: 'keying-start-moved' };
    return { ok: true, entries };
  }

  /** Where keying started, or null if the marker was removed. */
  chainStart(): ChainStart | null {
    return readChainStart(this.db);
  }

  /** The newest entry (seq 0 and the genesis value for an empty trail). */
  head(): AuditHead {
    const last = this.last.get() as { seq: number; at: string; hash: string } | undefined;
    return last ? { seq: last.seq, hash: last.hash, at: last.at } : { seq: 0, hash: GENESIS_HASH, at: null };
  }

  /** The stored hash of one entry, or null if there is no such entry. */
  hashAt(seq: number): string | null {
    if (seq === 0) return GENESIS_HASH;
    const row = this.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq) as { hash: string } | undefined;
    return row?.hash ?? null;
  }

  /** Entries dated on the local calendar days from..to (YYYY-MM-DD, both included), in order. */
  export(from: string, to: string): AuditEntry[] {
    const start = localDayStart(from, 0);
    const end = localDayStart(to, 1);
    if (start >= end) throw new RangeError(`the range ${from} to ${to} ends before it starts`);
    const rows = this.db.prepare('SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq').all(start, end) as AuditRow[];
    return rows.map(entryOf);
  }
}
