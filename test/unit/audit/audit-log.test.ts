import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditAction } from '../../../electron/engine/audit/audit-actions.js';
import { type AuditRow as Row, GENESIS_HASH, entryMac } from '../../../electron/engine/audit/audit-chain.js';
import { AuditLog } from '../../../electron/engine/audit/audit-log.js';
import { memoryDatabase } from '../../support/memory-database.js';

const clerk = { id: 'u-clerk', name: 'Dana Reyes' };
const chainKey = Buffer.alloc(32, 7);

/**
 * The MAC an auditor recomputes from a stored row alone, written here apart from audit-chain.ts:
 * HMAC-SHA256 under the chain key of every column but the hash, as JSON with its keys sorted
 * (the values are plain strings, numbers and nulls; details is the stored text).
 */
function auditorMac(row: Row): string {
  const { hash: _hash, ...content } = row;
  const sorted = Object.fromEntries(Object.entries(content).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHmac('sha256', chainKey).update(JSON.stringify(sorted)).digest('hex');
}

/** A station database with `count` entries, one second apart from a fixed start. */
function setup(count: number) {
  const db = memoryDatabase();
  let t = Date.parse('2025-03-10T08:00:00Z');
  const clock = { set: (ms: number) => (t = ms) };
  const audit = new AuditLog(db, chainKey, () => new Date((t += 1000)));
  const actions = AuditAction.options;
  for (let i = 0; i < count; i++) {
    db.transaction(() =>
      audit.record({
        user: i % 10 === 0 ? null : clerk,
        action: actions[i % actions.length]!,
        subject: { type: 'document', id: `doc-${i}` },
        details: { field: 'patient_mrn', before: `${1000000 + i}`, after: `${2000000 + i}`, note: 'said "hi", then\nleft' },
      }),
    )();
  }
  const rows = () => db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[];
  const row = (seq: number) => db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Row;
  const dropTriggers = () => db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  const insert = (r: Row) =>
    db
      .prepare(
        `INSERT INTO audit_log (seq, at, user_id, user_name, action, subject_type, subject_id, details, prev_hash, hash)
         VALUES (@seq, @at, @user_id, @user_name, @action, @subject_type, @subject_id, @details, @prev_hash, @hash)`,
      )
      .run(r);
  /** Renumbers entries from `seq` on up by one, leaving `seq` free (what an inserter must do). */
  const makeRoom = (seq: number) => {
    db.prepare('UPDATE audit_log SET seq = -seq WHERE seq >= ?').run(seq);
    db.exec('UPDATE audit_log SET seq = -seq + 1 WHERE seq < 0');
  };
  return { db, audit, clock, rows, row, dropTriggers, insert, makeRoom };
}

describe('AuditLog.record', () => {
  it('links each entry to the one before, from the genesis value', () => {
    const { audit, rows } = setup(5);
    const all = rows();
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash);
    for (const r of all) expect(r.hash).toBe(entryMac(chainKey, r));
    // And by the rule an auditor follows without ChartDesk's code.
    for (const r of all) expect(r.hash).toBe(auditorMac(r));
    expect(all[0]!.user_id).toBeNull();
    expect(all[1]!).toMatchObject({ user_id: 'u-clerk', user_name: 'Dana Reyes', action: 'sign-in-failed', subject_type: 'document', subject_id: 'doc-1' });
    // Details are stored as canonical JSON: sorted keys, whatever order the caller used.
    expect(Object.keys(JSON.parse(all[0]!.details) as object)).toEqual(['after', 'before', 'field', 'note']);
    expect(audit.verify()).toEqual({ ok: true, entries: 5 });
  });

  it('verifies a few hundred entries of normal work, inside and outside transactions', () => {
    const { audit } = setup(300);
    audit.record({ user: clerk, action: 'sign-out' });
    expect(audit.verify()).toEqual({ ok: true, entries: 301 });
  });

  it('keeps times in order when the clock is set back', () => {
    const { audit, clock, rows } = setup(3);
    clock.set(Date.parse('2024-01-01T00:00:00Z'));
    audit.record({ user: clerk, action: 'settings-changed', details: { key: 'dropDir' } });
    const all = rows();
    expect(all[3]!.at).toBe(all[2]!.at);
    expect(audit.verify()).toEqual({ ok: true, entries: 4 });
  });

  it('refuses an unknown action and an empty log verifies', () => {
    const { audit } = setup(0);
    expect(audit.verify()).toEqual({ ok: true, entries: 0 });
    expect(() => audit.record({ user: clerk, action: 'made-up' as AuditAction })).toThrow();
  });

  it('exports entries by local calendar day, both ends included', () => {
    const db = memoryDatabase();
    let when = new Date(2025, 2, 9, 12);
    const audit = new AuditLog(db, chainKey, () => when);
    for (const day of [9, 10, 11, 12]) {
      when = new Date(2025, 2, day, day === 10 ? 0 : 23, day === 10 ? 0 : 59);
      audit.record({ user: clerk, action: 'document-viewed', subject: { type: 'document', id: `d${day}` } });
    }
    const got = audit.export('2025-03-10', '2025-03-11');
    expect(got.map((e) => e.subject?.id)).toEqual(['d10', 'd11']);
    expect(got[0]).toMatchObject({ seq: 2, user: clerk, action: 'document-viewed', details: {} });
    expect(() => audit.export('2025-02-30', '2025-03-01')).toThrow(RangeError);
    expect(() => audit.export('2025-03-12', '2025-03-10')).toThrow(RangeError);
  });
});

