import { Pool } from 'undici';
import { IDLE_METER, type RouteMeter } from '../metrics/index.ts';
import type { ResourceSpec } from '../policy/index.ts';

/** A resource as the proxy path holds it: the policy file's declaration, and its upstream's pool. */
export interface ResourceRoute {
  readonly id: string;
  /** Host name without port, e.g. `boweb.localhost`; also the assertion audience. */
  readonly host: string;
  /** Origin the browser uses, e.g. `http://boweb.localhost:8080`. */
  readonly publicOrigin: string;
  readonly upstream: URL;
  readonly pool: Pool;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly purposeEn: string;
  readonly purposeHi: string;
  readonly enabled: boolean;
  readonly websocket: boolean;
  /** Largest request body forwarded, bytes. */
  readonly bodyLimit: number;
  /** The gateway inserts the session bar's tag into this resource's HTML. */
  readonly sessionBar: boolean;
  /** Where the proxy path counts this resource's answers and upstream latency (bound once per table). */
  readonly meter: RouteMeter;
}

export interface RetiredResource {
  readonly id: string;
  readonly nameEn: string;
  readonly nameHi: string;
}

export interface ResourceTable {
  /** By host name (no port). */
  byHost(host: string): ResourceRoute | undefined;
  byId(id: string): ResourceRoute | undefined;
  /** The resource whose public origin is exactly `origin`. */
  byOrigin(origin: string): ResourceRoute | undefined;
  all(): readonly ResourceRoute[];
  /** A resource a reload removed, by its old host: officers still on its pages are told, not misdirected. */
  retired(host: string): RetiredResource | undefined;
  /** The same, by the resource's id. */
  retiredById(id: string): RetiredResource | undefined;
  /**
   * Takes the resources of a newly loaded policy: the next request finds the new table. Pools of upstreams
   * still in use are kept (their keep-alive connections with them); the others close once their requests finish.
   */
  replace(specs: readonly ResourceSpec[]): void;
  close(): Promise<void>;
}

const openPool = (upstream: URL) =>
  new Pool(upstream.origin, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });

/** The routes of the policy's resources, swapped whole when the policy is reloaded. */
export function createResourceTable(
  publicUrl: URL,
  specs: readonly ResourceSpec[],
  onError: (err: unknown) => void = () => undefined,
  meterFor: (resourceId: string) => RouteMeter = () => IDLE_METER,
): ResourceTable {
  const port = publicUrl.port ? `:${publicUrl.port}` : '';
  let pools = new Map<string, Pool>();
  let routes: readonly ResourceRoute[] = [];
  let hosts = new Map<string, ResourceRoute>();
  let ids = new Map<string, ResourceRoute>();
  let origins = new Map<string, ResourceRoute>();
  const retired = new Map<string, RetiredResource>();

  function replace(next: readonly ResourceSpec[]): void {
    const nextPools = new Map<string, Pool>();
    routes = next.map((spec): ResourceRoute => {
      const origin = spec.upstream.origin;
      const pool = nextPools.get(origin) ?? pools.get(origin) ?? openPool(spec.upstream);
      nextPools.set(origin, pool);
      return {
        id: spec.id,
        host: spec.host,
        publicOrigin: `${publicUrl.protocol}//${spec.host}${port}`,
        upstream: spec.upstream,
        pool,
        nameEn: spec.nameEn,
        nameHi: spec.nameHi,
        purposeEn: spec.purposeEn,
        purposeHi: spec.purposeHi,
        enabled: spec.enabled,
        websocket: spec.websocket,
        bodyLimit: spec.bodyLimit,
        sessionBar: spec.sessionBar,
        meter: meterFor(spec.id),
      };
    });
    for (const [origin, pool] of pools) if (!nextPools.has(origin)) pool.close().catch(onError);
    pools = nextPools;
    const kept = new Set(routes.map((r) => r.host));
    for (const [host, r] of hosts)
      if (!kept.has(host)) retired.set(host, { id: r.id, nameEn: r.nameEn, nameHi: r.nameHi });
    for (const host of kept) retired.delete(host);
    hosts = new Map(routes.map((r) => [r.host, r]));
    ids = new Map(routes.map((r) => [r.id, r]));
    origins = new Map(routes.map((r) => [r.publicOrigin, r]));
  }

  replace(specs);
  return {
    byHost: (host) => hosts.get(host),
    byId: (id) => ids.get(id),
    byOrigin: (origin) => origins.get(origin),
    all: () => routes,
    retired: (host) => retired.get(host),
    retiredById: (id) => [...retired.values()].find((r) => r.id === id),
    replace,
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()));
    },
  };
}

/** Host name from a Host header, lower-cased and without the port; '' when absent. */
export function hostnameOf(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  // IPv6 literals keep their brackets; a port follows the last colon after them.
  const end = hostHeader.startsWith('[') ? hostHeader.indexOf(']') + 1 : hostHeader.indexOf(':');
  return (end > 0 ? hostHeader.slice(0, end) : hostHeader).toLowerCase();
}
