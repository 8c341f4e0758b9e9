import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ScannerClaim } from '../../../../shared/domain/station.js';

const SCANNER = 'drop-folder';

/** The one row of scanner_claim: who is scanning at this station now. Writers run inside the caller's transaction. */
export class ScannerClaimRepository {
  constructor(private readonly db: Database) {}

  current(): ScannerClaim | null {
    const row = this.db.prepare('SELECT user_id AS userId, username, display_name AS displayName, claimed_at AS since FROM scanner_claim WHERE scanner = ?').get(SCANNER) as ScannerClaim | undefined;
    return row ?? null;
  }

  set(claim: ScannerClaim): void {
    this.db
      .prepare(
        `INSERT INTO scanner_claim (scanner, user_id, username, display_name, claimed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(scanner) DO UPDATE SET user_id = excluded.user_id, username = excluded.username,
           display_name = excluded.display_name, claimed_at = excluded.claimed_at`,
      )
      .run(SCANNER, claim.userId, claim.username, claim.displayName, claim.since);
  }

  clear(): void {
    this.db.prepare('DELETE FROM scanner_claim WHERE scanner = ?').run(SCANNER);
  }
}
