/**
 * QC review: which confirmed documents a reviewer must see, what they decided, and the
 * back-scanning projects and boxes whose paper may be destroyed once verified.
 */
export const sql = /* sql */ `
-- Back-scanning: the project and box a batch's paper came from (null for day-to-day scanning).
ALTER TABLE batches ADD COLUMN project TEXT;
ALTER TABLE batches ADD COLUMN box TEXT;
CREATE INDEX batches_by_box ON batches (project, box);

-- One row per confirmed document: whether a reviewer must see it, and where that stands.
-- 'not-sampled' and 'not-required' documents go straight to the outbox; 'awaiting' ones wait.
CREATE TABLE document_review (
  document_id     TEXT PRIMARY KEY,
  batch_id        TEXT NOT NULL REFERENCES batches(id),
  state           TEXT NOT NULL CHECK (state IN ('awaiting', 'approved', 'rejected', 'not-sampled', 'not-required')),
  -- The clerk who confirmed it: sampling and rejection rates are per operator.
  operator_id     TEXT,
  operator_name   TEXT NOT NULL,
  confirmed_at    TEXT NOT NULL,
  -- Delivered by 'chartdesk process --deliver' before any review (sampled afterwards).
  delivered_first INTEGER NOT NULL DEFAULT 0 CHECK (delivered_first IN (0, 1)),
  reason_code     TEXT,
  reason_text     TEXT,
  decided_by      TEXT,
  decided_at      TEXT,
  -- 2 and more: it came back after a rejection.
  round           INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX document_review_by_state ON document_review (state, batch_id);

-- Every decision, kept for the statistics (rejection rate by reason and operator).
CREATE TABLE review_decisions (
  id            INTEGER PRIMARY KEY,
  document_id   TEXT NOT NULL,
  batch_id      TEXT NOT NULL,
  decision      TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
  reason_code   TEXT,
  reason_text   TEXT,
  operator_id   TEXT,
  operator_name TEXT NOT NULL,
  reviewer_id   TEXT NOT NULL,
  reviewer_name TEXT NOT NULL,
  at            TEXT NOT NULL
) STRICT;
CREATE INDEX review_decisions_by_time ON review_decisions (at);

-- After a rejection an operator's next confirmations are all reviewed, however low the sample rate.
CREATE TABLE review_watch (
  operator_key TEXT PRIMARY KEY,
  remaining    INTEGER NOT NULL CHECK (remaining >= 0)
) STRICT;

CREATE TABLE boxes (
  project     TEXT NOT NULL,
  box         TEXT NOT NULL,
  verified_by TEXT,
  verified_at TEXT,
  PRIMARY KEY (project, box)
) STRICT;
`;
