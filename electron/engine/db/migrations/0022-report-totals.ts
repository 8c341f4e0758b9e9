/**
 * The supervisor's report over a year (issue 17: about 500,000 documents) read a row per batch,
 * confirmed document and delivered document and grouped them by day in JavaScript: 13 s at
 * 100,000 documents. This keeps the report's numbers as work happens, per local day.
 *
 * The writer is SQLite itself: triggers on the tables the report reads, so every transaction
 * that scans, splits, confirms, reopens or delivers updates the totals in that same transaction
 * (a rollback leaves them as they were), whatever code path or test wrote the rows.
 *
 * Ledgers, one row per thing counted, say what that thing adds to its day now:
 * - report_scanned_batches: a batch on the day it was made (all its pages and documents, as the
 *   report counts them: pages set aside included);
 * - report_indexed_documents: a confirmed document on its confirmation day, by who confirmed it,
 *   with its pages not set aside;
 * - report_delivered_documents: a document every target has, on the day the last one got it,
 *   with the time from scan to that delivery in whole milliseconds (the stored timestamps'
 *   precision, so the report's minutes are exactly what it computed from the rows before).
 * Each trigger recomputes the ledger rows its write touches: subtract what the row added, compute
 * it again, add that; a page or document added to or taken from a batch moves its batch's counts
 * by one. report_daily_work is the ledgers summed by (day, operator).
 *
 * Days are the station's local calendar days as SQLite's 'localtime' reads the process's zone
 * (the same zone the report's JavaScript uses). A row keeps the day it was given when it was last
 * written: if the station's zone changes, older totals stay on the days they fell on then.
 * An unclaimed batch counts under 'Unclaimed' (shared/domain/batch.ts UNCLAIMED, as of this
 * migration); a confirmation with no name under '' (the report shows 'Unknown').
 */
const localDay = (timestamp: string) => `date(${timestamp}, 'localtime')`;

/** Adds (sign 1) or takes away (sign -1) the ledger rows selected by `where` from the daily totals. */
const addScanned = (sign: 1 | -1, where: string) => `
  INSERT INTO report_daily_work (day, operator, scanned_batches, scanned_pages, scanned_documents)
    SELECT day, operator, ${sign} * COUNT(*), ${sign} * SUM(pages), ${sign} * SUM(documents)
    FROM report_scanned_batches WHERE ${where} GROUP BY day, operator
  ON CONFLICT (day, operator) DO UPDATE SET
    scanned_batches = scanned_batches + excluded.scanned_batches,
    scanned_pages = scanned_pages + excluded.scanned_pages,
    scanned_documents = scanned_documents + excluded.scanned_documents;`;

const addIndexed = (sign: 1 | -1, where: string) => `
  INSERT INTO report_daily_work (day, operator, indexed_documents, indexed_pages)
    SELECT day, operator, ${sign} * COUNT(*), ${sign} * SUM(pages)
    FROM report_indexed_documents WHERE ${where} GROUP BY day, operator
  ON CONFLICT (day, operator) DO UPDATE SET
    indexed_documents = indexed_documents + excluded.indexed_documents,
    indexed_pages = indexed_pages + excluded.indexed_pages;`;

/** `ids`: an SQL expression for the batch ids to recompute (a value, or a subquery). */
const recomputeBatches = (ids: string) => `
  ${addScanned(-1, `batch_id IN (${ids})`)}
  DELETE FROM report_scanned_batches WHERE batch_id IN (${ids});
  INSERT INTO report_scanned_batches (batch_id, day, operator, pages, documents)
    SELECT b.id, ${localDay('b.created_at')}, COALESCE(b.operator_name, 'Unclaimed'),
      (SELECT COUNT(*) FROM pages p WHERE p.batch_id = b.id),
      (SELECT COUNT(*) FROM documents d WHERE d.batch_id = b.id)
    FROM batches b WHERE b.id IN (${ids}) AND ${localDay('b.created_at')} IS NOT NULL;
  ${addScanned(1, `batch_id IN (${ids})`)}`;

