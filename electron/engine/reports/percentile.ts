/**
 * The p-th percentile (0..1) by linear interpolation between closest ranks, as spreadsheets'
 * PERCENTILE.INC does, so a supervisor can check a figure against the CSV. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}

export const median = (values: readonly number[]) => percentile(values, 0.5);
