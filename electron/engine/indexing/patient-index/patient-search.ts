import type { DateOrder } from '../../../../shared/domain/date-order.js';
import type { MatchKind, PatientSearchField, PatientSearchResult } from '../../../../shared/domain/patient.js';
import { singleDeletions, withinOneEdit } from './edit-distance.js';
import { fitName, nameTermsOf } from './name-match.js';
import { type PatientIndex, type StoredPatient, TYPO_MIN_LENGTH, upperBound } from './patient-index.js';
import { phoneticKey } from './phonetic-key.js';
import { type ParsedQuery, type QueryWord, parseQuery } from './search-query.js';

/**
 * "As the clerk types" search over the MPI. The most selective part of the query picks the
 * candidates in SQL (an MRN, else a birth date, else the name words, whose postings are
 * intersected), then every candidate is checked against the whole query and ranked in JS:
 * exact MRN first, then how well the name fits, then the birth date.
 *
 * Name words are looked up in widening rounds (exact; then also typed-so-far prefixes; then
 * also sound-alikes and one-letter typos) and the search stops widening once it has enough
 * results, so a common name never drags in thousands of fuzzy candidates it would rank lower.
 */

export interface SearchOptions {
  /** How many results to return (default 20). */
  limit?: number;
}

/** Candidates fetched per round; enough to rank, few enough to stay well under the 50 ms target. */
const CANDIDATES_PER_ROUND = 1000;
/** Patients sharing one birth date; far above what a real MPI has on any day. */
const BIRTH_DATE_CANDIDATES = 5000;
/** Prefix terms looked up per word; a longer list means the word is too short to narrow anything. */
const PREFIX_TERMS = 3000;
/** A word whose terms cover more patients than this is checked on the candidates, not intersected. */
const INTERSECT_MAX_POSTINGS = 150_000;
const PHONETIC_TERMS = 500;
/** Key seeks a probe check may cost at most (driver postings x terms of the probed word). */
const PROBE_BUDGET = 60_000;

const MRN_EXACT = 1000;
const MRN_PREFIX = 500;
const BIRTH_DATE_PREFERRED = 3;
const BIRTH_DATE_ALTERNATIVE = 2;

type Round = 'exact' | 'prefix' | 'fuzzy';
const ROUNDS: readonly Round[] = ['exact', 'prefix', 'fuzzy'];

interface TermHit {
  id: number;
  term: string;
  patient_count: number;
}

/** A typed query is read with the station's date order; a parsed one already was. */
export function searchPatients(index: PatientIndex, query: ParsedQuery, options?: SearchOptions): PatientSearchResult[];
export function searchPatients(index: PatientIndex, query: string, options: SearchOptions & { dateOrder: DateOrder }): PatientSearchResult[];
export function searchPatients(index: PatientIndex, query: string | ParsedQuery, options: SearchOptions & { dateOrder?: DateOrder } = {}): PatientSearchResult[] {
  const parsed = typeof query === 'string' ? parseQuery(query, options.dateOrder!) : query;
  const limit = options.limit ?? 20;
  if (parsed.mrns.length === 0 && parsed.birthDates.length === 0 && parsed.words.length === 0) return [];

  const results = new Map<number, PatientSearchResult>();
  const consider = (patients: readonly StoredPatient[]) => {
    for (const p of patients) {
      if (results.has(p.id)) continue;
      const result = rank(p, parsed);
      if (result) results.set(p.id, result);
    }
  };

  if (parsed.mrns.length > 0) {
    for (const mrn of parsed.mrns) {
      const exact = index.byMrn(mrn);
      if (exact) consider([exact]);
      consider(index.byMrnPrefix(mrn, limit + 1));
    }
  } else if (parsed.birthDates.length > 0) {
    consider(index.byBirthDates(parsed.birthDates, BIRTH_DATE_CANDIDATES));
  } else {
    const lookups = new TermLookups(index);
    // Sound-alikes and typos need words of three and five letters; shorter ones gain nothing from that round.
    const fuzzyHelps = parsed.words.some((w) => w.text.length >= 3);
    for (const round of ROUNDS) {
      if (round === 'fuzzy' && !fuzzyHelps) break;
      const ids = nameCandidates(index, lookups, parsed.words, round);
      consider(index.byIds(ids.filter((id) => !results.has(id))));
      if (results.size >= limit) break;
    }
  }
  return [...results.values()].sort(byRank).slice(0, limit);
}

