import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { consoleRoutes } from './console/index.ts';
import type { Deps } from './deps.ts';
import { createGatewayHandler, findRawHeader, hostnameOf } from './gateway/index.ts';
import { guideRoutes } from './guide/index.ts';
import { portalRoutes } from './portal/index.ts';
import { activationRoutes } from './provisioning/index.ts';
import {
  registerErrorHandling,
  registerRequestContext,
  registerStaticFiles,
  setSecurityHeaders,
} from './web/index.ts';

/** Replaces the values of secret-bearing query parameters (`token`, `code`) with `[redacted]`. */
export function redactUrlSecrets(url: string): string {
  return url.replace(/([?&](?:token|code)=)[^&#]*/gi, '$1[redacted]');
}

export interface DwaarApp {
  /** The portal and console (Fastify), for `inject()` in tests. */
  readonly web: FastifyInstance;
  /** The one listener: resource hosts go to the proxy path, everything else to `web`. */
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Builds the gateway. One HTTP server serves two things by Host: configured resource hosts take the
 * lean proxy path (no framework, no database); every other host gets the portal and console.
 */
export async function buildApp(deps: Deps): Promise<DwaarApp> {
  const gateway = createGatewayHandler(deps);
  const https = deps.config.publicUrl.protocol === 'https:';
  let webHandler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const route = deps.resources.byHost(hostnameOf(findRawHeader(req.rawHeaders, 'host')));
    if (route) {
      gateway.handle(req, res, route);
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
    trustProxy: deps.config.trustedProxies.length > 0 ? [...deps.config.trustedProxies] : false,
    bodyLimit: 1024 * 1024,
    serverFactory: (handler) => {
      webHandler = handler;
      return server;
    },
  });

  await web.register(cookie);
  await web.register(formbody);
  registerRequestContext(web);
  web.addHook('onRequest', (_request, reply, done) => {
    setSecurityHeaders(reply.raw, https);
    done();
  });
  await registerStaticFiles(web);

  registerErrorHandling(web);
  // Plugins take the error handler in force when they register: set it first.
  await web.register(portalRoutes(deps));
  await web.register(activationRoutes(deps));
  await web.register(guideRoutes(deps));
  await web.register(consoleRoutes(deps));

  await web.ready();

  return {
    web,
    server,
    async listen(port, host) {
      await web.listen({ port, host });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    async close() {
      await web.close();
    },
  };
}