describe('AuditLog is append-only', () => {
  it('refuses UPDATE and DELETE at the database level', () => {
    const { db, audit } = setup(3);
    expect(() => db.prepare("UPDATE audit_log SET user_name = 'someone else' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(audit.verify()).toEqual({ ok: true, entries: 3 });
  });
});

describe('AuditLog.verify with the triggers dropped', () => {
  it.each([
    ['details', "UPDATE audit_log SET details = replace(details, '1000006', '1000099') WHERE seq = 7"],
    ['time', "UPDATE audit_log SET at = '2025-03-10T08:00:07.500Z' WHERE seq = 7"],
    ['user', "UPDATE audit_log SET user_name = 'Someone Else' WHERE seq = 7"],
    ['action', "UPDATE audit_log SET action = 'sign-out' WHERE seq = 7"],
    ['subject', "UPDATE audit_log SET subject_id = 'doc-x' WHERE seq = 7"],
    ['prev_hash', 'UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE seq = 5) WHERE seq = 7'],
  ])('names an entry whose %s was altered', (_field, sql) => {
    const { db, audit, dropTriggers } = setup(20);
    dropTriggers();
    db.exec(sql);
    expect(audit.verify()).toEqual({ ok: false, seq: 7, problem: 'altered' });
  });

  it('names a deleted entry as missing, first or in the middle', () => {
    const middle = setup(20);
    middle.dropTriggers();
    middle.db.exec('DELETE FROM audit_log WHERE seq IN (5, 12)');
    expect(middle.audit.verify()).toEqual({ ok: false, seq: 5, problem: 'missing' });

    const first = setup(20);
    first.dropTriggers();
    first.db.exec('DELETE FROM audit_log WHERE seq = 1');
    expect(first.audit.verify()).toEqual({ ok: false, seq: 1, problem: 'missing' });
  });

  it('finds a deleted entry whose successors were renumbered to close the gap', () => {
    const { db, audit, dropTriggers } = setup(20);
    dropTriggers();
    db.exec('DELETE FROM audit_log WHERE seq = 5; UPDATE audit_log SET seq = seq - 1 WHERE seq > 5');
    // The old entry 6, now numbered 5, no longer hashes to what it says.
    expect(audit.verify()).toEqual({ ok: false, seq: 5, problem: 'altered' });
  });

  it('names a forged entry inserted in the middle', () => {
    const { audit, row, dropTriggers, insert, makeRoom } = setup(20);
    dropTriggers();
    makeRoom(5);
    const forged = { ...row(4), seq: 5, at: '2025-03-10T08:00:04.500Z', details: '{"after":"9999999"}', user_name: 'Forger' };
    insert({ ...forged, prev_hash: row(4).hash, hash: 'f'.repeat(64) });
    expect(audit.verify()).toEqual({ ok: false, seq: 5, problem: 'altered' });
  });

  // The next three forge with the chain key itself (an insider): the links still give them away.
  it('finds a forgery whose own MAC was computed correctly at the entry after it', () => {
    const { audit, row, dropTriggers, insert, makeRoom } = setup(20);
    dropTriggers();
    makeRoom(5);
    const forged = { ...row(4), seq: 5, at: '2025-03-10T08:00:04.500Z', details: '{"after":"9999999"}', prev_hash: row(4).hash };
    insert({ ...forged, hash: entryMac(chainKey, forged) });
    // The forgery itself is consistent; the entry pushed to 6 was hashed as entry 5.
    expect(audit.verify()).toEqual({ ok: false, seq: 6, problem: 'altered' });
  });

  it('names an entry rewritten with a recomputed MAC at the link after it', () => {
    const { db, audit, row, dropTriggers } = setup(20);
    dropTriggers();
    const r = { ...row(8), details: '{"after":"0000000"}' };
    db.prepare('UPDATE audit_log SET details = ?, hash = ? WHERE seq = 8').run(r.details, entryMac(chainKey, r));
    expect(audit.verify()).toEqual({ ok: false, seq: 9, problem: 'broken-link' });
  });

  it('names a backdated entry even when the whole chain after it was rehashed', () => {
    const { db, audit, rows, dropTriggers, insert, makeRoom } = setup(20);
    dropTriggers();
    makeRoom(5);
    const before = rows();
    db.exec('DELETE FROM audit_log');
    let prev = GENESIS_HASH;
    const backdated = { ...before[3]!, seq: 5, at: '2025-03-10T07:00:00.000Z', details: '{"backdated":true}' };
    for (const content of [...before.slice(0, 4), backdated, ...before.slice(4)]) {
      const fixed = { ...content, prev_hash: prev };
      const hash = entryMac(chainKey, fixed);
      insert({ ...fixed, hash });
      prev = hash;
    }
    expect(audit.verify()).toEqual({ ok: false, seq: 5, problem: 'out-of-order' });
  });

  it('names the first of two entries whose contents were swapped', () => {
    const { db, audit, row, dropTriggers } = setup(20);
    dropTriggers();
    const [a, b] = [row(3), row(4)];
    const put = db.prepare(
      'UPDATE audit_log SET at = @at, user_id = @user_id, user_name = @user_name, action = @action, subject_type = @subject_type, subject_id = @subject_id, details = @details, prev_hash = @prev_hash, hash = @hash WHERE seq = @target',
    );
    put.run({ ...b, target: 3 });
    put.run({ ...a, target: 4 });
    expect(audit.verify()).toEqual({ ok: false, seq: 3, problem: 'altered' });
  });
});
