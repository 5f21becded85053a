import cluster from 'node:cluster';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isLang } from '../i18n/index.ts';
import { COOKIE, cookieOptions, html, renderPage, routesPlugin, type SafeHtml } from '../web/index.ts';
import { isLocalPath, parseNext } from '../gateway/index.ts';
import { createFlowCookies, newFlow } from '../login/index.ts';
import { redirectAfterLogin } from './after-login.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { PortalSessions } from './portal-session.ts';
import { createReadiness } from './readiness.ts';

const LandingQuery = z.object({ next: z.string().max(2000).optional() });
const LangQuery = z.object({ to: z.string(), back: z.string().optional() });

/** A public page in the visitor's language, headed by its title. */
function publicPage(request: FastifyRequest, title: string, main: SafeHtml): string {
  return renderPage({
    lang: request.lang,
    t: request.t,
    title,
    path: request.url,
    main: html`<h1>${title}</h1>
      ${main}`,
  });
}

/** Pages anyone may open: landing, language switch, help, health and the JWKS. */
export function publicRoutes(deps: PortalDeps, portal: PortalSessions) {
  const { config, clock, audit } = deps;
  const flows = createFlowCookies(deps);
  const readiness = createReadiness(deps);

  return routesPlugin((app) => {
    app.get('/', async (request, reply) => {
      const { next: rawNext } = LandingQuery.parse(request.query);
      const next = rawNext ? parseNext(rawNext, deps.resources) : undefined;
      if (rawNext && !next) {
        await audit.append({
          type: 'redirect.rejected',
          actor: 'anonymous',
          ip: request.ip,
          detail: { next: rawNext.slice(0, 200) },
        });
      }
      const session = await portal.current(request);
      if (session) return redirectAfterLogin(deps, reply, session, next, request.ip);
      // Every visit to the start page begins a fresh flow, carrying only a checked return address and a
      // user ID kept from a login whose flow was lost (so "Home", too, comes back round to it filled in).
      const current = flows.read(request);
      const kept = current.kind === 'ok' && current.flow.u ? { u: current.flow.u } : {};
      flows.write(reply, { ...newFlow(clock.now(), next && rawNext ? rawNext : undefined), ...kept });
      const t = request.t;
      return reply.page(
        publicPage(
          request,
          t('landingTitle'),
          html`<p>${t('landingIntro')}</p>
            <p>${t('landingWho')}</p>
            <p>${t('landingSteps')}</p>
            <p class="actions"><a class="button" href="/inspect">${t('startSignIn')}</a></p>
            <p>${t('siHelp', { phone: config.helpdeskPhone })}</p>
            <p class="help-link"><a href="/help?from=landing">${t('selfHelp.helpLink')}</a></p>
            <p>
              <a href="/guide">${t('guide.title')}</a> (<a href="/guide.pdf" type="application/pdf">PDF</a>)
            </p>`,
        ),
      );
    });

    app.get('/lang', async (request, reply) => {
      const q = LangQuery.safeParse(request.query);
      const to = q.success && isLang(q.data.to) ? q.data.to : 'en';
      reply.setCookie(COOKIE.lang, to, { ...cookieOptions(portal.secure, 400 * 24 * 3600), httpOnly: false });
      const back = q.success && q.data.back && isLocalPath(q.data.back) ? q.data.back : '/';
      return reply.redirect(back, 303);
    });

    // `/help` (SI contact, accessibility, privacy) lives in help-routes.ts.

    // Kubernetes-style probes. Liveness says only that the process serves: a database outage must not get
    // every node restarted, since live sessions keep being proxied from memory. It names no counts; the pid
    // and cluster worker say which process answered (several share one port under `--workers`).
    app.get('/healthz', async (_request, reply) =>
      reply.header('cache-control', 'no-store').send({
        status: 'ok',
        database: deps.store.dialect,
        pid: process.pid,
        worker: cluster.worker?.id ?? null,
      }),
    );

    // Readiness (readiness.ts): a load balancer sends no new work here while this answers 503, from the
    // first moment of a shutdown drain too.
    app.get('/readyz', async (request, reply) => {
      const { ready, body } = await readiness.check();
      if (!ready && body.failing) request.log.warn({ failing: body.failing }, 'readiness: not ready');
      return reply
        .code(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send(body);
    });

    app.get('/.well-known/jwks.json', async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(deps.jwks),
    );
  });
}
