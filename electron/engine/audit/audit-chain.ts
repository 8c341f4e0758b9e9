import { createHash, createHmac } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';

/** prev_hash of the first entry: the chain starts from a fixed, known value. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit_log row as stored. */
export interface AuditRow {
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

/** Every stored column but the hash itself, in a fixed order: what a hash or a MAC covers. */
function chainedContent(row: Omit<AuditRow, 'hash'>): string {
  return canonicalJson({
    seq: row.seq,
    at: row.at,
    user_id: row.user_id,
    user_name: row.user_name,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    // Hashed as the stored (canonical) text: any change to it, even one JSON would call equivalent, shows.
    details: row.details,
    prev_hash: row.prev_hash,
  });
}

/** The plain SHA-256 of an entry: how entries written before keying started are chained. */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256').update(chainedContent(row)).digest('hex');
}

/**
 * The HMAC-SHA256 of an entry under the chain key: what every entry from keying on carries as
 * its hash. Covering prev_hash, it also covers every entry before it, keyed or not.
 */
export function entryMac(chainKey: Uint8Array, row: Omit<AuditRow, 'hash'>): string {
  return createHmac('sha256', chainKey).update(chainedContent(row)).digest('hex');
}

/**
 * A public name of the chain (16 hex digits, a MAC of a fixed text): anchors carry it so that a
 * folder shared by several stations yields this station's anchors only. It reveals nothing of
 * the key.
 */
export function chainIdOf(chainKey: Uint8Array): string {
  return createHmac('sha256', chainKey).update('chartdesk audit chain id').digest('hex').slice(0, 16);
}

export const CHAIN_KEY_BYTES = 32;

export interface ChainStart {
  /** The first entry whose hash is a MAC. */
  keyedFrom: number;
  keyedAt: string;
}

/** Where keying started (migration 0016), or null when the marker was removed. */
export function readChainStart(db: Database): ChainStart | null {
  const row = db.prepare('SELECT keyed_from, keyed_at FROM audit_chain WHERE id = 1').get() as { keyed_from: number; keyed_at: string } | undefined;
  return row ? { keyedFrom: row.keyed_from, keyedAt: row.keyed_at } : null;
}
