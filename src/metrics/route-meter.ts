/**
 * Upper bounds of the upstream latency buckets, seconds: from a quarter of a millisecond (a keep-alive
 * upstream on the same host) to ten seconds (a report that should have been a download).
 */
export const UPSTREAM_BUCKETS: readonly number[] = [
  0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * What the proxy path records about one resource. It is plain numbers, bumped in place: no labels are
 * hashed and nothing is allocated per request. The registry reads them when it is scraped.
 */
export class RouteMeter {
  /** Answers by HTTP status; a Map of small integers, so counting an existing status allocates nothing. */
  readonly statuses = new Map<number, number>();
  /** Counts per bucket of UPSTREAM_BUCKETS (not cumulative; the last slot is +Inf). */
  readonly buckets = new Float64Array(UPSTREAM_BUCKETS.length + 1);
  upstreamSum = 0;
  upstreamCount = 0;

  constructor(readonly resource: string) {}

  /** One answer the gateway sent for this resource, whoever made it (the upstream or the gateway). */
  status(code: number): void {
    this.statuses.set(code, (this.statuses.get(code) ?? 0) + 1);
  }

  /** Time from dispatch to the upstream's response headers, in milliseconds. */
  upstream(ms: number): void {
    const s = ms / 1000;
    let i = 0;
    while (i < UPSTREAM_BUCKETS.length && s > (UPSTREAM_BUCKETS[i] as number)) i++;
    this.buckets[i] = (this.buckets[i] as number) + 1;
    this.upstreamSum += s;
    this.upstreamCount++;
  }
}

/** A meter that keeps nothing, for a resource table built without metrics (tools, some tests). */
export const IDLE_METER = new RouteMeter('');
