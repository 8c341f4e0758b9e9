/**
 * A quarantined file an administrator sent back to intake (after a reason that says nothing
 * about the file itself: a timeout, a memory cap, a crash of the reader or the station). The
 * entry stays, marked, and its sealed copy stays until retention: the new intake record tells
 * what became of the file the second time.
 */
export const sql = /* sql */ `
ALTER TABLE quarantine ADD COLUMN released_at TEXT;
ALTER TABLE quarantine ADD COLUMN released_by TEXT;
`;
