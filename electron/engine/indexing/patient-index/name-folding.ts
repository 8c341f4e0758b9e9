/**
 * Turns names into the comparable forms the index stores and the search looks up: upper case,
 * no accents, apostrophes dropped (O'BRIEN and OBRIEN are one name to a clerk), hyphens and
 * spaces as word breaks. The index and the query must fold the same way, so both use this.
 */

// Letters that Unicode decomposition does not reduce to ASCII on its own.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'SS',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'AE',
  Ø: 'O',
  ø: 'O',
  Œ: 'OE',
  œ: 'OE',
  Ł: 'L',
  ł: 'L',
  Đ: 'D',
  đ: 'D',
  Þ: 'TH',
  þ: 'TH',
  ı: 'I',
  Ħ: 'H',
  ħ: 'H',
};
const SPECIAL_PATTERN = /[ßẞÆæØøŒœŁłĐđÞþıĦħ]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`´ʼ]/g;
// Anything that is neither a letter nor an apostrophe separates words.
const WORD_BREAKS = /[^\p{L}'’‘`´ʼ]+/u;

/** Upper case without accents; keeps every other character. */
export function foldAccents(text: string): string {
  return text
    .replace(SPECIAL_PATTERN, (c) => SPECIAL_LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toUpperCase();
}

/** The words of a name or query as typed: folded, apostrophes joined, split on anything else. */
export function nameWords(text: string): string[] {
  return foldAccents(text)
    .split(WORD_BREAKS)
    .map((w) => w.replace(APOSTROPHES, ''))
    .filter((w) => w.length > 0);
}

/**
 * Every term one name field is found by: each word (apostrophes joined), the part after an
 * apostrophe (so "O BRIEN" and "BRIEN" still find O'BRIEN), and all words run together (so
 * SMITHJONES finds SMITH-JONES and VANDERBERG finds Van der Berg).
 */
export function nameTerms(field: string | null | undefined): string[] {
  if (!field) return [];
  const terms = new Set<string>();
  const words = foldAccents(field)
    .split(WORD_BREAKS)
    .filter((w) => w.replace(APOSTROPHES, '').length > 0);
  const joinedWords: string[] = [];
  for (const word of words) {
    const joined = word.replace(APOSTROPHES, '');
    joinedWords.push(joined);
    terms.add(joined);
    const parts = word.split(APOSTROPHES);
    if (parts.length > 1) for (const part of parts) if (part.length >= 2) terms.add(part);
  }
  if (joinedWords.length > 1) terms.add(joinedWords.join(''));
  return [...terms];
}

/** The words of a field whose every one a query must cover to count as the whole name. */
export function nameSegments(field: string | null | undefined): string[] {
  return field ? nameWords(field) : [];
}
