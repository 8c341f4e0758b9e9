/**
 * Retention: after delivery and review, the station's copies of page images, PDFs and original
 * files are removed, and quarantined files after their own time. The rows and every hash stay;
 * purged_at says the file is gone on purpose (the orphan sweep treats such rows as pointing at
 * nothing, so a purge cut short by a crash is finished by the next start).
 */
export const sql = /* sql */ `
ALTER TABLE pages ADD COLUMN purged_at TEXT;
ALTER TABLE source_files ADD COLUMN purged_at TEXT;
-- The document's index record stays; its PDF and page images are gone.
ALTER TABLE document_index ADD COLUMN purged_at TEXT;
ALTER TABLE quarantine ADD COLUMN purged_at TEXT;
-- The file stored_path names (original, duplicate copy or quarantined file) was removed by retention.
ALTER TABLE intake_log ADD COLUMN stored_purged_at TEXT;
CREATE INDEX outbox_by_document ON outbox (document_id, state);
`;
