/**
 * The durable outbox: one row per (document, target), inserted in the same transaction that
 * confirms the document. The sender works only from these rows, so a delivery survives
 * restarts, kill -9 and hours without network.
 */
export const sql = /* sql */ `
CREATE TABLE delivery_targets (
  id         TEXT PRIMARY KEY,
  config     TEXT NOT NULL,
  enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE outbox (
  id              TEXT PRIMARY KEY,
  seq             INTEGER NOT NULL UNIQUE,
  document_id     TEXT NOT NULL,
  target_id       TEXT NOT NULL,
  -- Deliveries for one patient go out in the order they were confirmed.
  patient_mrn     TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'delivering', 'delivered', 'failed', 'held')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  receipt         TEXT,
  pdf_path        TEXT,
  pdf_sha256      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  delivered_at    TEXT,
  UNIQUE (document_id, target_id)
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_patient ON outbox (target_id, patient_mrn, seq);
`;