/**
 * A page or document added to (+1) or taken from (-1) a batch: its ledger row and day move by
 * one. Counting the batch again instead would cost a count of its pages for each of the hundreds
 * of documents a re-split of a 500-page box deletes and inserts (recognition re-splits the batch
 * after every page it checks).
 */
const bumpScanned = (batchId: string, what: 'pages' | 'documents', sign: '+' | '-') => `
  UPDATE report_daily_work SET scanned_${what} = scanned_${what} ${sign} 1
    WHERE (day, operator) IN (SELECT day, operator FROM report_scanned_batches WHERE batch_id = ${batchId});
  UPDATE report_scanned_batches SET ${what} = ${what} ${sign} 1 WHERE batch_id = ${batchId};`;

const recomputeIndexed = (ids: string) => `
  ${addIndexed(-1, `document_id IN (${ids})`)}
  DELETE FROM report_indexed_documents WHERE document_id IN (${ids});
  INSERT INTO report_indexed_documents (document_id, day, operator, pages)
    SELECT i.document_id, ${localDay('i.confirmed_at')}, COALESCE(i.confirmed_by, ''),
      (SELECT COUNT(*) FROM document_pages dp JOIN pages p ON p.id = dp.page_id WHERE dp.document_id = i.document_id AND p.deleted_at IS NULL)
    FROM document_index i
    WHERE i.document_id IN (${ids}) AND i.status = 'confirmed' AND ${localDay('i.confirmed_at')} IS NOT NULL;
  ${addIndexed(1, `document_id IN (${ids})`)}`;

const confirmed = (id: string) => `EXISTS (SELECT 1 FROM report_indexed_documents WHERE document_id = ${id})`;

/** Delivered: every outbox row of the document has arrived; it arrived when the last one did. */
const recomputeDelivered = (ids: string) => `
  DELETE FROM report_delivered_documents WHERE document_id IN (${ids});
  INSERT INTO report_delivered_documents (document_id, day, elapsed_ms)
    SELECT o.document_id, ${localDay('MAX(o.delivered_at)')},
      CAST(round((julianday(MAX(o.delivered_at)) - julianday(b.created_at)) * 86400000) AS INTEGER)
    FROM outbox o JOIN documents d ON d.id = o.document_id JOIN batches b ON b.id = d.batch_id
    WHERE o.document_id IN (${ids})
    GROUP BY o.document_id
    HAVING SUM(o.state <> 'delivered') = 0 AND ${localDay('MAX(o.delivered_at)')} IS NOT NULL;`;

