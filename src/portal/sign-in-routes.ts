import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { findCurrentDocument, findDocument, insertAcknowledgement } from '../documents/repository.ts';
import { formatDateTime } from '../i18n/i18n.ts';
import { attemptLogin, type LoginResult } from '../login/login-service.ts';
import { decideGrants, subjectOf } from '../login/subject.ts';
import { findOfficerPlacement } from '../directory/repository.ts';
import { COOKIE, cookieOptions } from '../web/cookies.ts';
import { messagePage } from '../web/layout.ts';
import { html } from '../web/html.ts';
import { isTrustedDevice, trustDevice } from './device-trust.ts';
import type { FlowState } from './flow.ts';
import { InspectionReportSchema, inspectDevice } from './inspection.ts';
import { parseNext } from './next-url.ts';
import type { PortalContext } from './portal-context.ts';
import {
  renderDisclaimer,
  renderInspectResult,
  renderInspectRunning,
  renderLogin,
  renderTrust,
  type SignInPageContext,
} from './sign-in-pages.ts';
import { redirectAfterLogin } from './after-login.ts';

const LoginForm = z.object({
  userId: z.string().max(100).default(''),
  password: z.string().max(1000).default(''),
});
const DisclaimerForm = z.object({
  decision: z.enum(['agree', 'decline']),
  version: z.coerce.number().int().positive(),
});

