import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type LoginError, renderErrorPage, renderLoginPage } from './pages.ts';
import { sendHtml } from './send-html.ts';
import { COOKIE_OPTIONS, readSession, SESSION_COOKIE, type SessionStore } from './sessions.ts';
import { createRandomToken, tokensMatch } from './tokens.ts';
import type { BowebUserStore } from './users.ts';

export const CSRF_COOKIE = 'BOWEB_CSRF';

const loginFormSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  csrf: z.string().max(100),
});

const logoutFormSchema = z.object({ csrf: z.string().max(100) });

/** The page to return to after login: a local path only, never another site. */
export function localNext(query: unknown): string | undefined {
  const next = (query as { next?: unknown } | undefined)?.next;
  return typeof next === 'string' && /^\/(?![/\\])[^\s\\]{0,500}$/.test(next) ? next : undefined;
}

export interface LoginRouteDeps {
  readonly users: BowebUserStore;
  readonly sessions: SessionStore;
}

/** Renders the login page with a fresh CSRF token (double-submit: cookie + hidden field). */
function sendLoginPage(
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  error?: LoginError,
  username?: string,
): FastifyReply {
  const csrfToken = createRandomToken();
  reply.setCookie(CSRF_COOKIE, csrfToken, COOKIE_OPTIONS);
  return sendHtml(
    reply,
    statusCode,
    renderLoginPage({
      identity: request.bowebGatewayIdentity,
      csrfToken,
      error,
      username,
      next: localNext(request.query),
    }),
  );
}

export function registerLoginRoutes(app: FastifyInstance, deps: LoginRouteDeps): void {
  app.get('/login', async (request, reply) => {
    if (readSession(deps.sessions, request)) return reply.redirect(localNext(request.query) ?? '/');
    return sendLoginPage(request, reply, 200);
  });

  app.post('/login', async (request, reply) => {
    const form = loginFormSchema.safeParse(request.body);
    if (!form.success) return sendLoginPage(request, reply, 400, 'incomplete');
    const { username, password, csrf } = form.data;
    if (!tokensMatch(request.cookies[CSRF_COOKIE], csrf)) {
      return sendLoginPage(request, reply, 403, 'form-expired', username);
    }

    const user = await deps.users.verifyCredentials(username, password);
    if (!user) {
      request.log.info({ username }, 'boweb login failed');
      return sendLoginPage(request, reply, 401, 'wrong-credentials', username);
    }

    // A fresh id on every login, so a session id planted before login is worthless.
    deps.sessions.delete(request.cookies[SESSION_COOKIE]);
    const session = deps.sessions.create(user, request.bowebGatewayIdentity?.sub ?? null);
    request.log.info({ username: user.username, gatewaySub: session.gatewaySub }, 'boweb login');
    return reply
      .setCookie(SESSION_COOKIE, session.id, COOKIE_OPTIONS)
      .clearCookie(CSRF_COOKIE, COOKIE_OPTIONS)
      .redirect(localNext(request.query) ?? '/', 303);
  });

  app.post('/logout', async (request, reply) => {
    const session = readSession(deps.sessions, request);
    if (session) {
      const form = logoutFormSchema.safeParse(request.body);
      if (!form.success || !tokensMatch(session.csrfToken, form.data.csrf)) {
        return sendHtml(
          reply,
          403,
          renderErrorPage('form-expired', { identity: request.bowebGatewayIdentity, session }),
        );
      }
      deps.sessions.delete(session.id);
    }
    return reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS).redirect('/login', 303);
  });
}
