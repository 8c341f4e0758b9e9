import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type AuditRow, entryHash, entryMac } from '../../../electron/engine/audit/audit-chain.js';
import { anchorOf, compareWithAnchor } from '../../../electron/engine/audit/audit-anchor.js';
import { AuditLog } from '../../../electron/engine/audit/audit-log.js';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { migrate } from '../../../electron/engine/db/migrate.js';
import { migrations } from '../../../electron/engine/db/migrations/index.js';
import { memoryDatabase, memoryDatabaseBefore } from '../../support/memory-database.js';

const clerk = { id: 'u-clerk', name: 'Dana Reyes' };
const key = StationKey.fromBytes(Buffer.alloc(32, 3));
const chainKey = key.auditChainKey();

const rowsOf = (db: Database) => db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
const insertRow = (db: Database, r: AuditRow) =>
  db
    .prepare(
      `INSERT INTO audit_log (seq, at, user_id, user_name, action, subject_type, subject_id, details, prev_hash, hash)
       VALUES (@seq, @at, @user_id, @user_name, @action, @subject_type, @subject_id, @details, @prev_hash, @hash)`,
    )
    .run(r);
const dropTriggers = (db: Database) => db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');

/** A station with `count` entries written by today's AuditLog. */
function keyedStation(count: number) {
  const db = memoryDatabase();
  let t = Date.parse('2025-03-10T08:00:00Z');
  const audit = new AuditLog(db, chainKey, () => new Date((t += 1000)));
  for (let i = 1; i <= count; i++) {
    audit.record({ user: clerk, action: 'index-changed', subject: { type: 'document', id: `doc-${i}` }, details: { before: { patientMrn: null }, after: { patientMrn: `MRN${i}` } } });
  }
  return { db, audit };
}

/**
 * Rewrites the chain from entry `from` on as someone who can write the database but has no
 * key would: new content, and every hash recomputed with the only function they have.
 */
function rewriteTailWithoutKey(db: Database, from: number, hashOf: (row: Omit<AuditRow, 'hash'>) => string = entryHash) {
  dropTriggers(db);
  const rows = rowsOf(db);
  db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(from);
  let prev = rows[from - 2]?.hash ?? GENESIS_HASH;
  for (const row of rows.slice(from - 1)) {
    const content = { ...row, user_name: 'Someone Else', prev_hash: prev };
    const hash = hashOf(content);
    insertRow(db, { ...content, hash });
    prev = hash;
  }
}

