import type { Kysely } from 'kysely';
import { Pool } from 'undici';
import { z } from 'zod';
import type { Database } from '../store/index.ts';
import { listResourceRows } from './repository.ts';

/** A resource as the proxy path holds it: everything needed per request, resolved once. */
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
  readonly allowedWings: readonly string[];
}

const WingList = z.array(z.string());

export interface ResourceTable {
  /** By host name (no port). */
  byHost(host: string): ResourceRoute | undefined;
  byId(id: string): ResourceRoute | undefined;
  /** The resource whose public origin is exactly `origin`. */
  byOrigin(origin: string): ResourceRoute | undefined;
  all(): readonly ResourceRoute[];
  close(): Promise<void>;
}

/** Loads resources and opens one keep-alive pool per upstream. */
export async function loadResources(db: Kysely<Database>, publicUrl: URL): Promise<ResourceTable> {
  const rows = await listResourceRows(db);
  const port = publicUrl.port ? `:${publicUrl.port}` : '';
  const routes = rows.map((r): ResourceRoute => {
    const upstream = new URL(r.upstream);
    return {
      id: r.id,
      host: r.host.toLowerCase(),
      publicOrigin: `${publicUrl.protocol}//${r.host.toLowerCase()}${port}`,
      upstream,
      pool: new Pool(upstream.origin, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 }),
      nameEn: r.name_en,
      nameHi: r.name_hi,
      purposeEn: r.purpose_en,
      purposeHi: r.purpose_hi,
      enabled: r.enabled === 1,
      allowedWings: WingList.parse(JSON.parse(r.allowed_wings)),
    };
  });
  const hosts = new Map(routes.map((r) => [r.host, r]));
  const ids = new Map(routes.map((r) => [r.id, r]));
  const origins = new Map(routes.map((r) => [r.publicOrigin, r]));
  return {
    byHost: (host) => hosts.get(host),
    byId: (id) => ids.get(id),
    byOrigin: (origin) => origins.get(origin),
    all: () => routes,
    async close() {
      await Promise.all(routes.map((r) => r.pool.close()));
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
