// Percentiles of recorded latencies, for the fixed-rate run.

/** Nearest-rank percentile (`p` in 0..1) of values sorted ascending; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export interface LatencySummary {
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

/** Summarises latencies in milliseconds (the array is sorted in place). */
export function summarize(latenciesMs: Float64Array): LatencySummary {
  latenciesMs.sort();
  return {
    p50Ms: percentile(latenciesMs, 0.5),
    p90Ms: percentile(latenciesMs, 0.9),
    p99Ms: percentile(latenciesMs, 0.99),
    p999Ms: percentile(latenciesMs, 0.999),
    maxMs: latenciesMs.length > 0 ? (latenciesMs[latenciesMs.length - 1] ?? Number.NaN) : Number.NaN,
  };
}
