/**
 * A small seeded pseudo-random generator. Sample files must be reproducible from a seed alone
 * (a failing test has to be re-creatable byte for byte), so nothing in the generator may call
 * Math.random or read the clock.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** True with the given probability (0..1). */
  chance(probability: number): boolean;
  /** A string of `length` decimal digits; the first is never 0 when `noLeadingZero` is set. */
  digits(length: number, noLeadingZero?: boolean): string;
  /** An independent generator, so that adding draws to one part of a page does not shift the others. */
  fork(label: string): Random;
}

/**
 * mulberry32: 32-bit state, fast, and good enough for test fixtures (it is not for secrets).
 * Seeds may be any integer; they are folded to 32 bits.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    float: (min, max) => min + next() * (max - min),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick() from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    chance: (probability) => next() < probability,
    digits(length, noLeadingZero = false) {
      let out = '';
      for (let i = 0; i < length; i++) out += String(i === 0 && noLeadingZero ? int(1, 9) : int(0, 9));
      return out;
    },
    fork: (label) => createRandom(deriveSeed(seed, label)),
  };
}

/** Combines a seed with a label (FNV-1a) so sub-generators are stable however the caller is reordered. */
export function deriveSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
