/**
 * Nearest-rank percentile of a non-empty list: the smallest value with at least p% of the
 * values at or below it (p50 of 1..100 is 50, p99 is 99; p99 of 40 values is the largest).
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile: no values");
  if (!(p > 0 && p <= 100)) throw new Error(`percentile: p must be in (0, 100], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** What the table shows of one cell's latencies (ms) and how long the cell took (s). */
export interface LatencySummary {
  requests: number;
  seconds: number;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
}

/** Throughput and latency percentiles of `latencies` (ms) answered in `seconds` of wall time. */
export function summarizeLatencies(latencies: readonly number[], seconds: number): LatencySummary {
  if (latencies.length === 0) throw new Error("summarizeLatencies: no requests");
  if (!(seconds > 0)) throw new Error(`summarizeLatencies: seconds must be positive, got ${seconds}`);
  return {
    requests: latencies.length,
    seconds,
    requests_per_s: latencies.length / seconds,
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    mean_ms: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    max_ms: Math.max(...latencies),
  };
}
