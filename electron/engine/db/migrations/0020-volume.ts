/**
 * A year of work (issue 17: about 500,000 documents, 25,000 batches, over a million pages) must
 * not make the lists slow or the retention purge hold the write lock for seconds. Indexes for
 * the queries that scanned, and one derived table the triggers below keep. `npm run bench -- year`
 * measures what they buy (docs/benchmarks.md, "Volume").
 *
 * open_documents: the documents not confirmed yet (no index record, or one that is open), with
 * their batch. "Which batches still have work" was a scan of every document and its index
 * record; these rows are few (the last days' work). The triggers recompute membership of every
 * id a write to documents or document_index touches, so the table is the same set as the query
 * it replaces whatever the writer (a re-split replaces document rows, a reopen changes the
 * status, an index record may exist before or without its document).
 *
 * Image hashes are indexed by their first 16 hex digits (64 bits): a fraction of the size of the
 * whole hash, and the queries compare the whole hash on the rows found. Page images still kept
 * (purged_at IS NULL) are the only ones retention asks about; the purge makes that set small.
 */
const recompute = (id: string) => `
  DELETE FROM open_documents WHERE document_id = ${id};
  INSERT INTO open_documents (document_id, batch_id)
    SELECT d.id, d.batch_id FROM documents d
    WHERE d.id = ${id} AND NOT EXISTS (SELECT 1 FROM document_index i WHERE i.document_id = d.id AND i.status = 'confirmed');`;

export const sql = /* sql */ `
CREATE TABLE open_documents (
  document_id TEXT PRIMARY KEY,
  batch_id    TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX open_documents_by_batch ON open_documents (batch_id);
INSERT INTO open_documents (document_id, batch_id)
  SELECT d.id, d.batch_id FROM documents d LEFT JOIN document_index i ON i.document_id = d.id WHERE COALESCE(i.status, 'open') = 'open';

CREATE TRIGGER open_documents_document_added AFTER INSERT ON documents BEGIN ${recompute('NEW.id')} END;
CREATE TRIGGER open_documents_document_changed AFTER UPDATE OF id, batch_id ON documents BEGIN ${recompute('OLD.id')} ${recompute('NEW.id')} END;
CREATE TRIGGER open_documents_document_removed AFTER DELETE ON documents BEGIN DELETE FROM open_documents WHERE document_id = OLD.id; END;
CREATE TRIGGER open_documents_index_added AFTER INSERT ON document_index BEGIN ${recompute('NEW.document_id')} END;
CREATE TRIGGER open_documents_index_changed AFTER UPDATE OF document_id, status ON document_index BEGIN ${recompute('OLD.document_id')} ${recompute('NEW.document_id')} END;
CREATE TRIGGER open_documents_index_removed AFTER DELETE ON document_index BEGIN ${recompute('OLD.document_id')} END;

-- Reports by day, the batch list's scopes.
CREATE INDEX batches_by_time ON batches (created_at);
-- Retention finds an original by batch.
CREATE INDEX source_files_by_batch ON source_files (batch_id);

-- Document search (newest confirmation first, as the screen lists them), the reports, retention.
CREATE INDEX document_index_confirmed ON document_index (confirmed_at DESC, document_id) WHERE status = 'confirmed';
CREATE INDEX document_index_by_patient ON document_index (patient_mrn) WHERE status = 'confirmed';
CREATE INDEX document_index_by_service_date ON document_index (date_of_service) WHERE status = 'confirmed';
-- Retention's candidates, read a slice at a time by id: confirmed and not purged yet.
CREATE INDEX document_index_unpurged ON document_index (document_id) WHERE status = 'confirmed' AND purged_at IS NULL;

-- A batch's reviews (the review screen, document search by batch).
CREATE INDEX document_review_by_batch ON document_review (batch_id, confirmed_at);

-- Deliveries by when they arrived (reports): state first, so the planner prefers it to outbox_due.
CREATE INDEX outbox_delivered ON outbox (state, delivered_at);

-- Who else shows this image: duplicate pages (QC) and retention's "still needed".
CREATE INDEX pages_by_master_image ON pages (substr(master_sha256, 1, 16));
CREATE INDEX pages_by_view_image ON pages (substr(view_sha256, 1, 16)) WHERE purged_at IS NULL;
CREATE INDEX pages_by_thumb_image ON pages (substr(thumb_sha256, 1, 16)) WHERE purged_at IS NULL;
CREATE INDEX page_recognition_by_upright_image ON page_recognition (substr(upright_sha256, 1, 16)) WHERE upright_sha256 IS NOT NULL;

-- Retention marks the intake record of an original it removes.
CREATE INDEX intake_log_by_stored_path ON intake_log (stored_path) WHERE stored_path IS NOT NULL;
`;
