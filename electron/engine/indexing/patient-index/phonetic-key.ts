/**
 * Metaphone (Lawrence Philips, 1990): a key that sounds-alike English spellings share (SMITH
 * and SMYTH, MULLER and MUELLER, OBRIEN and OBRYAN). Chosen over Soundex because Soundex keeps
 * the first letter and pads to four characters, so it both misses PH/F-style pairs and lumps
 * unrelated long names together. Input is a folded word (A-Z); other letters are ignored.
 */
const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);
const FRONT_VOWELS = new Set(['E', 'I', 'Y']);

const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

export function phoneticKey(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const key = metaphone(word);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, key);
  return key;
}

function metaphone(input: string): string {
  let w = input.replace(/[^A-Z]/g, '');
  if (w.length === 0) return '';
  if (/^(AE|GN|KN|PN|WR)/.test(w)) w = w.slice(1);
  if (w.startsWith('X')) w = 'S' + w.slice(1);
  if (w.startsWith('WH')) w = 'W' + w.slice(2);

  const at = (i: number) => w[i] ?? '';
  const isVowel = (i: number) => VOWELS.has(at(i));
  let key = '';
  for (let i = 0; i < w.length; i++) {
    const c = at(i);
    // Doubled letters sound once, except CC (ACCIDENT).
    if (c === at(i - 1) && c !== 'C') continue;
    const next = at(i + 1);
    switch (c) {
      case 'A': case 'E': case 'I': case 'O': case 'U':
        if (i === 0) key += c;
        break;
      case 'B':
        if (!(i === w.length - 1 && at(i - 1) === 'M')) key += 'B';
        break;
      case 'C':
        if (next === 'I' && at(i + 2) === 'A') key += 'X';
        else if (next === 'H') {
          key += at(i - 1) === 'S' ? 'K' : 'X';
          i++;
        } else if (FRONT_VOWELS.has(next)) {
          if (at(i - 1) !== 'S') key += 'S';
        } else key += 'K';
        break;
      case 'D':
        if (next === 'G' && FRONT_VOWELS.has(at(i + 2))) {
          key += 'J';
          i += 2;
        } else key += 'T';
        break;
      case 'G':
        if (next === 'H' && !(i + 2 >= w.length || isVowel(i + 2))) break;
        if (next === 'N' && (i + 2 === w.length || (at(i + 2) === 'E' && at(i + 3) === 'D' && i + 4 === w.length))) break;
        if (FRONT_VOWELS.has(next) && at(i - 1) !== 'G') key += 'J';
        else key += 'K';
        break;
      case 'H':
        if (isVowel(i + 1) && !'CGPST'.includes(at(i - 1))) key += 'H';
        break;
      case 'K':
        if (at(i - 1) !== 'C') key += 'K';
        break;
      case 'P':
        key += next === 'H' ? 'F' : 'P';
        break;
      case 'Q':
        key += 'K';
        break;
      case 'S':
        if (next === 'H') {
          key += 'X';
          i++;
        } else if (next === 'I' && (at(i + 2) === 'O' || at(i + 2) === 'A')) key += 'X';
        else key += 'S';
        break;
      case 'T':
        if (next === 'I' && (at(i + 2) === 'O' || at(i + 2) === 'A')) key += 'X';
        else if (next === 'H') {
          key += '0';
          i++;
        } else if (!(next === 'C' && at(i + 2) === 'H')) key += 'T';
        break;
      case 'V':
        key += 'F';
        break;
      case 'W':
      case 'Y':
        if (isVowel(i + 1)) key += c;
        break;
      case 'X':
        key += 'KS';
        break;
      case 'Z':
        key += 'S';
        break;
      default:
        key += c;
    }
  }
  return key;
}
