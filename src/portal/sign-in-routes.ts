import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { findCurrentDocument, findDocument, insertAcknowledgement } from '../documents/repository.ts';
import { formatDateTime } from '../i18n/i18n.ts';
import { findAccountById, type AccountRow } from '../accounts/repository.ts';
import { attemptLogin, type LoginResult } from '../login/login-service.ts';
import { needsSecondFactor, verifySecondFactor } from '../login/second-factor.ts';
import { decideGrants, subjectOf } from '../login/subject.ts';
import { findOfficerPlacement } from '../directory/repository.ts';
import { COOKIE, cookieOptions } from '../web/cookies.ts';
import { messagePage } from '../web/layout.ts';
import { html } from '../web/html.ts';
import { isTrustedDevice, trustDevice } from './device-trust.ts';
import { pendingSecondFactor, withoutSecondFactor, type FlowState } from './flow.ts';
import { InspectionReportSchema, inspectDevice } from './inspection.ts';
import { parseNext } from './next-url.ts';
import type { PortalContext } from './portal-context.ts';
import {
  renderDisclaimer,
  renderInspectResult,
  renderInspectRunning,
  renderLogin,
  renderSecondFactor,
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

  /** Creates the session after every factor has passed, records the disclaimer, and sends the officer on. */
  const startSession = async (
    request: FastifyRequest,
    reply: FastifyReply,
    flow: FlowState,
    account: AccountRow,
    factors: { disclaimerVersion: number; mfa: boolean; previousLogin: number | null },
  ): Promise<FastifyReply> => {
    const placement =
      account.officer_id === null ? undefined : await findOfficerPlacement(store.db, account.officer_id);
    const now = clock.now();
    const grants = decideGrants({ ...account, status: 'active' }, placement, deps.resources, now);
    const doc = await findDocument(store.db, 'disclaimer', factors.disclaimerVersion);
    const deviceId = keyring.unsign('cookie-signing', request.cookies[COOKIE.device] ?? '') ?? null;
    // A new session ID at every login: nothing a visitor held before login carries over (no fixation).
    const { session, token } = await deps.sessions.create({
      subject: subjectOf(account, placement),
      grantedHosts: new Set(grants.filter((g) => g.decision.effect === 'allow').map((g) => g.resource.host)),
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      deviceId: deviceId?.startsWith('device:') ? deviceId.slice(7) : null,
      disclaimerVersion: factors.disclaimerVersion,
      mfa: factors.mfa,
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
          detail: { role: account.role, previous_login: factors.previousLogin, mfa: factors.mfa },
        },
        trx,
      );
    });
    portal.clearFlow(reply);
    reply.setCookie(COOKIE.session, token, cookieOptions(portal.secure));
    const next = flow.nx ? parseNext(flow.nx, deps.resources) : undefined;
    return redirectAfterLogin(deps, reply, session, next);
  };

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
    if (needsSecondFactor(account)) {
      // The session waits for the second factor; the flow cookie (signed) remembers whose password it was.
      portal.writeFlow(reply, { ...flow, ma: account.id, mt: clock.now(), mp: account.last_login_at });
      return reply.redirect('/login/otp', 303);
    }
    return startSession(request, reply, flow, account, {
      disclaimerVersion: flow.d,
      mfa: false,
      previousLogin: account.last_login_at,
    });
  });

  registerSecondFactorRoutes(app, deps, portal, { pageContext, requireFlow, rejectForm, startSession });
}

interface SignInHelpers {
  pageContext(request: FastifyRequest, flow: FlowState): SignInPageContext;
  requireFlow(request: FastifyRequest, reply: FastifyReply): FlowState | undefined;
  rejectForm(request: FastifyRequest, reply: FastifyReply): FastifyReply;
  startSession(
    request: FastifyRequest,
    reply: FastifyReply,
    flow: FlowState,
    account: AccountRow,
    factors: { disclaimerVersion: number; mfa: boolean; previousLogin: number | null },
  ): Promise<FastifyReply>;
}