/** The four sign-in steps: device check → trust → disclaimer → login. Each step requires the ones before. */
export function registerSignInRoutes(app: FastifyInstance, deps: Deps, portal: PortalContext): void {
  const { config, clock, audit, store, keyring } = deps;

  const pageContext = (request: FastifyRequest, flow: FlowState): SignInPageContext => ({
    request,
    csrf: portal.csrf(flow.n),
    siPhone: config.helpdeskPhone,
  });

  /** Loads the flow for a step, sending the visitor back to the start when it is missing or too old. */
  const requireFlow = (request: FastifyRequest, reply: FastifyReply): FlowState | undefined => {
    const read = portal.readFlow(request);
    if (read.kind === 'ok') return read.flow;
    if (read.kind === 'expired') {
      portal.clearFlow(reply);
      void reply.page(
        messagePage({
          lang: request.lang,
          t: request.t,
          title: request.t('loginTitle'),
          path: request.url,
          heading: request.t('loginTitle'),
          body: [request.t('errFlowExpired')],
          actions: html`<p class="actions">
            <a class="button" href="/inspect">${request.t('startAgain')}</a>
          </p>`,
        }),
        440,
      );
      return undefined;
    }
    void reply.redirect('/inspect', 303);
    return undefined;
  };

  const rejectForm = (request: FastifyRequest, reply: FastifyReply) =>
    reply.page(
      messagePage({
        lang: request.lang,
        t: request.t,
        title: request.t('errCsrf'),
        path: request.url,
        heading: request.t('errorSummary'),
        body: [request.t('errCsrf')],
        actions: html`<p class="actions">
          <a class="button" href="/inspect">${request.t('startAgain')}</a>
        </p>`,
      }),
      403,
    );

  app.get('/inspect', async (request, reply) => {
    const flow = portal.flowOrNew(request, reply);
    return reply.page(renderInspectRunning(pageContext(request, flow)));
  });

  app.post('/inspect', async (request, reply) => {
    const read = portal.readFlow(request);
    // Without the flow cookie the browser is not keeping cookies: say so as a failed check, not an error.
    const flow = read.kind === 'ok' ? read.flow : portal.flowOrNew(request, reply);
    if (read.kind === 'ok' && !portal.validPost(request, flow.n)) return rejectForm(request, reply);
    const report = InspectionReportSchema.safeParse(request.body ?? {});
    const checks = inspectDevice(
      report.success ? report.data : InspectionReportSchema.parse({}),
      read.kind === 'ok',
    );
    const passed = checks.every((c) => c.ok);
    await audit.append({
      type: passed ? 'inspection.passed' : 'inspection.failed',
      actor: 'anonymous',
      ip: request.ip,
      detail: Object.fromEntries(checks.map((c) => [c.id, `${c.ok ? 'ok' : 'fail'}:${c.found}`])),
    });
    if (passed) portal.writeFlow(reply, { ...flow, i: clock.now() });
    const trusted = await isTrustedDevice(deps, request.cookies[COOKIE.device]);
    return reply.page(
      renderInspectResult(pageContext(request, flow), checks, { trusted }),
      passed ? 200 : 422,
    );
  });

  app.get('/trust', async (request, reply) => {
    const flow = requireFlow(request, reply);
    if (!flow) return reply;
    if (!flow.i) return reply.redirect('/inspect', 303);
    return reply.page(renderTrust(pageContext(request, flow), config.publicUrl.host));
  });

  app.post('/trust', async (request, reply) => {
    const flow = requireFlow(request, reply);
    if (!flow) return reply;
    if (!portal.validPost(request, flow.n)) return rejectForm(request, reply);
    if (!flow.i) return reply.redirect('/inspect', 303);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.trust === 'yes') {
      const cookie = await trustDevice(deps, request.headers['user-agent'] ?? null, request.ip);
      reply.setCookie(COOKIE.device, cookie, cookieOptions(portal.secure, 400 * 24 * 3600));
    }
    return reply.redirect('/disclaimer', 303);
  });

  app.get('/disclaimer', async (request, reply) => {
    const flow = requireFlow(request, reply);
    if (!flow) return reply;
    if (!flow.i) return reply.redirect('/inspect', 303);
    const doc = await findCurrentDocument(store.db, 'disclaimer', clock.now());
    if (!doc) throw new Error('no disclaimer is published');
    return reply.page(renderDisclaimer(pageContext(request, flow), doc));
  });

  app.post('/disclaimer', async (request, reply) => {
    const flow = requireFlow(request, reply);
    if (!flow) return reply;
    if (!portal.validPost(request, flow.n)) return rejectForm(request, reply);
    if (!flow.i) return reply.redirect('/inspect', 303);
    const form = DisclaimerForm.safeParse(request.body);
    if (!form.success) return reply.redirect('/disclaimer', 303);
    const doc = await findDocument(store.db, 'disclaimer', form.data.version);
    if (!doc) return reply.redirect('/disclaimer', 303);
    if (form.data.decision === 'decline') {
      await audit.append({
        type: 'disclaimer.declined',
        actor: 'anonymous',
        ip: request.ip,
        detail: { version: doc.version },
      });
      portal.clearFlow(reply);
      const t = request.t;
      return reply.page(
        messagePage({
          lang: request.lang,
          t,
          title: t('declinedTitle'),
          path: request.url,
          heading: t('declinedTitle'),
          body: [t('declinedBody')],
          actions: html`<p class="actions"><a class="button" href="/">${t('startAgain')}</a></p>`,
        }),
      );
    }
    portal.writeFlow(reply, { ...flow, d: doc.version });
    return reply.redirect('/login', 303);
  });

  app.get('/login', async (request, reply) => {
    const flow = requireFlow(request, reply);
    if (!flow) return reply;
    if (!flow.i) return reply.redirect('/inspect', 303);
    if (!flow.d) return reply.redirect('/disclaimer', 303);
    return reply.page(renderLogin(pageContext(request, flow)));
  });

  app.post('/login', async (request, reply) => {
    const flow = requireFlow(request, reply);
    if (!flow) return reply;
    if (!portal.validPost(request, flow.n)) return rejectForm(request, reply);
    if (!flow.i) return reply.redirect('/inspect', 303);
    if (!flow.d) return reply.redirect('/disclaimer', 303);
    const c = pageContext(request, flow);
    const t = request.t;
    const form = LoginForm.parse(request.body ?? {});
    if (!form.userId.trim() || !form.password) {
      const errors = {
        userId: form.userId.trim() ? undefined : t('errRequired', { field: t('userId') }),
        password: form.password ? undefined : t('errRequired', { field: t('password') }),
      };
      const summary = [errors.userId, errors.password].filter((m): m is string => m !== undefined);
      return reply.page(renderLogin(c, { userId: form.userId, errors: { summary, ...errors } }), 400);
    }
    const result = await attemptLogin(
      { db: store.db, kv: deps.kv, clock, audit, passwords: deps.passwords, lockout: config.lockout },
      { userId: form.userId, password: form.password, ip: request.ip },
    );
    if (result.kind !== 'ok') {
      const message = loginFailureMessage(request, result);
      return reply.page(
        renderLogin(c, { userId: form.userId, errors: { summary: [message] } }),
        loginFailureStatus(result),
      );
    }
    const account = result.account;
    const placement =
      account.officer_id === null ? undefined : await findOfficerPlacement(store.db, account.officer_id);
    const now = clock.now();
    const grants = decideGrants({ ...account, status: 'active' }, placement, deps.resources, now);
    const doc = await findDocument(store.db, 'disclaimer', flow.d);
    const deviceId = keyring.unsign('cookie-signing', request.cookies[COOKIE.device] ?? '') ?? null;
    // A new session ID at every login: nothing a visitor held before login carries over (no fixation).
    const { session, token } = await deps.sessions.create({
      subject: subjectOf(account, placement),
      grantedHosts: new Set(grants.filter((g) => g.decision.effect === 'allow').map((g) => g.resource.host)),
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      deviceId: deviceId?.startsWith('device:') ? deviceId.slice(7) : null,
      disclaimerVersion: flow.d,
      mfa: false,
    });
    await store.db.transaction().execute(async (trx) => {
      if (doc) {
        await insertAcknowledgement(trx, {
          accountId: account.id,
          documentId: doc.id,
          sessionId: session.id,
          acceptedAt: now,
        });
        await audit.append(
          {
            type: 'disclaimer.accepted',
            actor: account.user_id,
            target: session.id,
            ip: request.ip,
            detail: { version: doc.version },
          },
          trx,
        );
      }
      await audit.append(
        {
          type: 'login.succeeded',
          actor: account.user_id,
          target: session.id,
          ip: request.ip,
          detail: { role: account.role, previous_login: account.last_login_at },
        },
        trx,
      );
    });
    portal.clearFlow(reply);
    reply.setCookie(COOKIE.session, token, cookieOptions(portal.secure));
    const next = flow.nx ? parseNext(flow.nx, deps.resources) : undefined;
    return redirectAfterLogin(deps, reply, session, next);
  });
}

function loginFailureStatus(result: Exclude<LoginResult, { kind: 'ok' }>): number {
  switch (result.kind) {
    case 'failed':
      return 401;
    case 'locked':
      return 423;
    case 'rate_limited':
      return 429;
    case 'not_activated':
    case 'not_active':
      return 403;
  }
}

function loginFailureMessage(request: FastifyRequest, result: Exclude<LoginResult, { kind: 'ok' }>): string {
  const t = request.t;
  switch (result.kind) {
    case 'failed':
      return `${t('errLoginFailed')} ${t('attemptsLeft', { n: result.attemptsLeft })}`;
    case 'locked':
      return t('errLocked', { until: formatDateTime(request.lang, result.until) });
    case 'rate_limited':
      return t('errRateLimited');
    case 'not_activated':
      return t('errNotActivated');
    case 'not_active':
      return t('errNotActive');
  }
}