describe('the keyed audit chain', () => {
  it('gives each new entry an HMAC under the key derived for the chain, not a plain hash', () => {
    const { db, audit } = keyedStation(3);
    for (const row of rowsOf(db)) {
      expect(row.hash).toBe(entryMac(chainKey, row));
      expect(row.hash).not.toBe(entryHash(row));
    }
    // Its own HKDF label: neither the database key nor the file key.
    expect(chainKey.equals(key.databaseKey())).toBe(false);
    expect(chainKey.equals(key.fileKey())).toBe(false);
    expect(audit.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('does not verify under another station key', () => {
    const { db } = keyedStation(3);
    expect(new AuditLog(db, StationKey.generate().auditChainKey()).verify()).toEqual({ ok: false, seq: 1, problem: 'altered' });
  });

  it('finds a tail rewritten with recomputed hashes by someone without the key', () => {
    const { db, audit } = keyedStation(20);
    rewriteTailWithoutKey(db, 15);
    expect(audit.verify()).toEqual({ ok: false, seq: 15, problem: 'not-keyed' });
  });

  it('finds a tail rewritten with MACs under a key that is not the station’s', () => {
    const { db, audit } = keyedStation(20);
    rewriteTailWithoutKey(db, 15, (row) => entryMac(Buffer.alloc(32, 9), row));
    expect(audit.verify()).toEqual({ ok: false, seq: 15, problem: 'altered' });
  });

  it('finds one altered entry', () => {
    const { db, audit } = keyedStation(20);
    dropTriggers(db);
    db.exec("UPDATE audit_log SET details = replace(details, 'MRN7', 'MRN8') WHERE seq = 7");
    expect(audit.verify()).toEqual({ ok: false, seq: 7, problem: 'altered' });
  });

  it('names a removed record of where keying starts', () => {
    const { db, audit } = keyedStation(5);
    expect(() => db.exec('DELETE FROM audit_chain')).toThrow(/cannot be removed/);
    expect(() => db.exec('UPDATE audit_chain SET keyed_from = 6')).toThrow(/cannot be changed/);
    db.exec('DROP TRIGGER audit_chain_no_delete; DELETE FROM audit_chain');
    expect(audit.verify()).toEqual({ ok: false, seq: 1, problem: 'keying-start-missing' });
  });
});

describe('an anchor of the chain head', () => {
  it('catches the newest entries deleted with the triggers dropped, which the chain alone cannot', () => {
    const { db, audit } = keyedStation(20);
    const anchor = anchorOf(audit, 'HIM-2');
    expect(anchor).toMatchObject({ format: 'chartdesk-audit-anchor/1', station: 'HIM-2', chain: audit.chainId, keyedFrom: 1, seq: 20, mac: rowsOf(db)[19]!.hash });
    dropTriggers(db);
    db.exec('DELETE FROM audit_log WHERE seq > 17');
    expect(audit.verify()).toEqual({ ok: true, entries: 17 });
    expect(compareWithAnchor(audit, anchor, 'anchor.json')).toMatchObject({ ok: false, problem: 'shorter', sentence: expect.stringContaining('entries 18 to 20 were removed') as string });
  });

  it('catches a tail rewritten even by someone holding the key', () => {
    const { db, audit } = keyedStation(20);
    const anchor = anchorOf(audit, null);
    rewriteTailWithoutKey(db, 12, (row) => entryMac(chainKey, row));
    expect(audit.verify()).toEqual({ ok: true, entries: 20 });
    expect(compareWithAnchor(audit, anchor, 'anchor.json')).toMatchObject({ ok: false, problem: 'differs' });
  });

  it('catches a trail made to look as if keying never started', () => {
    const { db, audit } = keyedStation(20);
    const anchor = anchorOf(audit, null);
    // Every hash recomputed without the key, and the keying marker moved past the end.
    rewriteTailWithoutKey(db, 1);
    db.exec('DROP TRIGGER audit_chain_no_update; UPDATE audit_chain SET keyed_from = 21');
    // The chain alone cannot tell this from a station that was upgraded a moment ago...
    expect(audit.verify()).toEqual({ ok: true, entries: 20 });
    // ...the anchor can.
    expect(compareWithAnchor(audit, anchor, 'anchor.json')).toMatchObject({ ok: false, problem: 'keying-differs' });
  });

  it('agrees with an intact trail that grew since, and refuses another station’s anchor', () => {
    const { audit } = keyedStation(5);
    const anchor = anchorOf(audit, null);
    audit.record({ user: clerk, action: 'sign-out' });
    expect(audit.verify()).toEqual({ ok: true, entries: 6 });
    expect(compareWithAnchor(audit, anchor, 'anchor.json')).toEqual({ ok: true, sentence: expect.stringContaining('matches the anchor in anchor.json (entry 5') as string });
    const other = keyedStation(5);
    const foreign = new AuditLog(other.db, StationKey.generate().auditChainKey());
    expect(compareWithAnchor(foreign, anchor, 'anchor.json')).toMatchObject({ ok: false, problem: 'other-chain' });
  });
});

describe('a station upgraded with unkeyed entries', () => {
  /** Entries written before migration 0016, exactly as the unkeyed AuditLog wrote them. */
  function upgraded(legacy: number) {
    const db = memoryDatabaseBefore(16);
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= legacy; seq++) {
      const content = {
        seq,
        at: new Date(Date.parse('2024-01-01T00:00:00Z') + seq * 1000).toISOString(),
        user_id: 'u-clerk',
        user_name: 'Dana Reyes',
        action: 'document-confirmed',
        subject_type: 'document',
        subject_id: `old-${seq}`,
        details: JSON.stringify({ mrn: `OLD${seq}` }),
        prev_hash: prev,
      };
      prev = entryHash(content);
      insertRow(db, { ...content, hash: prev });
    }
    migrate(db, migrations);
    let t = Date.parse('2025-01-01T00:00:00Z');
    const audit = new AuditLog(db, chainKey, () => new Date((t += 1000)));
    return { db, audit };
  }

  it('keys from the first entry after the upgrade, and the whole trail verifies', () => {
    const { db, audit } = upgraded(10);
    expect(audit.chainStart()?.keyedFrom).toBe(11);
    expect(audit.verify()).toEqual({ ok: true, entries: 10 });
    for (let i = 0; i < 5; i++) audit.record({ user: clerk, action: 'sign-in' });
    expect(audit.verify()).toEqual({ ok: true, entries: 15 });
    const rows = rowsOf(db);
    expect(rows[9]!.hash).toBe(entryHash(rows[9]!));
    // The first keyed entry's MAC covers the last plain hash, and through it everything before.
    expect(rows[10]!.prev_hash).toBe(rows[9]!.hash);
    expect(rows[10]!.hash).toBe(entryMac(chainKey, rows[10]!));
    // The patient index was filled for the entries already there.
    expect(db.prepare("SELECT seq FROM audit_patient WHERE mrn = 'OLD4'").all()).toEqual([{ seq: 4 }]);
  });

  it('finds an unkeyed entry rewritten with a recomputed hash at the first keyed entry', () => {
    const { db, audit } = upgraded(10);
    for (let i = 0; i < 3; i++) audit.record({ user: clerk, action: 'sign-in' });
    rewriteTailWithoutKey(db, 10);
    // Entry 10 is consistent on its own (plain hashes are allowed there); entry 11 is not.
    expect(audit.verify()).toEqual({ ok: false, seq: 11, problem: 'not-keyed' });
  });

  it('names entries removed since keying started', () => {
    const { db, audit } = upgraded(10);
    for (let i = 0; i < 3; i++) audit.record({ user: clerk, action: 'sign-in' });
    dropTriggers(db);
    db.exec('DELETE FROM audit_log WHERE seq > 8');
    expect(audit.verify()).toEqual({ ok: false, seq: 11, problem: 'keying-start-moved' });
  });
});
