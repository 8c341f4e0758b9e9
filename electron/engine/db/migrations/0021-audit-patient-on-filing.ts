/**
 * Searching the audit trail by MRN finds who opened a document before it was filed under the
 * patient. A clerk opens a document (one "opened" entry per opening) and only then chooses the
 * patient; the search aid of migration 16 looked up the patient at the time of the entry, so
 * that opening (of pages that show the patient) was found under no one. When a document is
 * filed under a patient, the entries about it, its pages and its batch written so far are
 * indexed under that patient too, and the entries already there are back-filled. audit_patient
 * stays a search aid, not evidence: nothing in audit_log changes.
 */
// NOT EXISTS rather than INSERT OR IGNORE: inside a trigger the outer statement's conflict
// handling wins, and the index's upsert (ON CONFLICT DO UPDATE) would turn an ignored duplicate
// into an abort of the clerk's change.
const notIndexed = (mrn: string) => `NOT EXISTS (SELECT 1 FROM audit_patient AS ap WHERE ap.mrn = ${mrn} AND ap.seq = a.seq)`;

const fileUnder = (row: 'NEW') => `
  INSERT INTO audit_patient (mrn, seq)
    SELECT ${row}.patient_mrn, a.seq FROM audit_log AS a
    WHERE a.subject_type = 'document' AND a.subject_id = ${row}.document_id AND ${notIndexed(`${row}.patient_mrn`)};
  INSERT INTO audit_patient (mrn, seq)
    SELECT DISTINCT ${row}.patient_mrn, a.seq FROM document_pages AS dp JOIN audit_log AS a ON a.subject_type = 'page' AND a.subject_id = dp.page_id
    WHERE dp.document_id = ${row}.document_id AND ${notIndexed(`${row}.patient_mrn`)};
  INSERT INTO audit_patient (mrn, seq)
    SELECT DISTINCT ${row}.patient_mrn, a.seq FROM documents AS d JOIN audit_log AS a ON a.subject_type = 'batch' AND a.subject_id = d.batch_id
    WHERE d.id = ${row}.document_id AND ${notIndexed(`${row}.patient_mrn`)};`;

export const sql = /* sql */ `
CREATE TRIGGER document_index_filed_audit_insert AFTER INSERT ON document_index WHEN NEW.patient_mrn IS NOT NULL
BEGIN${fileUnder('NEW')}
END;
CREATE TRIGGER document_index_filed_audit_update AFTER UPDATE OF patient_mrn ON document_index
  WHEN NEW.patient_mrn IS NOT NULL AND NEW.patient_mrn IS NOT OLD.patient_mrn
BEGIN${fileUnder('NEW')}
END;
INSERT OR IGNORE INTO audit_patient (mrn, seq)
  SELECT di.patient_mrn, a.seq FROM document_index AS di JOIN audit_log AS a ON a.subject_type = 'document' AND a.subject_id = di.document_id
  WHERE di.patient_mrn IS NOT NULL;
INSERT OR IGNORE INTO audit_patient (mrn, seq)
  SELECT di.patient_mrn, a.seq FROM document_index AS di JOIN document_pages AS dp ON dp.document_id = di.document_id
    JOIN audit_log AS a ON a.subject_type = 'page' AND a.subject_id = dp.page_id
  WHERE di.patient_mrn IS NOT NULL;
INSERT OR IGNORE INTO audit_patient (mrn, seq)
  SELECT di.patient_mrn, a.seq FROM document_index AS di JOIN documents AS d ON d.id = di.document_id
    JOIN audit_log AS a ON a.subject_type = 'batch' AND a.subject_id = d.batch_id
  WHERE di.patient_mrn IS NOT NULL;
`;
