/**
 * OCR accuracy as the character error rate: edit distance between recognised and reference
 * text over the reference length. Whitespace runs (line breaks, double spaces, indentation)
 * count as one space and the ends are trimmed, because layout whitespace is not what a reader
 * of the text cares about and engines differ there for no reason of accuracy.
 */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Levenshtein distance over Unicode code points, two rows of memory. */
export function editDistance(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  if (left.length === 0) return right.length;
  if (right.length === 0) return left.length;
  let previous = new Uint32Array(right.length + 1);
  let current = new Uint32Array(right.length + 1);
  for (let j = 0; j <= right.length; j++) previous[j] = j;
  for (let i = 1; i <= left.length; i++) {
    current[0] = i;
    const ch = left[i - 1];
    for (let j = 1; j <= right.length; j++) {
      const substitution = previous[j - 1]! + (ch === right[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[right.length]!;
}

/** 0 is perfect; can exceed 1 when the output is much longer than the reference. */
export function characterErrorRate(recognised: string, reference: string): number {
  const ref = normaliseWhitespace(reference);
  const hyp = normaliseWhitespace(recognised);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return editDistance(hyp, ref) / Array.from(ref).length;
}
