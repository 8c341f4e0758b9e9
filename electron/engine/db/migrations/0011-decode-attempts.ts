/**
 * Decodes started and not yet finished, one row per attempt, tagged with the life of the station
 * process that started it. A row left by an earlier life means that life died while reading the
 * file; a file that has taken the station down three times is quarantined instead of being read
 * again (a poison file must not keep a station in a crash loop). The hash is not PHI.
 */
export const sql = /* sql */ `
CREATE TABLE decode_attempts (
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  station_life TEXT NOT NULL,
  started_at TEXT NOT NULL
) STRICT;
CREATE INDEX decode_attempts_by_file ON decode_attempts (sha256);
`;
