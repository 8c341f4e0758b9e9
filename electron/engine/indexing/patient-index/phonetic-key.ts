import { doubleMetaphone } from 'double-metaphone';

/**
 * A key that sound-alike spellings of a name share: the primary code of Double Metaphone
 * (Lawrence Philips, 2000), from the maintained `double-metaphone` package. SMITH and SMYTH,
 * MULLER and MUELLER, PHILLIPS and FILIPS, STEPHENS and STEVENS, OBRIEN and OBRYAN, BRIAN and
 * BRYAN, MACDONALD and MCDONALD, CATHERINE and KATHRYN share one (each pair is checked in
 * test/unit/indexing/name-matching-parts.test.ts).
 *
 * Why this one: it replaced a hand-written Metaphone whose comment claimed OBRIEN and OBRYAN
 * shared a key when they gave OBRN and OBRYN. Double Metaphone was designed for names of many
 * origins (a hospital's patients), and a maintained, tested implementation beats more
 * hand-tuning of our own. Soundex was never an option: it keeps the first letter and pads to
 * four characters, so it misses PH/F-style pairs and lumps unrelated long names together; this
 * code is not cut to four letters either. Only the primary code is kept: the secondary one (for
 * SMITH, the Germanic XMT) would join SMITH to SCHMIDT, which clerks count as different names.
 *
 * The key is stored with each name term (patient_name_terms.phonetic). PHONETIC_SCHEME names
 * the scheme; when it changes, phonetic-key-upgrade.ts recomputes the stored keys once.
 * Input is a folded word (A-Z); other characters are ignored.
 */
export const PHONETIC_SCHEME = 'double-metaphone-primary';

const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

export function phoneticKey(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const letters = word.replace(/[^A-Z]/g, '');
  const key = letters.length === 0 ? '' : doubleMetaphone(letters)[0];
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, key);
  return key;
}