const byRank = (a: PatientSearchResult, b: PatientSearchResult) =>
  b.score - a.score ||
  a.patient.family.localeCompare(b.patient.family) ||
  (a.patient.given ?? '').localeCompare(b.patient.given ?? '') ||
  (a.patient.birthDate ?? '').localeCompare(b.patient.birthDate ?? '') ||
  a.patient.mrn.localeCompare(b.patient.mrn);

/** The patient's result for this query, or null when some part of the query does not fit. */
function rank(patient: StoredPatient, query: ParsedQuery): PatientSearchResult | null {
  const matched: { field: PatientSearchField; how: MatchKind }[] = [];
  let score = 0;
  if (query.mrns.length > 0) {
    if (query.mrns.includes(patient.mrn)) {
      score += MRN_EXACT;
      matched.push({ field: 'mrn', how: 'exact' });
    } else if (query.mrns.some((m) => patient.mrn.startsWith(m))) {
      score += MRN_PREFIX;
      matched.push({ field: 'mrn', how: 'prefix' });
    } else return null;
  }
  if (query.words.length > 0) {
    const fit = fitName(query.words, nameTermsOf(patient));
    if (fit.unmatched.length > 0) return null;
    score += fit.score;
    for (const field of ['family', 'given'] as const) {
      const kinds = fit.fits.filter((f) => f.field === field).map((f) => f.how);
      const best = (['exact', 'prefix', 'phonetic', 'typo'] as const).find((k) => kinds.includes(k));
      if (best) matched.push({ field, how: best });
    }
  }
  if (query.birthDates.length > 0) {
    const at = patient.birthDate ? query.birthDates.indexOf(patient.birthDate) : -1;
    if (at < 0) return null;
    score += at < query.preferredBirthDates ? BIRTH_DATE_PREFERRED : BIRTH_DATE_ALTERNATIVE;
    matched.push({ field: 'birthDate', how: 'exact' });
  }
  const { id: _id, ...plain } = patient;
  return { patient: plain, score, matched };
}

/** Vocabulary look-ups for one search, each made at most once across the rounds. */
class TermLookups {
  private readonly cache = new Map<string, TermHit[]>();
  constructor(private readonly index: PatientIndex) {}

  private memo(key: string, load: () => TermHit[]): TermHit[] {
    let hits = this.cache.get(key);
    if (!hits) {
      hits = load();
      this.cache.set(key, hits);
    }
    return hits;
  }

  exact(word: string): TermHit[] {
    return this.memo(`=${word}`, () => this.index.statement('SELECT id, term, patient_count FROM patient_name_terms WHERE term = ?').all(word) as TermHit[]);
  }

  /** Longer terms starting with the word; null when there are too many to be worth listing. */
  prefix(word: string): TermHit[] | null {
    const hits = this.memo(
      `^${word}`,
      () => this.index.statement('SELECT id, term, patient_count FROM patient_name_terms WHERE term > ? AND term < ? LIMIT ?').all(word, upperBound(word), PREFIX_TERMS + 1) as TermHit[],
    );
    return hits.length > PREFIX_TERMS ? null : hits;
  }

  phonetic(word: string): TermHit[] {
    if (word.length < 3) return [];
    const key = phoneticKey(word);
    if (key.length < 2) return [];
    return this.memo(`~${key}`, () => this.index.statement('SELECT id, term, patient_count FROM patient_name_terms WHERE phonetic = ? LIMIT ?').all(key, PHONETIC_TERMS) as TermHit[]);
  }

