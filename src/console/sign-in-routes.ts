import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AccountRow, findAccountById } from '../accounts/index.ts';
import { ERRORS, statusOf } from '../errors.ts';
import {
  awaitingSecondFactor,
  checkCode,
  CodeFormBody,
  CodeFormQuery,
  confirmTotp,
  createFlowCookies,
  deviceCookieHook,
  forwardingCheck,
  enrolmentCodes,
  enrolmentSetup,
  type EnrolmentState,
  EnrolmentStateSchema,
  failureCode,
  failureMessage,
  flowOf,
  type FlowState,
  needsSecondFactor,
  openSession,
  passwordStep,
  pendingSecondFactor,
  requireFlow,
  type SignInDeps,
  storeSecondFactor,
  personFactsOf,
  subjectOf,
  withoutSecondFactor,
  holdAtLimit,
  registerSessionLimit,
  sessionsAtLimit,
} from '../login/index.ts';
import { scopeOf, type PolicyRuntime, type SecondFactorUsed } from '../policy/index.ts';
import type { Config } from '../config.ts';
import { COOKIE, cookieOptions, routesPlugin } from '../web/index.ts';
import { addConsolePasskeySignIn } from './passkey-signin.ts';
import {
  renderConsoleCode,
  renderConsoleCodes,
  renderConsoleEnrol,
  renderConsoleLogin,
} from './sign-in-pages.ts';

export interface ConsoleSignInDeps extends SignInDeps {
  readonly config: Pick<Config, 'lockout' | 'publicUrl' | 'session' | 'trustedProxies'>;
  readonly policy: PolicyRuntime;
}

const SavedForm = z.object({ saved: z.literal('yes').optional() }).catch({});

/**
 * The console's sign-in, on the same sign-in service as the portal: the password, then the second factor.
 * Staff must have one: an account without it enrols an authenticator app here, on its first sign-in,
 * before any console page opens.
 */
