/**
 * The master patient index (MPI) copied to the workstation, so indexing finds a patient in
 * milliseconds without the hospital network. Name search runs on a vocabulary of folded name
 * terms (a million patients share a few hundred thousand distinct names) and one posting per
 * (term, patient): prefix, phonetic and typo look-ups touch the small vocabulary first, then
 * only the postings of the terms they found.
 */
export const sql = /* sql */ `
CREATE TABLE patients (
  id         INTEGER PRIMARY KEY,
  -- The unique index also serves MRN prefix searches as a range scan.
  mrn        TEXT NOT NULL UNIQUE,
  family     TEXT NOT NULL,
  given      TEXT,
  middle     TEXT,
  -- YYYY-MM-DD, so text order is date order and equality is exact; NULL when the MPI has none.
  birth_date TEXT CHECK (birth_date IS NULL OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  sex        TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  encounter  TEXT,
  phone      TEXT,
  address    TEXT,
  source     TEXT NOT NULL CHECK (source IN ('csv', 'fhir')),
  updated_at TEXT NOT NULL
) STRICT;
-- A typed birth date narrows a million patients to a few dozen.
CREATE INDEX patients_by_birth_date ON patients (birth_date);

-- Folded name terms (upper case, no accents, apostrophes joined; hyphenated names also as their
-- parts and run together). patient_count estimates how many postings a term would pull, so the
-- search starts from its most selective word.
CREATE TABLE patient_name_terms (
  id            INTEGER PRIMARY KEY,
  term          TEXT NOT NULL UNIQUE,
  phonetic      TEXT NOT NULL,
  patient_count INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX patient_name_terms_by_phonetic ON patient_name_terms (phonetic);

-- Each term of five letters or more with one letter deleted: two words one edit apart share a
-- deletion, so a typo look-up is a handful of equality probes instead of a scan of every term.
CREATE TABLE patient_name_term_variants (
  variant TEXT NOT NULL,
  term_id INTEGER NOT NULL REFERENCES patient_name_terms(id),
  PRIMARY KEY (variant, term_id)
) STRICT, WITHOUT ROWID;

-- Which patients carry which term. Clustered by term so one term's patients are read in one
-- range. No foreign keys: they would be checked on each of the millions of rows an MPI import
-- writes, and the only writer keeps postings and patients together in one transaction.
-- There is no index by patient: an update deletes exactly the postings of the old name.
CREATE TABLE patient_name_tokens (
  term_id    INTEGER NOT NULL,
  patient_id INTEGER NOT NULL,
  PRIMARY KEY (term_id, patient_id)
) STRICT, WITHOUT ROWID;
`;