  typo(word: string): TermHit[] {
    if (word.length < TYPO_MIN_LENGTH) return [];
    return this.memo(`%${word}`, () => {
      const probes = JSON.stringify([word, ...singleDeletions(word)]);
      const viaVariants = this.index
        .statement(
          `SELECT t.id, t.term, t.patient_count FROM patient_name_term_variants v JOIN patient_name_terms t ON t.id = v.term_id
           WHERE v.variant IN (SELECT value FROM json_each(?))`,
        )
        .all(probes) as TermHit[];
      const shorter = this.index.statement('SELECT id, term, patient_count FROM patient_name_terms WHERE term IN (SELECT value FROM json_each(?))').all(probes) as TermHit[];
      return [...viaVariants, ...shorter].filter((h) => withinOneEdit(word, h.term));
    });
  }
}

/** The ids of patients that have, for each chosen word, some term the round allows. */
function nameCandidates(index: PatientIndex, lookups: TermLookups, words: readonly QueryWord[], round: Round): number[] {
  const perWord: { ids: number[]; postings: number }[] = [];
  for (const word of words) {
    const hits = new Map<number, TermHit>();
    const add = (list: TermHit[]) => list.forEach((h) => hits.set(h.id, h));
    add(lookups.exact(word.text));
    let tooBroad = false;
    if (round !== 'exact') {
      const prefixed = lookups.prefix(word.text);
      if (prefixed) add(prefixed);
      else tooBroad = true;
    }
    if (round === 'fuzzy') {
      add(lookups.phonetic(word.text));
      add(lookups.typo(word.text));
    }
    if (tooBroad) {
      // A word of a letter or two: leave it to the check on each candidate.
      perWord.push({ ids: [], postings: Infinity });
      continue;
    }
    if (hits.size === 0) return [];
    let postings = 0;
    for (const h of hits.values()) postings += h.patient_count;
    perWord.push({ ids: [...hits.keys()], postings });
  }
  const usable = perWord.filter((w) => w.postings !== Infinity).sort((a, b) => a.postings - b.postings);
  if (usable.length === 0) {
    // Only words of a letter or two: start from the commonest names they begin.
    const first = words[0]!;
    const some = index.statement('SELECT id FROM patient_name_terms WHERE term >= ? AND term < ? ORDER BY patient_count DESC LIMIT 50').all(first.text, upperBound(first.text)) as { id: number }[];
    usable.push({ ids: some.map((s) => s.id), postings: 0 });
  }
  const driver = usable[0]!;
  // All of the driver's patients fit in one fetch: checking the other words in JS is cheaper than
  // reading their (often far longer) posting lists.
  const others = driver.postings > CANDIDATES_PER_ROUND ? usable.slice(1, 3).filter((w) => w.postings <= INTERSECT_MAX_POSTINGS) : [];
  // Probing (term, patient) keys for each driver posting stops at the LIMIT but costs one seek per
  // term per posting; reading both lists as sets costs their length. The cheaper one is used.
  const probes = (w: { ids: number[] }) => driver.postings * w.ids.length <= PROBE_BUDGET;
  const probed = others.filter(probes);
  const intersected = others.filter((w) => !probes(w));
  const select = (probes: number) =>
    'SELECT a.patient_id FROM patient_name_tokens a WHERE a.term_id IN (SELECT value FROM json_each(?))' +
    ' AND EXISTS (SELECT 1 FROM patient_name_tokens b WHERE b.patient_id = a.patient_id AND b.term_id IN (SELECT value FROM json_each(?)))'.repeat(probes);
  const sql = [select(probed.length), ...intersected.map(() => select(0))].join(' INTERSECT ');
  const params = [driver, ...probed, ...intersected].map((w) => JSON.stringify(w.ids));
  const distinct = intersected.length === 0 ? sql.replace('SELECT a.patient_id', 'SELECT DISTINCT a.patient_id') : sql;
  const rows = index
    .statement(`${distinct} LIMIT ?`)
    .pluck()
    .all(...params, CANDIDATES_PER_ROUND) as number[];
  return rows;
}