export const sql = /* sql */ `
CREATE TABLE report_daily_work (
  day               TEXT NOT NULL,
  operator          TEXT NOT NULL,
  scanned_batches   INTEGER NOT NULL DEFAULT 0,
  scanned_pages     INTEGER NOT NULL DEFAULT 0,
  scanned_documents INTEGER NOT NULL DEFAULT 0,
  indexed_documents INTEGER NOT NULL DEFAULT 0,
  indexed_pages     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, operator)
) STRICT, WITHOUT ROWID;

CREATE TABLE report_scanned_batches (
  batch_id  TEXT PRIMARY KEY,
  day       TEXT NOT NULL,
  operator  TEXT NOT NULL,
  pages     INTEGER NOT NULL,
  documents INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE report_indexed_documents (
  document_id TEXT PRIMARY KEY,
  day         TEXT NOT NULL,
  operator    TEXT NOT NULL,
  pages       INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE report_delivered_documents (
  document_id TEXT PRIMARY KEY,
  day         TEXT NOT NULL,
  elapsed_ms  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
-- A day's count and its k-th fastest delivery; the k-th fastest over a range of days.
CREATE INDEX report_delivered_by_day ON report_delivered_documents (day, elapsed_ms);
CREATE INDEX report_delivered_by_elapsed ON report_delivered_documents (elapsed_ms, day);

-- Backfill from the rows a station already has.
${recomputeBatches('SELECT id FROM batches')}
${recomputeIndexed(`SELECT document_id FROM document_index WHERE status = 'confirmed'`)}
${recomputeDelivered(`SELECT document_id FROM outbox WHERE state = 'delivered'`)}

CREATE TRIGGER report_batch_added AFTER INSERT ON batches BEGIN ${recomputeBatches('NEW.id')} END;
CREATE TRIGGER report_batch_changed AFTER UPDATE OF id, created_at, operator_name ON batches BEGIN
  ${recomputeBatches('OLD.id, NEW.id')}
  ${recomputeDelivered('SELECT id FROM documents WHERE batch_id IN (OLD.id, NEW.id)')}
END;
CREATE TRIGGER report_batch_removed AFTER DELETE ON batches BEGIN ${recomputeBatches('OLD.id')} END;

CREATE TRIGGER report_page_added AFTER INSERT ON pages BEGIN ${bumpScanned('NEW.batch_id', 'pages', '+')} END;
CREATE TRIGGER report_page_moved AFTER UPDATE OF batch_id ON pages WHEN OLD.batch_id IS NOT NEW.batch_id BEGIN
  ${bumpScanned('OLD.batch_id', 'pages', '-')}
  ${bumpScanned('NEW.batch_id', 'pages', '+')}
END;
CREATE TRIGGER report_page_removed AFTER DELETE ON pages BEGIN ${bumpScanned('OLD.batch_id', 'pages', '-')} END;
CREATE TRIGGER report_page_set_aside AFTER UPDATE OF deleted_at ON pages WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN
  ${recomputeIndexed('SELECT document_id FROM document_pages WHERE page_id = NEW.id')}
END;

CREATE TRIGGER report_document_added AFTER INSERT ON documents BEGIN ${bumpScanned('NEW.batch_id', 'documents', '+')} END;
-- A document's deliveries count from when it and its batch exist (a re-split inserts documents whose outbox rows stayed).
CREATE TRIGGER report_document_delivered AFTER INSERT ON documents WHEN EXISTS (SELECT 1 FROM outbox WHERE document_id = NEW.id) BEGIN
  ${recomputeDelivered('NEW.id')}
END;
CREATE TRIGGER report_document_changed AFTER UPDATE OF id, batch_id ON documents BEGIN
  ${bumpScanned('OLD.batch_id', 'documents', '-')}
  ${bumpScanned('NEW.batch_id', 'documents', '+')}
  ${recomputeDelivered('OLD.id, NEW.id')}
END;
CREATE TRIGGER report_document_removed AFTER DELETE ON documents BEGIN
  ${bumpScanned('OLD.batch_id', 'documents', '-')}
  DELETE FROM report_delivered_documents WHERE document_id = OLD.id;
END;

-- Only a confirmed document's pages count; an open one has no ledger row to change.
CREATE TRIGGER report_document_page_added AFTER INSERT ON document_pages WHEN ${confirmed('NEW.document_id')} BEGIN ${recomputeIndexed('NEW.document_id')} END;
CREATE TRIGGER report_document_page_changed AFTER UPDATE OF document_id, page_id ON document_pages WHEN ${confirmed('OLD.document_id')} OR ${confirmed('NEW.document_id')} BEGIN
  ${recomputeIndexed('OLD.document_id, NEW.document_id')}
END;
CREATE TRIGGER report_document_page_removed AFTER DELETE ON document_pages WHEN ${confirmed('OLD.document_id')} BEGIN ${recomputeIndexed('OLD.document_id')} END;

CREATE TRIGGER report_index_added AFTER INSERT ON document_index BEGIN ${recomputeIndexed('NEW.document_id')} END;
CREATE TRIGGER report_index_changed AFTER UPDATE OF document_id, status, confirmed_at, confirmed_by ON document_index BEGIN
  ${recomputeIndexed('OLD.document_id, NEW.document_id')}
END;
CREATE TRIGGER report_index_removed AFTER DELETE ON document_index BEGIN ${recomputeIndexed('OLD.document_id')} END;

CREATE TRIGGER report_delivery_added AFTER INSERT ON outbox BEGIN ${recomputeDelivered('NEW.document_id')} END;
CREATE TRIGGER report_delivery_changed AFTER UPDATE OF document_id, state, delivered_at ON outbox BEGIN
  ${recomputeDelivered('OLD.document_id, NEW.document_id')}
END;
CREATE TRIGGER report_delivery_removed AFTER DELETE ON outbox BEGIN ${recomputeDelivered('OLD.document_id')} END;
`;
