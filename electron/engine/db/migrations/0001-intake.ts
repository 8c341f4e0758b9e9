/**
 * The station's first schema: who works here, what arrived, what became of it.
 * Shipped migrations are never edited; add a new numbered file instead.
 */
export const sql = /* sql */ `
CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name    TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'reviewer')),
  password_hash   TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  created_at      TEXT NOT NULL
) STRICT;

-- Only a hash of the session token is kept, so a copy of the database signs nobody in.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE batches (
  id         TEXT PRIMARY KEY,
  seq        INTEGER NOT NULL UNIQUE,
  status     TEXT NOT NULL CHECK (status IN ('ready')),
  station    TEXT NOT NULL,
  operator   TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE source_files (
  id            TEXT PRIMARY KEY,
  batch_id      TEXT NOT NULL REFERENCES batches(id),
  original_name TEXT NOT NULL,
  format        TEXT NOT NULL CHECK (format IN ('tiff', 'pdf', 'jpeg', 'png')),
  size_bytes    INTEGER NOT NULL,
  sha256        TEXT NOT NULL UNIQUE,
  page_count    INTEGER NOT NULL,
  -- The station's own copy of the file as it arrived, named by id (never by the dropped name).
  archive_path  TEXT NOT NULL,
  received_at   TEXT NOT NULL
) STRICT;

CREATE TABLE pages (
  id                 TEXT PRIMARY KEY,
  batch_id           TEXT NOT NULL REFERENCES batches(id),
  source_file_id     TEXT NOT NULL REFERENCES source_files(id),
  source_page_number INTEGER NOT NULL CHECK (source_page_number >= 1),
  sequence           INTEGER NOT NULL CHECK (sequence >= 1),
  width              INTEGER NOT NULL,
  height             INTEGER NOT NULL,
  dpi                REAL NOT NULL,
  dpi_assumed        INTEGER NOT NULL CHECK (dpi_assumed IN (0, 1)),
  color_mode         TEXT NOT NULL CHECK (color_mode IN ('bilevel', 'gray', 'color')),
  master_sha256      TEXT NOT NULL,
  master_type        TEXT NOT NULL,
  view_sha256        TEXT NOT NULL,
  thumb_sha256       TEXT NOT NULL,
  UNIQUE (batch_id, sequence),
  UNIQUE (source_file_id, source_page_number)
) STRICT;
CREATE INDEX pages_by_batch ON pages (batch_id, sequence);

CREATE TABLE quarantine (
  id             TEXT PRIMARY KEY,
  original_name  TEXT NOT NULL,
  size_bytes     INTEGER NOT NULL,
  sha256         TEXT NOT NULL,
  reason         TEXT NOT NULL,
  detail         TEXT,
  stored_path    TEXT NOT NULL,
  station        TEXT NOT NULL,
  quarantined_at TEXT NOT NULL
) STRICT;

-- Every file the station received and what became of it. The drop-folder copy is removed
-- only after this row commits; 'pending-removal' rows are finished after a crash.
CREATE TABLE intake_log (
  id                          TEXT PRIMARY KEY,
  original_name               TEXT NOT NULL,
  drop_path                   TEXT,
  sha256                      TEXT NOT NULL,
  size_bytes                  INTEGER NOT NULL,
  format                      TEXT,
  outcome                     TEXT NOT NULL CHECK (outcome IN ('ingested', 'duplicate', 'quarantined')),
  received_at                 TEXT NOT NULL,
  batch_id                    TEXT REFERENCES batches(id),
  quarantine_id               TEXT REFERENCES quarantine(id),
  duplicate_of_source_file_id TEXT REFERENCES source_files(id),
  stored_path                 TEXT,
  source_disposition          TEXT NOT NULL CHECK (source_disposition IN ('pending-removal', 'removed', 'kept'))
) STRICT;
CREATE INDEX intake_log_by_time ON intake_log (received_at DESC);
CREATE INDEX intake_log_pending ON intake_log (sha256) WHERE source_disposition = 'pending-removal';
`;
