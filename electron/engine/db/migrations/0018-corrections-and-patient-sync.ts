/**
 * Correcting the record after delivery, and keeping the patient index current (issue 15).
 *
 * A correction replaces a delivered document with a new one (its own id, so the repository
 * sees a new document that names the old one) or retracts it with nothing in its place. The
 * outbox learns what each row does to the repository and which copy it replaces there, and
 * keeps the settings of the target a document actually went to: a correction must follow the
 * original even when the target was named for one run only (`chartdesk process --deliver`).
 */
export const sql = /* sql */ `
CREATE TABLE document_corrections (
  id                      TEXT PRIMARY KEY,
  kind                    TEXT NOT NULL CHECK (kind IN ('replace', 'retract')),
  original_document_id    TEXT NOT NULL,
  -- The new document (its own row in documents) for a replacement; NULL for a retraction.
  replacement_document_id TEXT UNIQUE,
  batch_id                TEXT NOT NULL,
  reason                  TEXT NOT NULL,
  -- Who asked: a person at the station, a command line run, or a patient merge.
  origin                  TEXT NOT NULL CHECK (origin IN ('station', 'cli', 'merge')),
  started_by_id           TEXT,
  started_by              TEXT NOT NULL,
  started_at              TEXT NOT NULL,
  -- The original as delivered (index values, pages, its layout row), JSON: a cancel restores it.
  before                  TEXT NOT NULL,
  -- New documents made of pages split off the replacement (filed under the wrong patient), JSON array.
  split_document_ids      TEXT NOT NULL DEFAULT '[]',
  -- What was sent in its place, JSON, from the confirmation on.
  after                   TEXT,
  confirmed_by_id         TEXT,
  confirmed_by            TEXT,
  confirmed_at            TEXT,
  cancelled_by            TEXT,
  cancelled_at            TEXT
) STRICT;
-- One live correction per document: a replaced document is corrected again through its replacement.
CREATE UNIQUE INDEX document_corrections_one_live ON document_corrections (original_document_id) WHERE cancelled_at IS NULL;

-- 'provide' a new document, 'replace' an earlier one (replaces_*), or 'retract' one.
ALTER TABLE outbox ADD COLUMN action TEXT NOT NULL DEFAULT 'provide' CHECK (action IN ('provide', 'replace', 'retract'));
ALTER TABLE outbox ADD COLUMN replaces_document_id TEXT;
-- The repository's own name for the copy replaced or retracted (e.g. DocumentReference/123).
ALTER TABLE outbox ADD COLUMN replaces_receipt TEXT;
-- The target's settings as delivered (or, for a correction, as the original was delivered).
ALTER TABLE outbox ADD COLUMN target_config TEXT;

-- A patient merge in the hospital's master index: the retired MRN lives on in the survivor.
CREATE TABLE patient_merges (
  retired_mrn   TEXT PRIMARY KEY,
  surviving_mrn TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('fhir', 'csv')),
  applied_at    TEXT NOT NULL,
  applied_by    TEXT NOT NULL
) STRICT;
CREATE INDEX patient_merges_by_survivor ON patient_merges (surviving_mrn);

-- Undelivered documents a merge moved to the surviving patient: the clerk is told why.
CREATE TABLE document_patient_moves (
  document_id TEXT NOT NULL,
  from_mrn    TEXT NOT NULL,
  to_mrn      TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (document_id, from_mrn)
) STRICT;
`;
