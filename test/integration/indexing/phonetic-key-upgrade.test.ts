import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { SettingsRepository } from '../../../electron/engine/db/repositories/settings.js';
import { PatientIndex, importPatientsCsv, searchPatients } from '../../../electron/engine/indexing/patient-index/index.js';
import { PHONETIC_SCHEME, phoneticKey } from '../../../electron/engine/indexing/patient-index/phonetic-key.js';
import { PHONETIC_SCHEME_SETTING, upgradePhoneticKeys } from '../../../electron/engine/indexing/patient-index/phonetic-key-upgrade.js';
import { memoryDatabase } from '../../support/memory-database.js';

/**
 * A station whose patient index was built by the first, hand-written Metaphone keeps its old
 * keys on disk; searches compute keys with the current scheme. Opening the index recomputes
 * the stored keys once, without a migration, and a phonetic search finds the patient again.
 */
const csv = ['mrn,family,given,birthDate,sex', "00123456,O'Bryan,Mary,1984-03-07,female", '00234567,Smith,John,1950-01-02,male'];

/** An index as the first scheme left it: its keys (OBRIEN gave OBRN, OBRYAN gave OBRYN) and no scheme recorded. */
async function indexFromTheFirstScheme() {
  const db = memoryDatabase();
  await importPatientsCsv(new PatientIndex(db), [`${csv.join('\n')}\n`]);
  const oldKeys: Record<string, string> = { OBRYAN: 'OBRYN', BRYAN: 'BRYN', SMITH: 'SM0', MARY: 'MR', JOHN: 'JN' };
  for (const [term, key] of Object.entries(oldKeys)) db.prepare('UPDATE patient_name_terms SET phonetic = ? WHERE term = ?').run(key, term);
  new SettingsRepository(db).delete(PHONETIC_SCHEME_SETTING);
  return db;
}

const storedKey = (db: BetterSqlite3.Database, term: string) => (db.prepare('SELECT phonetic FROM patient_name_terms WHERE term = ?').get(term) as { phonetic: string }).phonetic;

describe('phonetic keys stored by an earlier scheme', () => {
  it('are recomputed when the index is opened, so O’BRIEN finds Mary O’Bryan again', async () => {
    const db = await indexFromTheFirstScheme();
    expect(storedKey(db, 'OBRYAN')).toBe('OBRYN');
    const index = new PatientIndex(db);
    expect(storedKey(db, 'OBRYAN')).toBe(phoneticKey('OBRIEN'));
    expect(new SettingsRepository(db).get(PHONETIC_SCHEME_SETTING)).toBe(PHONETIC_SCHEME);
    const [found] = searchPatients(index, 'OBRIEN MARY', { limit: 5, dateOrder: 'day-first' });
    expect(found).toMatchObject({ patient: { mrn: '00123456' }, matched: expect.arrayContaining([{ field: 'family', how: 'phonetic' }]) });
  });

  it('are recomputed once: a second opening changes nothing', async () => {
    const db = await indexFromTheFirstScheme();
    const terms = (db.prepare('SELECT count(*) AS n FROM patient_name_terms').get() as { n: number }).n;
    expect(upgradePhoneticKeys(db)).toEqual({ recomputed: terms });
    expect(upgradePhoneticKeys(db)).toEqual({ recomputed: 0 });
    const before = db.prepare('SELECT term, phonetic FROM patient_name_terms ORDER BY id').all();
    new PatientIndex(db);
    expect(db.prepare('SELECT term, phonetic FROM patient_name_terms ORDER BY id').all()).toEqual(before);
  });

  it('are recorded as current on a fresh index, which has none to recompute', () => {
    const db = memoryDatabase();
    new PatientIndex(db);
    expect(new SettingsRepository(db).get(PHONETIC_SCHEME_SETTING)).toBe(PHONETIC_SCHEME);
  });
});
