/**
 * Issue 17 (a year of work, the batch list under 300 ms): the list runs QC on every open document
 * of up to a hundred batches, and QC read the patient identifiers (MRNs, birth dates, names) out
 * of every page's OCR text on every refresh. They are now read once, when the text is committed,
 * and kept here (indexing/page-text-identifiers.ts), with how they were read: the reader's version,
 * the station's date order and the year. A row read any other way is not used (it is read again).
 *
 * A row belongs to the text beside it: any change of a page's text, by whatever path, deletes
 * its row in the same transaction (the trigger); the text's new reading is written after it.
 * Pages read before this migration have no row and are read (and kept) when first checked.
 */
export const sql = /* sql */ `
CREATE TABLE page_text_identifiers (
  page_id        TEXT PRIMARY KEY REFERENCES page_recognition(page_id) ON DELETE CASCADE,
  reader_version INTEGER NOT NULL,
  date_order     TEXT NOT NULL,
  read_year      INTEGER NOT NULL,
  identifiers    TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TRIGGER page_text_identifiers_text_changed AFTER UPDATE OF ocr_text ON page_recognition
  WHEN OLD.ocr_text IS NOT NEW.ocr_text
  BEGIN DELETE FROM page_text_identifiers WHERE page_id = NEW.page_id; END;
`;
