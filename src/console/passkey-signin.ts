import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  type FlowCookies,
  type FlowState,
} from '../login/index.ts';
import type { SecondFactorUsed } from '../policy/index.ts';
import type { ConsoleSignInDeps } from './sign-in-routes.ts';
import { renderConsoleCode, renderConsoleLogin, renderConsolePasskeyRequired } from './sign-in-pages.ts';

const PasskeyForm = z.object({ response: z.string().max(12_000).catch('') });

/** What the console's sign-in routes lend the passkey routes. */
export interface ConsolePasskeyHost {
  readonly deps: ConsoleSignInDeps;
  readonly cookies: FlowCookies;
  /** The account awaiting its second factor here, or the answer already sent (back to the password). */
  pendingAccount(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ answer: FastifyReply; flow?: undefined } | { flow: FlowState; account: AccountRow }>;
  startSession(
    request: FastifyRequest,
    reply: FastifyReply,
    account: AccountRow,
    secondFactor: SecondFactorUsed,
  ): Promise<FastifyReply>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The console's passkey second factor (issue 9), added to its sign-in scope (flow cookie and CSRF checked
 * by the scope's hook): options for passkeys.js, the answer, and the access profile's rule that a role must
 * use a passkey, which turns `/console/login/otp` into the passkey alone and refuses codes there.
 */
export function addConsolePasskeySignIn(app: FastifyInstance, host: ConsolePasskeyHost): void {
  const { deps, cookies } = host;
  const passkeys = {
    db: deps.store.db,
    kv: deps.kv,
    clock: deps.clock,
    audit: deps.audit,
    keyring: deps.keyring,
    config: deps.config,
    metrics: deps.metrics,
  };

  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== '/console/login/otp') return;
    const flow = flowOf(request);
    const waiting = pendingSecondFactor(flow, 'console', deps.clock.now());
    if (waiting.kind !== 'ok') return;
    const account = await findAccountById(deps.store.db, waiting.accountId);
    if (!account || secondFactorNeed(deps.policy, 'console', account.role) !== 'passkey') return;
    const hasPasskey = (await countPasskeys(deps.store.db, account.id)) > 0;
    const csrf = cookies.csrf(flow);
    if (request.method !== 'POST')
      return reply.page(renderConsolePasskeyRequired(request, csrf, { hasPasskey }));
    await deps.audit.append({
      type: 'login.passkey_required',
      actor: account.user_id,
      target: account.user_id,
      ip: request.ip,
      detail: { channel: 'console', hasPasskey },
    });
    const error = request.t('passkeys.errCodeRefused');
    return reply.page(
      renderConsolePasskeyRequired(request, csrf, { hasPasskey, error }),
      statusOf('FORBIDDEN'),
    );
  });

  app.post('/console/login/passkey/options', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const flow = flowOf(request);
    const waiting = pendingSecondFactor(flow, 'console', deps.clock.now());
    if (waiting.kind !== 'ok') return reply.code(statusOf('FLOW_EXPIRED')).send({ available: false });
    // A profile that asks for the app's code offers no passkey.
    const account = await findAccountById(deps.store.db, waiting.accountId);
    if (!account || secondFactorNeed(deps.policy, 'console', account.role) === 'totp')
      return reply.code(statusOf('NOT_FOUND')).send({ available: false });
    const options = await startPasskeySignIn(passkeys, {
      accountId: waiting.accountId,
      channel: 'console',
      flowNonce: flow.n,
    });
    if (!options) return reply.code(statusOf('NOT_FOUND')).send({ available: false });
    return reply.send(options);
  });

  app.post('/console/login/passkey', async (request, reply) => {
    const pending = await host.pendingAccount(request, reply);
    if (!pending.flow) return pending.answer;
    const { flow, account } = pending;
    if (secondFactorNeed(deps.policy, 'console', account.role) === 'totp')
      return reply.redirect('/console/login/otp', 303);
    const t = request.t;
    const csrf = cookies.csrf(flow);
    const response = parseJson(PasskeyForm.parse(request.body ?? {}).response);
    const result = await finishPasskeySignIn(passkeys, {
      account,
      channel: 'console',
      flowNonce: flow.n,
      response,
      ip: request.ip,
    });
    if (result.kind === 'ok') return host.startSession(request, reply, account, 'passkey');
    if (result.kind === 'failed') {
      const left = t(result.attemptsLeft === 1 ? 'signin.attemptLeft' : 'attemptsLeft', {
        n: result.attemptsLeft,
      });
      const error = `${t('passkeys.errFailed')} ${left}`;
      const required = secondFactorNeed(deps.policy, 'console', account.role) === 'passkey';
      return reply.page(
        required
          ? renderConsolePasskeyRequired(request, csrf, { hasPasskey: true, error })
          : renderConsoleCode(request, csrf, { method: 'totp', error }),
        statusOf('LOGIN_FAILED'),
      );
    }
    cookies.write(reply, withoutSecondFactor(flow));
    const errors = { summary: [failureMessage(t, request.lang, result)] };
    return reply.page(renderConsoleLogin(request, csrf, { errors }), statusOf(failureCode(result)));
  });
}
