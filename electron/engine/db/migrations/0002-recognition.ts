/**
 * Recognition results per page and the documents a batch splits into. The pending rows are
 * the recognition queue: work resumes after a restart from what the database says is undone.
 */
export const sql = /* sql */ `
CREATE TABLE page_recognition (
  page_id             TEXT PRIMARY KEY REFERENCES pages(id),
  fast_status         TEXT NOT NULL DEFAULT 'pending' CHECK (fast_status IN ('pending', 'done', 'failed')),
  fast_attempts       INTEGER NOT NULL DEFAULT 0,
  ocr_status          TEXT NOT NULL DEFAULT 'pending' CHECK (ocr_status IN ('pending', 'done', 'failed')),
  ocr_attempts        INTEGER NOT NULL DEFAULT 0,
  last_error          TEXT,
  rotation            INTEGER CHECK (rotation IN (0, 90, 180, 270)),
  rotation_confidence REAL,
  skew_degrees        REAL,
  blank               INTEGER CHECK (blank IN (0, 1)),
  ink_coverage        REAL,
  contrast            REAL,
  sharpness           REAL,
  brightness          REAL,
  upright_sha256      TEXT,
  upright_width       INTEGER,
  upright_height      INTEGER,
  role                TEXT CHECK (role IN ('content', 'separator', 'cover', 'blank')),
  ocr_text            TEXT,
  ocr_confidence      REAL,
  fast_millis         INTEGER,
  ocr_millis          INTEGER,
  fast_done_at        TEXT,
  ocr_done_at         TEXT
) STRICT;
CREATE INDEX page_recognition_fast_pending ON page_recognition (page_id) WHERE fast_status = 'pending';
CREATE INDEX page_recognition_ocr_pending ON page_recognition (page_id) WHERE ocr_status = 'pending';

INSERT INTO page_recognition (page_id) SELECT id FROM pages;

CREATE TABLE page_barcodes (
  page_id TEXT NOT NULL REFERENCES pages(id),
  ordinal INTEGER NOT NULL,
  format  TEXT NOT NULL,
  text    TEXT NOT NULL,
  x       INTEGER NOT NULL,
  y       INTEGER NOT NULL,
  width   INTEGER NOT NULL,
  height  INTEGER NOT NULL,
  PRIMARY KEY (page_id, ordinal)
) STRICT;

CREATE TABLE page_words (
  page_id    TEXT NOT NULL REFERENCES pages(id),
  ordinal    INTEGER NOT NULL,
  text       TEXT NOT NULL,
  confidence REAL NOT NULL,
  line       INTEGER NOT NULL,
  x          INTEGER NOT NULL,
  y          INTEGER NOT NULL,
  width      INTEGER NOT NULL,
  height     INTEGER NOT NULL,
  PRIMARY KEY (page_id, ordinal)
) STRICT;

-- Ids are derived from the batch and the document's first page, so recomputing the split while
-- later pages are still being read keeps the ids of the documents a clerk already has open.
CREATE TABLE documents (
  id                 TEXT PRIMARY KEY,
  batch_id           TEXT NOT NULL REFERENCES batches(id),
  sequence           INTEGER NOT NULL,
  origin             TEXT NOT NULL CHECK (origin IN ('file', 'separator', 'cover')),
  patient_mrn        TEXT,
  patient_mrn_source TEXT CHECK (patient_mrn_source IN ('cover-sheet', 'patient-label')),
  doc_type_code      TEXT,
  date_of_service    TEXT,
  encounter          TEXT,
  complete           INTEGER NOT NULL CHECK (complete IN (0, 1)),
  UNIQUE (batch_id, sequence)
) STRICT;

CREATE TABLE document_pages (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page_id     TEXT NOT NULL UNIQUE REFERENCES pages(id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (document_id, position)
) STRICT;
`;
