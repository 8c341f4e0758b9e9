/**
 * The flow around a day at the station: a clerk asks a reviewer to override a blocking finding,
 * a document waits for the next scan to replace or add pages, and administrators work the
 * quarantine (mark an entry handled, delete it with a reason).
 */
export const sql = /* sql */ `
-- A clerk's request that a reviewer override a blocking QC finding, and the reviewer's answer.
-- Keyed by document id, not a foreign key (document rows are replaced when a batch is re-split).
CREATE TABLE override_requests (
  id                TEXT PRIMARY KEY,
  document_id       TEXT NOT NULL,
  batch_id          TEXT NOT NULL REFERENCES batches(id),
  code              TEXT NOT NULL,
  -- The finding as the clerk saw it when asking (it may read differently, or be gone, later).
  finding_message   TEXT NOT NULL,
  note              TEXT NOT NULL,
  requested_by_id   TEXT NOT NULL,
  requested_by_name TEXT NOT NULL,
  requested_at      TEXT NOT NULL,
  state             TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'granted', 'declined')),
  decided_by_id     TEXT,
  decided_by_name   TEXT,
  decided_at        TEXT,
  decision_reason   TEXT,
  -- When the clerk who asked saw the answer (their badge counts answers not yet seen).
  seen_at           TEXT
) STRICT;
CREATE UNIQUE INDEX override_requests_one_pending ON override_requests (document_id, code) WHERE state = 'pending';
CREATE INDEX override_requests_by_state ON override_requests (state, requested_at);
CREATE INDEX override_requests_by_requester ON override_requests (requested_by_id, state);

-- "Replace page N from the next scan" / "insert pages after page N from the next scan". At most
-- one mark is armed at a station: the next file dropped supplies the pages instead of a batch.
-- The page, not its position, is recorded: positions move when pages are moved.
CREATE TABLE rescan_marks (
  id                TEXT PRIMARY KEY,
  batch_id          TEXT NOT NULL REFERENCES batches(id),
  document_id       TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('replace', 'insert-after')),
  page_id           TEXT NOT NULL REFERENCES pages(id),
  marked_by_id      TEXT NOT NULL,
  marked_by_name    TEXT NOT NULL,
  marked_at         TEXT NOT NULL,
  state             TEXT NOT NULL DEFAULT 'armed' CHECK (state IN ('armed', 'used', 'cancelled', 'lapsed')),
  ended_at          TEXT,
  ended_by_name     TEXT,
  -- The file whose pages it took ('used'), or that became its own batch instead ('lapsed').
  source_file_id    TEXT REFERENCES source_files(id)
) STRICT;
CREATE UNIQUE INDEX rescan_marks_one_armed ON rescan_marks (state) WHERE state = 'armed';
CREATE INDEX rescan_marks_by_batch ON rescan_marks (batch_id);

-- A file taken in as the pages a rescan mark asked for (the row's batch is the marked one).
ALTER TABLE intake_log ADD COLUMN rescan_mark_id TEXT REFERENCES rescan_marks(id);

-- An administrator looked at a quarantined file and dealt with it (the note says how).
ALTER TABLE quarantine ADD COLUMN handled_at TEXT;
ALTER TABLE quarantine ADD COLUMN handled_by TEXT;
ALTER TABLE quarantine ADD COLUMN handled_note TEXT;
-- An administrator deleted the entry's sealed copy; purged_at is set with it, so the orphan
-- sweep finishes a deletion a crash interrupted. The row stays: the intake log points at it.
ALTER TABLE quarantine ADD COLUMN deleted_at TEXT;
ALTER TABLE quarantine ADD COLUMN deleted_by TEXT;
ALTER TABLE quarantine ADD COLUMN delete_reason TEXT;
`;
