import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { consoleRoutes } from './console/index.ts';
import type { Deps } from './deps.ts';
import { AppError, isAppError, statusOf, type ErrorCode } from './errors.ts';
import { createGatewayHandler, findRawHeader, hostnameOf } from './gateway/index.ts';
import { guideRoutes } from './guide/index.ts';
import { portalRoutes } from './portal/index.ts';
import { activationRoutes } from './provisioning/index.ts';
import { registerRequestContext } from './web/request-context.ts';
import { renderRefusal, refusalOf } from './web/refusal.ts';
import { setSecurityHeaders } from './web/security-headers.ts';
import { registerStaticFiles } from './web/static-files.ts';

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

/** Fastify's own 4xx errors (a body too large, a malformed one), as the error table's codes. */
function clientError(err: unknown): AppError | undefined {
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const code: ErrorCode = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  return new AppError(code, { cause: err });
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

  web.setNotFoundHandler((request, reply) =>
    reply.page(renderRefusal(request, { code: 'NOT_FOUND' }), statusOf('NOT_FOUND')),
  );

  web.setErrorHandler((err, request, reply) => {
    const wantsJson = !(request.headers.accept ?? '').includes('text/html');
    const known = isAppError(err) ? err : clientError(err);
    if (!known) request.log.error({ err }, 'unhandled error');
    else if (known.cause !== undefined) request.log.warn({ err: known.cause, code: known.code }, 'refused');
    const error = known ?? new AppError('INTERNAL');
    if (wantsJson) {
      const message = known ? error.message : `${error.message} (${request.id})`;
      return reply.code(error.status).send({ error: { code: error.code, message } });
    }
    const refusal = refusalOf(error);
    const more = known ? [] : [request.t('serverErrorBody', { ref: request.id })];
    return reply.page(renderRefusal(request, { ...refusal, more }), error.status);
  });

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
