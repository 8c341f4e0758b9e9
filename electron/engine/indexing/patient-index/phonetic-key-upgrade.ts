import type { Database } from 'better-sqlite3-multiple-ciphers';
import { SettingsRepository } from '../../db/repositories/settings.js';
import { PHONETIC_SCHEME, phoneticKey } from './phonetic-key.js';

/** Which scheme computed the keys stored in patient_name_terms.phonetic (absent: the first, hand-written Metaphone). */
export const PHONETIC_SCHEME_SETTING = 'patientIndex.phoneticScheme';

const PAGE = 5_000;

/**
 * Brings the stored phonetic keys to the current scheme: a no-op (one settings read) when they
 * are already on it, else every term's key recomputed and the scheme recorded in one
 * transaction, so a crash leaves the old keys and the next start does it again. No migration:
 * the table does not change, only the values in it. It runs once per station, at its first
 * start on the new scheme: measured on the shared 2-core machine under heavy load (load average
 * 27), 21 s for 300,000 terms, 4.5 s of it computing the keys; a 200,000-patient index has
 * 46,000 distinct terms.
 */
export function upgradePhoneticKeys(db: Database): { recomputed: number } {
  const settings = new SettingsRepository(db);
  if (settings.get<string>(PHONETIC_SCHEME_SETTING) === PHONETIC_SCHEME) return { recomputed: 0 };
  return db
    .transaction(() => {
      const page = db.prepare('SELECT id, term FROM patient_name_terms WHERE id > ? ORDER BY id LIMIT ?');
      const update = db.prepare('UPDATE patient_name_terms SET phonetic = ? WHERE id = ?');
      let recomputed = 0;
      for (let after = 0; ;) {
        const rows = page.all(after, PAGE) as { id: number; term: string }[];
        if (rows.length === 0) break;
        for (const { id, term } of rows) update.run(phoneticKey(term), id);
        recomputed += rows.length;
        after = rows.at(-1)!.id;
      }
      settings.set(PHONETIC_SCHEME_SETTING, PHONETIC_SCHEME);
      return { recomputed };
    })
    .immediate();
}