const SecondFactorQuery = z.object({ method: z.enum(['totp', 'recovery']).catch('totp') });
const SecondFactorForm = z.object({
  method: z.enum(['totp', 'recovery']).catch('totp'),
  code: z.string().max(100).catch(''),
});

/** `/login/otp`: the second factor, for accounts with an authenticator app, within 5 minutes of the password. */
function registerSecondFactorRoutes(
  app: FastifyInstance,
  deps: Deps,
  portal: PortalContext,
  h: SignInHelpers,
): void {
  const { clock, store, config } = deps;
  const factorDeps = {
    db: store.db,
    kv: deps.kv,
    clock,
    audit: deps.audit,
    keyring: deps.keyring,
    lockout: config.lockout,
  };

  /** Back to the password, with a message, dropping the pending second factor. */
  const backToLogin = (
    request: FastifyRequest,
    reply: FastifyReply,
    flow: FlowState,
    message: string,
    status: number,
  ) => {
    portal.writeFlow(reply, withoutSecondFactor(flow));
    return reply.page(renderLogin(h.pageContext(request, flow), { errors: { summary: [message] } }), status);
  };

  /** The flow and the account awaiting its second factor, or an answer already sent. */
  const requirePending = (request: FastifyRequest, reply: FastifyReply) => {
    const flow = h.requireFlow(request, reply);
    if (!flow) return undefined;
    const pending = pendingSecondFactor(flow, clock.now());
    if (!flow.i || !flow.d || pending.kind === 'none') {
      void reply.redirect('/login', 303);
      return undefined;
    }
    if (pending.kind === 'expired') {
      void backToLogin(request, reply, flow, request.t('provisioning.errMfaExpired'), 440);
      return undefined;
    }
    return { flow, disclaimerVersion: flow.d, accountId: pending.accountId };
  };

  app.get('/login/otp', async (request, reply) => {
    const pending = requirePending(request, reply);
    if (!pending) return reply;
    const { method } = SecondFactorQuery.parse(request.query ?? {});
    return reply.page(renderSecondFactor(h.pageContext(request, pending.flow), { method }));
  });

  app.post('/login/otp', async (request, reply) => {
    const pending = requirePending(request, reply);
    if (!pending) return reply;
    const { flow } = pending;
    if (!portal.validPost(request, flow.n)) return h.rejectForm(request, reply);
    const t = request.t;
    const form = SecondFactorForm.parse(request.body ?? {});
    const c = h.pageContext(request, flow);
    if (!form.code.trim()) {
      const error = t('provisioning.errMfaRequired');
      return reply.page(renderSecondFactor(c, { method: form.method, error }), 400);
    }
    const account = await findAccountById(store.db, pending.accountId);
    if (!account || !needsSecondFactor(account))
      return backToLogin(request, reply, flow, t('errNotActive'), 403);
    if (account.status !== 'active' && account.status !== 'locked')
      return backToLogin(request, reply, flow, t('errNotActive'), 403);
    const result = await verifySecondFactor(factorDeps, {
      account,
      method: form.method,
      code: form.code,
      ip: request.ip,
    });
    switch (result.kind) {
      case 'ok':
        return h.startSession(request, reply, flow, account, {
          disclaimerVersion: pending.disclaimerVersion,
          mfa: true,
          previousLogin: flow.mp ?? null,
        });
      case 'failed': {
        const error = `${t('provisioning.errMfaWrong')} ${t('attemptsLeft', { n: result.attemptsLeft })}`;
        return reply.page(renderSecondFactor(c, { method: form.method, error }), 401);
      }
      case 'locked':
        return backToLogin(
          request,
          reply,
          flow,
          t('errLocked', { until: formatDateTime(request.lang, result.until) }),
          423,
        );
    }
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
