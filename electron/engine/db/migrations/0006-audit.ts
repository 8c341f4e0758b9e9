/**
 * The audit trail: who did what to which record, when. Append-only twice over: the triggers
 * below refuse UPDATE and DELETE, and each row carries the SHA-256 of its content and of the
 * row before it (electron/engine/audit/audit-log.ts), so someone who drops the triggers and
 * edits, removes, inserts or reorders rows is still found out by `chartdesk audit verify`.
 * The log names patients (MRNs in index changes): it is PHI and stays in the station database.
 */
export const sql = /* sql */ `
CREATE TABLE audit_log (
  -- Gapless, assigned by AuditLog.record (previous + 1): a missing number is a deleted entry.
  seq          INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  -- No foreign key to users: an entry must outlive the account it names, and keeps the name
  -- the user had at the time. NULL for the station itself or an operator at the command line.
  user_id      TEXT,
  user_name    TEXT,
  action       TEXT NOT NULL,
  subject_type TEXT,
  subject_id   TEXT,
  -- JSON object, canonical (sorted keys): ids, codes, before/after values of index fields.
  details      TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
) STRICT;
-- For exports by date range.
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted');
END;
`;
