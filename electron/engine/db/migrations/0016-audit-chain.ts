/**
 * The audit trail keyed and searchable (docs/audit-trail.md).
 *
 * Keying: from this step on, each entry's hash is an HMAC-SHA256 under a key derived from the
 * station key (electron/engine/audit/audit-chain.ts). SQL has no key, so the step only marks where
 * keying starts: the next entry to be written. Entries before it keep their plain SHA-256
 * hashes, and the first keyed entry's prev_hash (the last plain hash, which itself folds in every
 * entry before it) is inside its MAC: rewriting any earlier entry breaks a link nobody without
 * the key can re-make. The marker is append-only like the trail.
 *
 * Searching: which patients an entry concerns is written to audit_patient when the entry is
 * written (a trigger, so every caller of AuditLog.record is covered without knowing about it),
 * and back-filled here for the entries already there. Searching by MRN then reads an index
 * instead of every entry's details. An entry concerns a patient when its details name an MRN
 * (`mrn`, `mrns`, `before.patientMrn`, `after.patientMrn`), when its subject is the patient
 * (type 'patient', id the MRN), or when its subject is a document, a page or a batch filed
 * under that patient at the time of the entry. The table is a search aid, not evidence: the
 * entry's own details are what the chain protects.
 */

/** The sources of an entry's MRNs, as SELECT mrn, seq over the entry `e` (NEW in the trigger). */
function patientSources(e: 'NEW' | 'e'): string[] {
  const from = (tables: string) => (e === 'NEW' ? (tables ? `FROM ${tables}` : '') : `FROM audit_log AS e${tables ? `, ${tables}` : ''}`);
  // A tampered row with broken JSON must not stop the station from opening or recording.
  const details = `CASE WHEN json_valid(${e}.details) THEN ${e}.details ELSE '{}' END`;
  const named = (path: string) => `SELECT CAST(json_extract(${details}, '${path}') AS TEXT), ${e}.seq ${from('')} WHERE json_type(${details}, '${path}') IN ('text', 'integer')`;
  return [
    named('$.mrn'),
    named('$.before.patientMrn'),
    named('$.after.patientMrn'),
    `SELECT CAST(m.value AS TEXT), ${e}.seq ${from(`json_each(${details}, '$.mrns') AS m`)} WHERE m.type IN ('text', 'integer')`,
    `SELECT ${e}.subject_id, ${e}.seq ${from('')} WHERE ${e}.subject_type = 'patient' AND ${e}.subject_id IS NOT NULL`,
    `SELECT di.patient_mrn, ${e}.seq ${from('document_index AS di')}
       WHERE ${e}.subject_type = 'document' AND di.document_id = ${e}.subject_id AND di.patient_mrn IS NOT NULL`,
    `SELECT di.patient_mrn, ${e}.seq ${from('document_pages AS dp, document_index AS di')}
       WHERE ${e}.subject_type = 'page' AND dp.page_id = ${e}.subject_id AND di.document_id = dp.document_id AND di.patient_mrn IS NOT NULL`,
    `SELECT di.patient_mrn, ${e}.seq ${from('documents AS d, document_index AS di')}
       WHERE ${e}.subject_type = 'batch' AND d.batch_id = ${e}.subject_id AND di.document_id = d.id AND di.patient_mrn IS NOT NULL`,
  ];
}

const index = (select: string) => `INSERT OR IGNORE INTO audit_patient (mrn, seq) ${select};`;

export const sql = /* sql */ `
CREATE TABLE audit_chain (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  -- The first entry whose hash is a MAC; every entry from it on must carry one.
  keyed_from INTEGER NOT NULL CHECK (keyed_from >= 1),
  keyed_at   TEXT NOT NULL
) STRICT;
INSERT INTO audit_chain (id, keyed_from, keyed_at)
  SELECT 1, COALESCE(MAX(seq), 0) + 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM audit_log;

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
  SELECT RAISE(ABORT, 'the start of the keyed audit chain cannot be changed');
END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
  SELECT RAISE(ABORT, 'the start of the keyed audit chain cannot be removed');
END;

CREATE TABLE audit_patient (
  mrn TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (mrn, seq)
) STRICT, WITHOUT ROWID;
-- Exports name the patients of each entry they carry.
CREATE INDEX audit_patient_by_seq ON audit_patient (seq);

${patientSources('e').map(index).join('\n')}

CREATE TRIGGER audit_log_index_patients AFTER INSERT ON audit_log
BEGIN
${patientSources('NEW').map(index).join('\n')}
END;

-- The other filters of the Audit screen, each newest first by seq (the rowid rides along).
CREATE INDEX audit_log_user ON audit_log (user_name COLLATE NOCASE);
CREATE INDEX audit_log_subject ON audit_log (subject_id);
CREATE INDEX audit_log_action ON audit_log (action);
`;
