/**
 * Who scanned a batch is the person holding the scanner, not whoever signed in last.
 *
 * scanner_claim: at most one row, the person scanning at this station now (a claim is made and
 * released explicitly, by starting a box, by signing out, or taken over by someone else: each
 * recorded in the audit trail). No row: nobody is scanning, and files that land are unclaimed.
 *
 * batches.operator_id / operator_name: the operator as recorded when the batch was made, the
 * account id (or `cli:user@host` for a command-line run) and the display name at the time. Both
 * NULL: unclaimed, shown as such and never filled in by a guess. The old `operator` column
 * (0001, NOT NULL) is no longer read; it keeps the name, or '' for an unclaimed batch.
 * Batches from before this step keep the name they were recorded with, without an id.
 */
export const sql = /* sql */ `
CREATE TABLE scanner_claim (
  -- One drop folder, one scanner: the table holds one row at most.
  scanner      TEXT PRIMARY KEY CHECK (scanner = 'drop-folder'),
  user_id      TEXT NOT NULL,
  username     TEXT NOT NULL,
  display_name TEXT NOT NULL,
  claimed_at   TEXT NOT NULL
) STRICT;

ALTER TABLE batches ADD COLUMN operator_id TEXT;
ALTER TABLE batches ADD COLUMN operator_name TEXT;
UPDATE batches SET operator_name = NULLIF(TRIM(operator), '');

-- The last sign-in's name, which new batches used to take: never again an operator.
DELETE FROM settings WHERE key = 'station.operator';
`;
