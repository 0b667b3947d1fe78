/**
 * The `p`-th percentile of `values` by the nearest-rank method (p50 is the median, p99 the value 99 % of the
 * samples do not exceed).
 * @param values - samples in any order; not modified
 * @param p - percentile, 0–100
 * @throws Error when there are no samples
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
