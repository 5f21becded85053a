import { Counter, Histogram, type HistogramConfiguration, type Registry } from 'prom-client';
import { type RouteMeter, UPSTREAM_BUCKETS } from './route-meter.ts';

type UpstreamLabel = 'resource' | 'le';
type Published = Awaited<ReturnType<Histogram<UpstreamLabel>['get']>>;

/**
 * The upstream latency histogram, made from the route meters' bucket counts when scraped. prom-client's
 * own `observe` hashes its labels on every call (bound children too), which the proxy path cannot afford;
 * this class keeps prom-client's exposition and only replaces where the numbers come from.
 */
const UPSTREAM: HistogramConfiguration<UpstreamLabel> & { readonly name: string } = {
  name: 'dwaar_upstream_duration_seconds',
  help: 'Time from dispatching a proxied request to the upstream response headers, by resource.',
  labelNames: ['resource'],
  buckets: [...UPSTREAM_BUCKETS],
};

class MeterHistogram extends Histogram<UpstreamLabel> {
  /** An unregistered twin that never observes: where the family's name, help, type and aggregator come from. */
  private readonly twin = new Histogram<UpstreamLabel>({ ...UPSTREAM, registers: [] });

  constructor(
    registry: Registry,
    private readonly meters: () => Iterable<RouteMeter>,
  ) {
    super({ ...UPSTREAM, registers: [registry] });
  }

  override async get(): Promise<Published> {
    const family = await this.twin.get();
    return { ...family, values: this.published() };
  }

  /** What the registry's text exposition reads (prom-client's own name for it). */
  getForPromString(): Promise<Published> {
    return this.get();
  }

  private published(): Published['values'] {
    const values: Published['values'] = [];
    const name = UPSTREAM.name;
    for (const m of this.meters()) {
      if (m.upstreamCount === 0) continue;
      let cumulative = 0;
      UPSTREAM_BUCKETS.forEach((le, i) => {
        cumulative += m.buckets[i] as number;
        values.push({
          metricName: `${name}_bucket`,
          labels: { resource: m.resource, le },
          value: cumulative,
        });
      });
      values.push({
        metricName: `${name}_bucket`,
        labels: { resource: m.resource, le: '+Inf' },
        value: m.upstreamCount,
      });
      values.push({ metricName: `${name}_sum`, labels: { resource: m.resource }, value: m.upstreamSum });
      values.push({ metricName: `${name}_count`, labels: { resource: m.resource }, value: m.upstreamCount });
    }
    return values;
  }
}

/** Registers the per-resource series (requests by status, upstream latency) read from `meters`. */
export function registerRouteSeries(registry: Registry, meters: () => Iterable<RouteMeter>): void {
  new Counter({
    name: 'dwaar_http_requests_total',
    help: 'Requests to resource hosts, by resource and the HTTP status the gateway answered with.',
    labelNames: ['resource', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const m of meters())
        for (const [status, n] of m.statuses) this.inc({ resource: m.resource, status: String(status) }, n);
    },
  });
  new MeterHistogram(registry, meters);
}
