import type { MatchKind } from '../../../../shared/domain/patient.js';
import { withinOneEdit } from './edit-distance.js';
import { nameSegments, nameTerms } from './name-folding.js';
import { TYPO_MIN_LENGTH } from './patient-index.js';
import { phoneticKey } from './phonetic-key.js';

/**
 * How well typed (or read) name words fit one patient's name. The search uses it to rank the
 * few hundred candidates the index returned; matching uses it to decide whether a label's
 * name agrees with a patient.
 */

export type NameField = 'family' | 'given';

/** A patient's name as the comparisons need it. */
export interface NameTerms {
  family: string[];
  familySegments: string[];
  familyJoined: string;
  given: string[];
  givenSegments: string[];
  middle: string[];
}

export function nameTermsOf(p: { family: string; given: string | null; middle: string | null }): NameTerms {
  const familySegments = nameSegments(p.family);
  return {
    family: nameTerms(p.family),
    familySegments,
    familyJoined: familySegments.join(''),
    given: nameTerms(p.given),
    givenSegments: nameSegments(p.given),
    middle: nameTerms(p.middle),
  };
}

const PHONETIC_MIN_LENGTH = 3;

/** How a typed word fits a name term, or null; the best kind wins. */
export function wordMatch(word: string, term: string): MatchKind | null {
  if (word === term) return 'exact';
  if (term.startsWith(word)) return 'prefix';
  if (word.length >= PHONETIC_MIN_LENGTH && term.length >= PHONETIC_MIN_LENGTH) {
    const key = phoneticKey(word);
    if (key.length >= 2 && key === phoneticKey(term)) return 'phonetic';
  }
  if (word.length >= TYPO_MIN_LENGTH && withinOneEdit(word, term)) return 'typo';
  return null;
}

/** Typed-so-far words weigh by how much of the name they cover, so OBRIE outranks O. */
function weight(how: MatchKind, word: string, term: string): number {
  switch (how) {
    case 'exact':
      return 10;
    case 'prefix':
      return 5 + 4 * (word.length / term.length);
    case 'phonetic':
      return 6;
    case 'typo':
      return 5.5;
  }
}

export interface WordFit {
  word: string;
  field: NameField;
  term: string;
  how: MatchKind;
}

export interface NameFit {
  score: number;
  fits: WordFit[];
  /** Words that fit nothing in the name. */
  unmatched: string[];
  /** Every word of the family name (or all of it run together) was matched. */
  familyCovered: boolean;
  /** A word fit the given name itself, not only the middle name (a typed initial counts). */
  givenMatched: boolean;
  givenCovered: boolean;
}

export interface FitWord {
  text: string;
  /** The writer said this word is the family name (before a comma). */
  family?: boolean;
  /** The writer said this word is a given name. */
  given?: boolean;
}

export function fitName(words: readonly FitWord[], name: NameTerms): NameFit {
  const fits: WordFit[] = [];
  const unmatched: string[] = [];
  let score = 0;
  const usedFields = new Set<NameField>();
  for (const word of words) {
    let best: (WordFit & { weight: number }) | null = null;
    const consider = (field: NameField, terms: readonly string[], bonus: number) => {
      for (const term of terms) {
        const how = wordMatch(word.text, term);
        if (!how) continue;
        // Ties go to a field no other word has taken yet, so MARY OBRIEN covers both names.
        const w = weight(how, word.text, term) + bonus + (usedFields.has(field) ? 0 : 0.01);
        if (!best || w > best.weight) best = { word: word.text, field, term, how, weight: w };
      }
    };
    consider('family', name.family, word.family ? 1 : 0);
    consider('given', name.given, word.given ? 1 : 0);
    consider('given', name.middle, word.given ? 0.5 : -0.5);
    const found = best as (WordFit & { weight: number }) | null;
    if (!found) {
      unmatched.push(word.text);
      continue;
    }
    usedFields.add(found.field);
    score += found.weight;
    fits.push({ word: found.word, field: found.field, term: found.term, how: found.how });
  }
  const covered = new Set(fits.map((f) => f.term));
  const familyCovered = covered.has(name.familyJoined) || (name.familySegments.length > 0 && name.familySegments.every((s) => covered.has(s)));
  const givenMatched = fits.some((f) => f.field === 'given' && name.given.includes(f.term));
  const givenCovered = name.givenSegments.length > 0 && name.givenSegments.every((s) => covered.has(s));
  if (usedFields.has('family')) score += 2;
  if (usedFields.has('given')) score += 1;
  if (familyCovered) score += 1.5;
  if (givenCovered) score += 0.5;
  return { score, fits, unmatched, familyCovered, givenMatched, givenCovered };
}
