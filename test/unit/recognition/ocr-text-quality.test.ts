import { describe, expect, it } from 'vitest';
import { characterErrorRate, editDistance, normaliseWhitespace } from '../../../electron/engine/recognition/ocr-text-quality.js';

describe('character error rate', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('works on code points, not UTF-16 units', () => {
    expect(editDistance('a😀b', 'a😃b')).toBe(1);
    expect(characterErrorRate('Müller', 'Muller')).toBeCloseTo(1 / 6);
  });

  it('ignores layout whitespace but not missing spaces between words', () => {
    expect(normaliseWhitespace('  one\n\ntwo\t three \n')).toBe('one two three');
    expect(characterErrorRate('one\ntwo  three\n', 'one two three')).toBe(0);
    expect(characterErrorRate('onetwo three', 'one two three')).toBeCloseTo(1 / 13);
  });

  it('is relative to the reference length and handles empty references', () => {
    expect(characterErrorRate('abcd', 'abcx')).toBe(0.25);
    expect(characterErrorRate('', '')).toBe(0);
    expect(characterErrorRate('noise', '')).toBe(1);
    expect(characterErrorRate('', 'text')).toBe(1);
  });
});