export function consoleSignInRoutes(deps: ConsoleSignInDeps) {
  const { clock, audit, kv, keyring } = deps;
  const cookies = createFlowCookies(deps);
  // The enrolment may take as long as installing an app; it shares the flow's own limit.
  const enrolTimeoutMs = deps.config.session.flowTimeoutS * 1000;
  const enrolKey = (flow: FlowState) => `console-enrol:${flow.n}`;

  async function loadEnrolment(flow: FlowState): Promise<EnrolmentState> {
    const stored = await kv.get(enrolKey(flow));
    const parsed = stored === undefined ? undefined : EnrolmentStateSchema.safeParse(JSON.parse(stored));
    return parsed?.success ? parsed.data : {};
  }
  const saveEnrolment = (flow: FlowState, state: EnrolmentState) =>
    kv.set(enrolKey(flow), JSON.stringify(state), enrolTimeoutMs);

  /** Opens the console session and sends the staff member in. */
  async function startSession(
    request: FastifyRequest,
    reply: FastifyReply,
    account: AccountRow,
    secondFactor: SecondFactorUsed,
    also?: Parameters<typeof openSession>[1]['also'],
  ) {
    const profile = deps.policy.current().profile('console');
    // At the limit the staff member chooses which session to end (issue 9). Not in the first sign-in's
    // enrolment (`also`): an account without a second factor cannot hold a console session yet.
    const live = also ? undefined : await sessionsAtLimit(deps, account.id, profile.maxSessions);
    if (live !== undefined) {
      const max = profile.maxSessions;
      const limit = { channel: 'console', flow: flowOf(request), account, secondFactor, live, max } as const;
      return holdAtLimit(deps, cookies, request, reply, limit);
    }
    const { token } = await openSession(deps, {
      account,
      channel: 'console',
      subject: subjectOf(account, undefined),
      person: personFactsOf(account, undefined, new Map()),
      facts: { secondFactor, deviceTrusted: false, posture: null },
      idleTimeoutS: profile.idleTimeoutS,
      absoluteTimeoutS: profile.absoluteTimeoutS,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      deviceId: null,
      also,
    });
    cookies.clear(reply);
    reply.setCookie(COOKIE.session, token, cookieOptions(cookies.secure));
    return reply.redirect('/console', 303);
  }

  /** The account whose password was accepted here, while the time allows; otherwise back to the password. */
  async function pendingAccount(request: FastifyRequest, reply: FastifyReply, timeoutMs?: number) {
    const flow = flowOf(request);
    const waiting = pendingSecondFactor(flow, 'console', clock.now(), timeoutMs);
    if (waiting.kind === 'none') return { answer: reply.redirect('/console/login', 303) };
    const account =
      waiting.kind === 'ok' ? await findAccountById(deps.store.db, waiting.accountId) : undefined;
    if (!account || (account.status !== 'active' && account.status !== 'locked')) {
      cookies.write(reply, withoutSecondFactor(flow));
      const t = request.t;
      const message = waiting.kind === 'expired' ? t('provisioning.errMfaExpired') : t('errNotActive');
      const page = renderConsoleLogin(request, cookies.csrf(flow), { errors: { summary: [message] } });
      return {
        answer: reply.page(
          page,
          statusOf(waiting.kind === 'expired' ? 'FLOW_EXPIRED' : 'ACCOUNT_NOT_ACTIVE'),
        ),
      };
    }
    return { flow, account };
  }

  return routesPlugin((app) => {
    app.decorateRequest('flow', undefined);
    app.addHook('preHandler', requireFlow(cookies, { path: '/console/login', label: 'startAgain' }));
    // A browser that completes a console sign-in becomes a known device for its account (OWASP).
    app.addHook('onRequest', forwardingCheck(deps));
    app.addHook('onSend', deviceCookieHook(keyring, cookies.secure, '/console/login'));
    registerSessionLimit(app, deps, {
      cookies,
      channel: 'console',
      restart: '/console/login',
      cancelled: '/console/login',
      open: (request, reply, _flow, account, secondFactor) =>
        startSession(request, reply, account, secondFactor),
    });
    // Passkeys as the second factor, and the profile's rule that a role must use one (issue 9).
    addConsolePasskeySignIn(app, { deps, cookies, pendingAccount, startSession });

    app.get('/console/login', { config: { startsFlow: true } }, async (request, reply) => {
      const flow = cookies.readOrStart(request, reply);
      return reply.page(renderConsoleLogin(request, cookies.csrf(flow)));
    });

    app.post('/console/login', async (request, reply) => {
      const flow = flowOf(request);
      const t = request.t;
      const csrf = cookies.csrf(flow);
      const step = await passwordStep(deps, request);
      if (!step.ok) return reply.page(renderConsoleLogin(request, csrf, step.state), statusOf(step.code));
      const { account } = step;
      if (!scopeOf(account.role, 'console.use')) {
        await audit.append({
          type: 'console.access_denied',
          actor: account.user_id,
          ip: request.ip,
          detail: { permission: 'console.use' },
        });
        const errors = { summary: [t(ERRORS.CONSOLE_NOT_ALLOWED.body)] };
        return reply.page(
          renderConsoleLogin(request, csrf, { ...step.state, errors }),
          statusOf('CONSOLE_NOT_ALLOWED'),
        );
      }
      // A fresh flow clock for the second factor (or its enrolment), bound to this channel and account.
      const now = clock.now();
      cookies.write(reply, awaitingSecondFactor({ ...flow, s: now }, 'console', account.id, now));
      return reply.redirect(needsSecondFactor(account) ? '/console/login/otp' : '/console/login/enrol', 303);
    });

    app.get('/console/login/otp', async (request, reply) => {
      const pending = await pendingAccount(request, reply);
      if (!pending.account) return pending.answer;
      if (!needsSecondFactor(pending.account)) return reply.redirect('/console/login/enrol', 303);
      const { method } = CodeFormQuery.parse(request.query ?? {});
      return reply.page(renderConsoleCode(request, cookies.csrf(pending.flow), { method }));
    });

    app.post('/console/login/otp', async (request, reply) => {
      const pending = await pendingAccount(request, reply);
      if (!pending.account) return pending.answer;
      const { flow } = pending;
      const t = request.t;
      const csrf = cookies.csrf(flow);
      const form = CodeFormBody.parse(request.body ?? {});
      if (!form.code.trim()) {
        const error = t('provisioning.errMfaRequired');
        return reply.page(
          renderConsoleCode(request, csrf, { method: form.method, error }),
          statusOf('VALIDATION_FAILED'),
        );
      }
      const checked = await checkCode(deps, {
        accountId: pending.account.id,
        method: form.method,
        code: form.code,
        ip: request.ip,
      });
      const { result } = checked;
      if (result.kind === 'ok' && checked.account)
        return startSession(request, reply, checked.account, result.method);
      if (result.kind === 'failed') {
        const error = failureMessage(t, request.lang, result, 'provisioning.errMfaWrong');
        return reply.page(
          renderConsoleCode(request, csrf, { method: form.method, error }),
          statusOf('LOGIN_FAILED'),
        );
      }
      const failure = result.kind === 'ok' ? ({ kind: 'not_active' } as const) : result;
      cookies.write(reply, withoutSecondFactor(flow));
      const errors = { summary: [failureMessage(t, request.lang, failure)] };
      return reply.page(renderConsoleLogin(request, csrf, { errors }), statusOf(failureCode(failure)));
    });

    /** An account that has no second factor yet, in an enrolment under way. */
    async function enrolling(request: FastifyRequest, reply: FastifyReply) {
      const pending = await pendingAccount(request, reply, enrolTimeoutMs);
      if (!pending.account) return pending;
      if (needsSecondFactor(pending.account)) return { answer: reply.redirect('/console/login/otp', 303) };
      return { ...pending, account: pending.account, state: await loadEnrolment(pending.flow) };
    }

    async function enrolPage(
      request: FastifyRequest,
      flow: FlowState,
      account: AccountRow,
      state: EnrolmentState,
      error?: string,
    ) {
      const set = await enrolmentSetup(keyring, state, account.user_id);
      if (set.state !== state) await saveEnrolment(flow, set.state);
      return renderConsoleEnrol(request, {
        csrf: cookies.csrf(flow),
        userId: account.user_id,
        setup: set.setup,
        error,
      });
    }

    app.get('/console/login/enrol', async (request, reply) => {
      const e = await enrolling(request, reply);
      if (!('state' in e)) return e.answer;
      if (e.state.totpConfirmed) return reply.redirect('/console/login/enrol/codes', 303);
      return reply.page(await enrolPage(request, e.flow, e.account, e.state));
    });

    app.post('/console/login/enrol', async (request, reply) => {
      const e = await enrolling(request, reply);
      if (!('state' in e)) return e.answer;
      const typed = z.object({ code: z.string().max(50) }).safeParse(request.body).data?.code ?? '';
      const confirmed = await confirmTotp(deps, e.account.id, e.state, typed);
      if (!confirmed.ok) {
        if (confirmed.problem === 'no_secret') return reply.redirect('/console/login/enrol', 303);
        const error = request.t(
          confirmed.problem === 'required' ? 'provisioning.errTotpRequired' : 'provisioning.errTotpWrong',
        );
        return reply.page(
          await enrolPage(request, e.flow, e.account, e.state, error),
          statusOf('VALIDATION_FAILED'),
        );
      }
      await saveEnrolment(e.flow, confirmed.state);
      return reply.redirect('/console/login/enrol/codes', 303);
    });

    /** The recovery codes of a confirmed enrolment (made once and kept, so a reload shows the same ten). */
    async function codesOf(e: { flow: FlowState; state: EnrolmentState }) {
      const made = enrolmentCodes(keyring, e.state);
      if (made.state !== e.state) await saveEnrolment(e.flow, made.state);
      return made;
    }

    app.get('/console/login/enrol/codes', async (request, reply) => {
      const e = await enrolling(request, reply);
      if (!('state' in e)) return e.answer;
      if (!e.state.totpConfirmed) return reply.redirect('/console/login/enrol', 303);
      const { codes } = await codesOf(e);
      return reply.page(renderConsoleCodes(request, { csrf: cookies.csrf(e.flow), codes }));
    });

    app.post('/console/login/enrol/codes', async (request, reply) => {
      const e = await enrolling(request, reply);
      if (!('state' in e)) return e.answer;
      if (!e.state.totpConfirmed) return reply.redirect('/console/login/enrol', 303);
      const { codes, state } = await codesOf(e);
      if (SavedForm.parse(request.body ?? {}).saved !== 'yes') {
        const error = request.t('provisioning.errRecoverySaved');
        return reply.page(
          renderConsoleCodes(request, { csrf: cookies.csrf(e.flow), codes, error }),
          statusOf('VALIDATION_FAILED'),
        );
      }
      const totpSealed = state.totpSealed;
      if (!totpSealed) return reply.redirect('/console/login/enrol', 303);
      const { account } = e;
      // The second factor, the session and their audit records commit together.
      const answer = await startSession(request, reply, account, 'totp', (trx) =>
        storeSecondFactor(trx, audit, {
          accountId: account.id,
          userId: account.user_id,
          totpSealed,
          codes,
          ip: request.ip,
          now: clock.now(),
        }),
      );
      await kv.del(enrolKey(e.flow));
      return answer;
    });
  });
}
