import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { findAccountById, type AccountRow } from '../accounts/index.ts';
import { statusOf } from '../errors.ts';
import {
  countPasskeys,
  failureCode,
  failureMessage,
  finishPasskeySignIn,
  flowOf,
  pendingSecondFactor,
  secondFactorNeed,
  startPasskeySignIn,
  withoutSecondFactor,
  type FlowState,
} from '../login/index.ts';
import { routesPlugin } from '../web/index.ts';
import type { PortalDeps } from './portal-deps.ts';
import { missingStep, type SignInContext } from './sign-in-context.ts';
import { renderLogin, renderPasskeyRequired, renderSecondFactor } from './sign-in-pages.ts';
import { sessionStarter } from './start-session.ts';

/** The passkey form's post: the browser's answer as JSON text (the assertion is checked in the service). */
const PasskeyForm = z.object({ response: z.string().max(12_000).catch('') });

/**
 * The portal's passkey second factor (issue 9): options for `navigator.credentials.get`, the answer, and the
 * access profile's rule that a role must use a passkey. The routes sit in the sign-in scope, so the flow
 * cookie and its CSRF token are checked before any of them runs.
 */
export function passkeySignInRoutes(deps: PortalDeps, ctx: SignInContext) {
  const { clock } = deps;
  const passkeys = {
    db: deps.store.db,
    kv: deps.kv,
    clock,
    audit: deps.audit,
    keyring: deps.keyring,
    config: deps.config,
    metrics: deps.metrics,
  };
  const startSession = sessionStarter(deps, ctx);

  return routesPlugin((app) => {
    // JSON for passkeys.js: 404 when this account has no passkey, so the page keeps the button hidden.
    app.post('/login/passkey/options', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const waiting = await pendingPortalAccount(deps, request);
      if (waiting.kind !== 'ok') return reply.code(statusOf('FLOW_EXPIRED')).send({ available: false });
      // A profile that asks for the app's code offers no passkey.
      if (secondFactorNeed(deps.policy, 'portal', waiting.account.role) === 'totp')
        return reply.code(statusOf('NOT_FOUND')).send({ available: false });
      const options = await startPasskeySignIn(passkeys, {
        accountId: waiting.account.id,
        channel: 'portal',
        flowNonce: waiting.flow.n,
      });
      if (!options) return reply.code(statusOf('NOT_FOUND')).send({ available: false });
      return reply.send(options);
    });

    app.post('/login/passkey', async (request, reply) => {
      const waiting = await pendingPortalAccount(deps, request);
      if (waiting.kind !== 'ok')
        return reply.redirect(waiting.kind === 'expired' ? '/login/otp' : '/login', 303);
      const { flow, account } = waiting;
      if (secondFactorNeed(deps.policy, 'portal', account.role) === 'totp')
        return reply.redirect('/login/otp', 303);
      const t = request.t;
      const form = PasskeyForm.parse(request.body ?? {});
      let response: unknown;
      try {
        response = JSON.parse(form.response);
      } catch {
        response = undefined;
      }
      const result = await finishPasskeySignIn(passkeys, {
        account,
        channel: 'portal',
        flowNonce: flow.n,
        response,
        ip: request.ip,
      });
      if (result.kind === 'ok') return startSession(request, reply, flow, account, 'passkey');
      const page = ctx.page(request, flow);
      if (result.kind === 'failed') {
        const left = t(result.attemptsLeft === 1 ? 'signin.attemptLeft' : 'attemptsLeft', {
          n: result.attemptsLeft,
        });
        const error = `${t('passkeys.errFailed')} ${left}`;
        const required = secondFactorNeed(deps.policy, 'portal', account.role) === 'passkey';
        return reply.page(
          required
            ? renderPasskeyRequired(page, { hasPasskey: true, error })
            : renderSecondFactor(page, { method: 'totp', error }),
          statusOf('LOGIN_FAILED'),
        );
      }
      ctx.cookies.write(reply, withoutSecondFactor(flow));
      const errors = { summary: [failureMessage(t, request.lang, result)] };
      return reply.page(renderLogin(page, { errors }), statusOf(failureCode(result)));
    });
  });
}

type PendingAccount =
  | { readonly kind: 'none' | 'expired' }
  | { readonly kind: 'ok'; readonly flow: FlowState; readonly account: AccountRow };

/** The account whose password this flow accepted on the portal, still usable, within the time limit. */
async function pendingPortalAccount(deps: PortalDeps, request: FastifyRequest): Promise<PendingAccount> {
  const flow = flowOf(request);
  if (missingStep(flow, 'login', deps.policy.current().profile('portal').steps)) return { kind: 'none' };
  const waiting = pendingSecondFactor(flow, 'portal', deps.clock.now());
  if (waiting.kind !== 'ok') return { kind: waiting.kind };
  const account = await findAccountById(deps.store.db, waiting.accountId);
  if (!account || (account.status !== 'active' && account.status !== 'locked')) return { kind: 'none' };
  return { kind: 'ok', flow, account };
}

/**
 * The portal's access profile may require a passkey of a role: then `/login/otp` shows only the passkey
 * (or whom to ask, without one), and a posted code or recovery code is refused, audited, before it is
 * checked. A preHandler of the sign-in scope, so the code routes themselves stay as they are.
 */
export function passkeyRequiredGuard(deps: PortalDeps, ctx: SignInContext): preHandlerAsyncHookHandler {
  return async function guard(request: FastifyRequest, reply: FastifyReply) {
    if (request.routeOptions.url !== '/login/otp') return;
    const waiting = await pendingPortalAccount(deps, request);
    if (waiting.kind !== 'ok') return;
    const { account, flow } = waiting;
    if (secondFactorNeed(deps.policy, 'portal', account.role) !== 'passkey') return;
    const hasPasskey = (await countPasskeys(deps.store.db, account.id)) > 0;
    const page = ctx.page(request, flow);
    if (request.method !== 'POST') return reply.page(renderPasskeyRequired(page, { hasPasskey }));
    await deps.audit.append({
      type: 'login.passkey_required',
      actor: account.user_id,
      target: account.user_id,
      ip: request.ip,
      detail: { channel: 'portal', hasPasskey },
    });
    const error = request.t('passkeys.errCodeRefused');
    return reply.page(renderPasskeyRequired(page, { hasPasskey, error }), statusOf('FORBIDDEN'));
  };
}
