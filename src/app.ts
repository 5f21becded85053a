import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerConsoleRoutes } from './console/routes.ts';
import { registerDistrictRoutes } from './directory/district-routes.ts';
import { registerAccountRoutes } from './accounts/routes.ts';
import { registerGuideRoutes } from './guide/routes.ts';
import { registerMailboxRoutes } from './mail/routes.ts';
import { registerImportRoutes } from './proposals/import-routes.ts';
import { registerProposalRoutes } from './proposals/routes.ts';
import { registerActivationRoutes } from './provisioning/routes.ts';
import { registerReportRoutes } from './reports/routes.ts';
import type { Deps } from './deps.ts';
import { isAppError } from './errors.ts';
import { createGatewayHandler } from './gateway/gateway-handler.ts';
import { findRawHeader } from './gateway/headers.ts';
import { hostnameOf } from './gateway/resources.ts';
import { createPortalContext } from './portal/portal-context.ts';
import { registerPublicRoutes } from './portal/public-routes.ts';
import { registerSignInRoutes } from './portal/sign-in-routes.ts';
import { registerWebtopRoutes } from './portal/webtop-routes.ts';
import { html } from './web/html.ts';
import { messagePage } from './web/layout.ts';
import { registerRequestContext } from './web/request-context.ts';
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

  const portal = createPortalContext(deps);
  registerPublicRoutes(web, deps, portal);
  registerSignInRoutes(web, deps, portal);
  registerWebtopRoutes(web, deps, portal);
  registerConsoleRoutes(web, deps);
  registerDistrictRoutes(web, deps);
  registerImportRoutes(web, deps);
  registerProposalRoutes(web, deps);
  registerActivationRoutes(web, deps);
  registerMailboxRoutes(web, deps);
  registerGuideRoutes(web, deps);
  registerAccountRoutes(web, deps);
  registerReportRoutes(web, deps);

  web.setNotFoundHandler((request, reply) => {
    const t = request.t;
    return reply.page(
      messagePage({
        lang: request.lang,
        t,
        title: t('notFoundTitle'),
        path: request.url,
        heading: t('notFoundTitle'),
        body: [t('notFoundBody')],
        actions: html`<p class="actions"><a class="button" href="/">${t('home')}</a></p>`,
      }),
      404,
    );
  });

  web.setErrorHandler((err, request, reply) => {
    const t = request.t;
    const wantsJson = !(request.headers.accept ?? '').includes('text/html');
    if (isAppError(err)) {
      if (wantsJson) return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
      return reply.page(
        messagePage({
          lang: request.lang,
          t,
          title: err.message,
          path: request.url,
          heading: err.message,
          body: [],
        }),
        err.status,
      );
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      if (wantsJson)
        return reply.code(status).send({ error: { code: 'BAD_REQUEST', message: 'Bad request' } });
      return reply.page(
        messagePage({
          lang: request.lang,
          t,
          title: t('badRequestTitle'),
          path: request.url,
          heading: t('badRequestTitle'),
          body: [],
        }),
        status,
      );
    }
    request.log.error({ err }, 'unhandled error');
    if (wantsJson)
      return reply.code(500).send({ error: { code: 'INTERNAL', message: `Internal error (${request.id})` } });
    return reply.page(
      messagePage({
        lang: request.lang,
        t,
        title: t('serverErrorTitle'),
        path: request.url,
        heading: t('serverErrorTitle'),
        body: [t('serverErrorBody', { ref: request.id })],
      }),
      500,
    );
  });

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
