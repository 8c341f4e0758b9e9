/**
 * The p-th percentile (0..1) by linear interpolation between closest ranks, as spreadsheets'
 * PERCENTILE.INC does, so a supervisor can check a figure against the CSV. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return percentileByRank(sorted.length, p, (rank) => sorted.slice(rank, rank + 2));
}

export const median = (values: readonly number[]) => percentile(values, 0.5);

/**
 * The same percentile over `count` sorted values too many to hold at once: `fromRank(r)` gives
 * the value at 0-based rank r and the next one, if any.
 */
export function percentileByRank(count: number, p: number, fromRank: (rank: number) => readonly number[]): number | null {
  if (count === 0) return null;
  const rank = p * (count - 1);
  const below = Math.floor(rank);
  const [low, next] = fromRank(below);
  if (low === undefined) return null;
  const high = next ?? low;
  return low + (high - low) * (rank - below);
}
