import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { consoleRoutes } from './console/index.ts';
import type { Deps } from './deps.ts';
import { createGatewayHandler, findRawHeader, hostnameOf } from './gateway/index.ts';
import { statusOf } from './errors.ts';
import { guideRoutes } from './guide/index.ts';
import { translator } from './i18n/index.ts';
import { portalRoutes } from './portal/index.ts';
import { activationRoutes } from './provisioning/index.ts';
import {
  registerErrorHandling,
  registerFormExitPages,
  registerHostPrefixedCookies,
  registerRequestContext,
  registerStaticFiles,
  registerRequestIdHeader,
  requestIdOptions,
  setSecurityHeaders,
} from './web/index.ts';

/** Replaces the values of secret-bearing query parameters (`token`, `code`) with `[redacted]`. */
export function redactUrlSecrets(url: string): string {
  return url.replace(/([?&](?:token|code)=)[^&#]*/gi, '$1[redacted]');
}

/**
 * Paths served whatever the Host: probes and back offices reach them over loopback or a pod address, and
 * they set no cookies and show no pages.
 */
function isMachineEndpoint(url: string | undefined): boolean {
  return url === '/healthz' || url === '/readyz' || url === '/.well-known/jwks.json' || url === '/metrics';
}

/**
 * A Host that is neither the portal's nor a resource's gets 421 Misdirected Request (RFC 9110 §15.5.20),
 * what Envoy answers for an authority no virtual host serves, rather than a portal page under a foreign
 * name (cookies, links and redirects minted for an attacker's host) or a redirect built from it.
 */
function misdirected(res: ServerResponse): void {
  const en = translator('en');
  const hi = translator('hi');
  res.writeHead(statusOf('MISDIRECTED_REQUEST'), {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(
    `${en('proxy.misdirectedTitle')}: ${en('proxy.misdirectedBody')}\n` +
      `${hi('proxy.misdirectedTitle')}: ${hi('proxy.misdirectedBody')}\n`,
  );
}

/** What a drain found running when it began, and what it had to cut at the deadline. */
export interface DrainReport {
  readonly inFlight: number;
  readonly tunnels: number;
  readonly cutRequests: number;
  readonly cutTunnels: number;
  readonly ms: number;
}

export interface DwaarApp {
  /** The portal and console (Fastify), for `inject()` in tests. */
  readonly web: FastifyInstance;
  /** The one listener: resource hosts go to the proxy path, everything else to `web`. */
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  /** True from the moment a drain begins; `/readyz` then answers 503 draining. */
  draining(): boolean;
  /**
   * Graceful shutdown of the listener: stops accepting at once, lets requests in flight finish (their
   * connections then close), tells WebSocket tunnels 1001 Going Away, and at `graceMs` (by default
   * `operations.shutdownGraceMs`) cuts whatever is left. Logs a line as it begins and as it ends.
   */
  drain(graceMs?: number): Promise<DrainReport>;
  /** Drains (if not yet) and closes the portal. Pools are the deps' to close, after this. */
  close(): Promise<void>;
}

/** How often a drain closes connections that have gone idle and looks whether all is done. */
const DRAIN_SWEEP_MS = 50;

/**
 * Builds the gateway. One HTTP server serves two things by Host: configured resource hosts take the
 * lean proxy path (no framework, no database); every other host gets the portal and console.
 */
export async function buildApp(deps: Deps): Promise<DwaarApp> {
  const gateway = createGatewayHandler(deps);
  const https = deps.config.publicUrl.protocol === 'https:';
  let webHandler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const portalHost = deps.config.publicUrl.hostname;
  let draining = false;
  let inFlight = 0;
  const finished = () => {
    inFlight -= 1;
  };
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    inFlight += 1;
    res.once('close', finished);
    // A request on a kept-alive connection during a drain is served, and its connection then closed.
    if (draining) res.setHeader('connection', 'close');
    const hostname = hostnameOf(findRawHeader(req.rawHeaders, 'host'));
    const route = deps.resources.byHost(hostname);
    if (route) {
      gateway.handle(req, res, route);
      return;
    }
    const retired = deps.resources.retired(hostname);
    if (retired) {
      // A resource the policy no longer offers: back to the webtop, which says so.
      res.writeHead(302, {
        location: `${deps.config.publicUrl.origin}/webtop?removed=${encodeURIComponent(retired.id)}`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    if (hostname !== portalHost && !isMachineEndpoint(req.url)) {
      misdirected(res);
      return;
    }
    webHandler?.(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    const route = deps.resources.byHost(hostnameOf(findRawHeader(req.rawHeaders, 'host')));
    if (route) gateway.handleUpgrade(req, socket, head, route);
    else socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });

  // Request lines carry the URL, and a one-time link's token travels in its query string: mask it.
  const logger: FastifyBaseLogger = deps.logger.child(
    {},
    {
      serializers: {
        req: (r: { method: string; url: string; host?: string; ip?: string }) => ({
          method: r.method,
          url: redactUrlSecrets(r.url),
          host: r.host,
          remoteAddress: r.ip,
        }),
      },
    },
  );
  const web = Fastify({
    loggerInstance: logger,
    ...requestIdOptions(deps.config.trustedProxies),
    trustProxy: deps.config.trustedProxies.length > 0 ? [...deps.config.trustedProxies] : false,
    // Sign-in and every other form before authentication fit in a few KB (nginx's client_max_body_size is
    // likewise small by default); the console's scope and the CSV upload raise it for staff only.
    bodyLimit: 16 * 1024,
    serverFactory: (handler) => {
      webHandler = handler;
      return server;
    },
  });

  await web.register(cookie);
  // Before the request context, which reads the language cookie under its plain name.
  registerHostPrefixedCookies(web, https);
  await web.register(formbody);
  registerRequestContext(web);
  registerRequestIdHeader(web);
  web.addHook('onRequest', (_request, reply, done) => {
    setSecurityHeaders(reply.raw, https);
    done();
  });
  registerFormExitPages(web, deps.config.publicUrl.origin);
  await registerStaticFiles(web);

  registerErrorHandling(web);
  // Plugins take the error handler in force when they register: set it first.
  await web.register(portalRoutes({ ...deps, draining: () => draining }));
  await web.register(activationRoutes(deps));
  await web.register(guideRoutes(deps));
  await web.register(consoleRoutes(deps));

  await web.ready();

  let drained: Promise<DrainReport> | undefined;
  async function drain(graceMs: number): Promise<DrainReport> {
    draining = true;
    const started = Date.now();
    const atStart = { inFlight, tunnels: gateway.tunnels() };
    deps.logger.info({ event: 'drain.start', ...atStart, graceMs }, 'shutdown: draining');
    // No new connections from here; idle kept-alive ones close now, busy ones once their answer is sent.
    const serverClosed = server.listening
      ? new Promise<void>((resolve) => server.close(() => resolve()))
      : Promise.resolve();
    server.closeIdleConnections();
    gateway.goingAway();
    let serverDone = false;
    void serverClosed.then(() => (serverDone = true));
    const allDone = await new Promise<boolean>((resolve) => {
      const deadline = setTimeout(() => {
        clearInterval(sweep);
        resolve(false);
      }, graceMs);
      const sweep = setInterval(() => {
        server.closeIdleConnections();
        if (serverDone && gateway.tunnels() === 0) {
          clearTimeout(deadline);
          clearInterval(sweep);
          resolve(true);
        }
      }, DRAIN_SWEEP_MS);
    });
    const cut = allDone ? { requests: 0, tunnels: 0 } : { requests: inFlight, tunnels: gateway.tunnels() };
    // Upgraded sockets are no longer the HTTP server's to close: the gateway's registry ends them.
    gateway.close();
    server.closeAllConnections();
    await serverClosed;
    const report = {
      ...atStart,
      cutRequests: cut.requests,
      cutTunnels: cut.tunnels,
      ms: Date.now() - started,
    };
    deps.logger.info({ event: 'drain.end', ...report }, 'shutdown: drained');
    return report;
  }

  return {
    web,
    server,
    async listen(port, host) {
      await web.listen({ port, host });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    draining: () => draining,
    drain(graceMs = deps.config.operations.shutdownGraceMs) {
      drained ??= drain(graceMs);
      return drained;
    },
    async close() {
      drained ??= drain(deps.config.operations.shutdownGraceMs);
      await drained;
      await web.close();
    },
  };
}
