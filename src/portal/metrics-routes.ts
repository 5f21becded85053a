import type { Config } from '../config.ts';
import { createAddressAllowList, type Metrics } from '../metrics/index.ts';
import { routesPlugin } from '../web/index.ts';

export interface MetricsRouteDeps {
  readonly config: { readonly operations: Pick<Config['operations'], 'metricsAllow'> };
  readonly metrics: Pick<Metrics, 'render'>;
}

/**
 * `GET /metrics`, Prometheus text, for the addresses in DWAAR_METRICS_ALLOW only (loopback by default).
 * The socket's peer decides, never X-Forwarded-For: a proxy in front would otherwise open it to anyone who
 * sends the header. Everyone else gets the ordinary not-found page, so a scan learns nothing, and no audit
 * record (a scanner must not be able to fill the audit trail).
 */
export function metricsRoutes(deps: MetricsRouteDeps) {
  const allowed = createAddressAllowList(deps.config.operations.metricsAllow);
  return routesPlugin((app) => {
    // Scraped every few seconds: its request lines would drown the log.
    app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
      if (!allowed.allows(request.raw.socket.remoteAddress)) return reply.callNotFound();
      const { contentType, body } = await deps.metrics.render();
      return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
    });
  });
}
