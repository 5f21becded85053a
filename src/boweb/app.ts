import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createAssertionVerifier } from './assertion.ts';
import { attachEchoSocket } from './echo-socket.ts';
import { registerLoginRoutes } from './login-routes.ts';
import { renderErrorPage } from './pages.ts';
import { registerAssertionHook, STATIC_PREFIX } from './request-identity.ts';
import { registerReturnRoutes } from './return-routes.ts';
import { sendHtml } from './send-html.ts';
import { createSessionStore, readSession } from './sessions.ts';
import { BOWEB_CSS } from './styles.ts';
import { createBowebUserStore } from './users.ts';

export interface BowebOptions {
  /** The gateway's `/.well-known/jwks.json`. */
  jwksUrl: string;
  /** Expected `aud` of the assertion: BOWEB's host name at the gateway, e.g. `boweb.localhost`. */
  audience: string;
  /** Expected `iss`: the gateway portal's public origin, e.g. `http://localhost:8080`. */
  issuer: string;
  logger?: FastifyBaseLogger | false;
  /** Time source for assertion checks (milliseconds); defaults to the system clock. */
  now?: () => number;
  /** Reject requests without a valid gateway assertion (default true). */
  requireAssertion?: boolean;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  // CSP `default-src` does not cover framing; this keeps the portal out of other sites' frames.
  'x-frame-options': 'DENY',
};

function readStatusCode(error: unknown): number {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const { statusCode } = error;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 600) return statusCode;
  }
  return 500;
}

function createFastify(logger: FastifyBaseLogger | false | undefined): FastifyInstance {
  // A login form needs a few hundred bytes; a tight limit keeps junk bodies cheap to refuse.
  const common = { bodyLimit: 16 * 1024 };
  return logger ? Fastify({ ...common, loggerInstance: logger }) : Fastify({ ...common, logger: false });
}

/** Builds the demo back-office portal; the caller listens on 127.0.0.1 behind the gateway. */
export async function buildBoweb(options: BowebOptions): Promise<FastifyInstance> {
  const requireAssertion = options.requireAssertion ?? true;
  const verifyAssertion = createAssertionVerifier({
    jwksUrl: options.jwksUrl,
    audience: options.audience,
    issuer: options.issuer,
    ...(options.now ? { now: options.now } : {}),
  });
  const users = await createBowebUserStore();
  const sessions = createSessionStore();

  const app = createFastify(options.logger);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);

  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  registerAssertionHook(app, { verifyAssertion, requireAssertion });

  app.get(`${STATIC_PREFIX}boweb.css`, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(BOWEB_CSS),
  );
  // Liveness for `dwaar start`, which adopts a back office still running from an earlier start.
  app.get(`${STATIC_PREFIX}healthz`, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok', app: 'boweb', pid: process.pid }),
  );
  registerLoginRoutes(app, { users, sessions });
  registerReturnRoutes(app, { sessions });

  app.setNotFoundHandler(async (request, reply) => {
    const context = {
      identity: request.bowebGatewayIdentity,
      session: readSession(sessions, request) ?? null,
    };
    return sendHtml(reply, 404, renderErrorPage('not-found', context));
  });

  app.setErrorHandler(async (error, request, reply) => {
    const statusCode = readStatusCode(error);
    if (statusCode >= 500) request.log.error({ err: error }, 'boweb request failed');
    else request.log.info({ err: error }, 'boweb request refused');
    // Fastify's own messages (parser errors etc.) stay in the log; the page says only what kind of failure.
    const context = { identity: request.bowebGatewayIdentity, session: null };
    return sendHtml(
      reply,
      statusCode,
      renderErrorPage(statusCode >= 500 ? 'server-error' : 'bad-request', context),
    );
  });

  attachEchoSocket(app, { verifyAssertion, requireAssertion, allowedOriginHost: options.audience });
  return app;
}
