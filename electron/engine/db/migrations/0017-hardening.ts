/**
 * Pages that were once in a document of a sensitive type. A page moved out of such a document
 * (a split, a move, a delete, a type changed by hand, a re-split by recognition) stays shown
 * blurred, its text withheld, until a session states why it needs to see it: sensitivity
 * follows the page's history, not only where it is now. Rows are only added.
 */
export const sql = /* sql */ `
CREATE TABLE protected_pages (
  page_id       TEXT PRIMARY KEY REFERENCES pages(id),
  -- The sensitive document it was in, and its type, when it was first recorded.
  document_id   TEXT NOT NULL,
  doc_type_code TEXT NOT NULL,
  since         TEXT NOT NULL
) STRICT;
`;
