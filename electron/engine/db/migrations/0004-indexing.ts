/**
 * The clerk's work: index values per document, QC overrides, page operations with undo, the
 * station's document-type catalogue and what it learns from confirmations.
 */
export const sql = /* sql */ `
-- 'clerk' once a person changed the split: recognition then stops re-splitting the batch.
ALTER TABLE batches ADD COLUMN layout_source TEXT NOT NULL DEFAULT 'auto' CHECK (layout_source IN ('auto', 'clerk'));

ALTER TABLE pages ADD COLUMN clerk_rotation INTEGER NOT NULL DEFAULT 0 CHECK (clerk_rotation IN (0, 90, 180, 270));
-- A deleted page stays (image, row, hashes) until the batch is closed: a slip of the key loses nothing.
ALTER TABLE pages ADD COLUMN deleted_at TEXT;

-- Keyed by document id, not a foreign key: re-splitting while pages are still read replaces
-- document rows, and a document whose first page stays keeps its id and so its index values.
CREATE TABLE document_index (
  document_id     TEXT PRIMARY KEY,
  patient_mrn     TEXT,
  doc_type_code   TEXT,
  date_of_service TEXT,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed')),
  confirmed_by    TEXT,
  confirmed_at    TEXT,
  updated_by      TEXT,
  updated_at      TEXT
) STRICT;

CREATE TABLE qc_overrides (
  document_id TEXT NOT NULL,
  code        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  user_name   TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (document_id, code)
) STRICT;

-- Before each page operation, the batch's layout as it was: undo restores the last snapshot.
CREATE TABLE layout_history (
  batch_id  TEXT NOT NULL REFERENCES batches(id),
  seq       INTEGER NOT NULL,
  operation TEXT NOT NULL,
  snapshot  TEXT NOT NULL,
  user_id   TEXT,
  at        TEXT NOT NULL,
  PRIMARY KEY (batch_id, seq)
) STRICT;

-- Local changes to the built-in document-type catalogue (edited names, local types, flags).
CREATE TABLE document_types (
  code       TEXT PRIMARY KEY,
  entry      TEXT NOT NULL,
  updated_by TEXT,
  updated_at TEXT NOT NULL
) STRICT;

-- Word counts per confirmed type: a multinomial naive Bayes that learns this station's documents.
CREATE TABLE doc_type_word_counts (
  code  TEXT NOT NULL,
  word  TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (code, word)
) STRICT;
CREATE TABLE doc_type_document_counts (
  code      TEXT PRIMARY KEY,
  documents INTEGER NOT NULL,
  words     INTEGER NOT NULL
) STRICT;
`;
