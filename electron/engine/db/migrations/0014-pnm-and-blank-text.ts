/**
 * Issue 12. PNM files (PBM, PGM, PPM, as `scanimage` writes) are accepted at intake: the source
 * file's format may now be 'pnm'. SQLite cannot change a CHECK constraint in place, so the table
 * is rebuilt: its rows are copied aside, the table dropped and created again with the wider
 * constraint, and the rows put back. Pages, the intake log and documents refer to source files
 * by id; the foreign keys are deferred to the end of the migration's transaction, by which time
 * every id has its row again (a row lost on the way would fail the commit, not the data).
 *
 * A page judged blank from its image is still read by OCR, at low priority; text_on_blank = 1
 * records that the reading found text on it, so it went back to its document and the document
 * shows a warning.
 */
export const sql = /* sql */ `
PRAGMA defer_foreign_keys = ON;
CREATE TABLE source_files_before_pnm AS SELECT * FROM source_files;
DROP TABLE source_files;
CREATE TABLE source_files (
  id            TEXT PRIMARY KEY,
  batch_id      TEXT NOT NULL REFERENCES batches(id),
  original_name TEXT NOT NULL,
  format        TEXT NOT NULL CHECK (format IN ('tiff', 'pdf', 'jpeg', 'png', 'pnm')),
  size_bytes    INTEGER NOT NULL,
  sha256        TEXT NOT NULL UNIQUE,
  page_count    INTEGER NOT NULL,
  -- The station's own copy of the file as it arrived, named by id (never by the dropped name).
  archive_path  TEXT NOT NULL,
  received_at   TEXT NOT NULL,
  purged_at     TEXT
) STRICT;
INSERT INTO source_files (id, batch_id, original_name, format, size_bytes, sha256, page_count, archive_path, received_at, purged_at)
  SELECT id, batch_id, original_name, format, size_bytes, sha256, page_count, archive_path, received_at, purged_at FROM source_files_before_pnm;
DROP TABLE source_files_before_pnm;

ALTER TABLE page_recognition ADD COLUMN text_on_blank INTEGER NOT NULL DEFAULT 0 CHECK (text_on_blank IN (0, 1));
`;
