import type { FastifyReply, FastifyRequest } from 'fastify';
import { statusOf } from '../errors.ts';
import {
  awaitingSecondFactor,
  checkCode,
  CodeFormBody,
  CodeFormQuery,
  failureCode,
  failureMessage,
  flowOf,
  needsSecondFactor,
  passwordStep,
  pendingSecondFactor,
  withoutSecondFactor,
  type FlowState,
} from '../login/index.ts';
import { routesPlugin } from '../web/index.ts';
import { sessionStarter } from './start-session.ts';
import type { PortalDeps } from './portal-deps.ts';
import { renderLogin, renderSecondFactor } from './sign-in-pages.ts';
import { missingStep, type SignInContext } from './sign-in-context.ts';

/** `/login` (user ID and password) and `/login/otp` (the second factor, within 5 minutes of the password). */
export function passwordRoutes(deps: PortalDeps, ctx: SignInContext) {
  const { clock } = deps;
  const { cookies } = ctx;

  const startSession = sessionStarter(deps, ctx);

  /** The flow, when the device check and the disclaimer are done; otherwise the step to go back to. */
  function loginFlow(request: FastifyRequest): { flow: FlowState } | { back: string } {
    const flow = flowOf(request);
    const missing = missingStep(flow, 'login', ctx.steps());
    return missing ? { back: missing } : { flow };
  }

  return routesPlugin((app) => {
    app.get('/login', async (request, reply) => {
      const step = loginFlow(request);
      if ('back' in step) return reply.redirect(step.back, 303);
      // A user ID kept from a login that found its flow lost is filled in again.
      const kept = step.flow.u;
      return reply.page(renderLogin(ctx.page(request, step.flow), kept ? { userId: kept } : {}));
    });

    app.post('/login', async (request, reply) => {
      const step = loginFlow(request);
      if ('back' in step) return reply.redirect(step.back, 303);
      const { flow } = step;
      const checked = await passwordStep(deps, request);
      if (!checked.ok)
        return reply.page(renderLogin(ctx.page(request, flow), checked.state), statusOf(checked.code));
      const { account } = checked;
      if (needsSecondFactor(account)) {
        // The session waits for the second factor; the signed flow cookie remembers whose password it was.
        cookies.write(reply, awaitingSecondFactor(flow, 'portal', account.id, clock.now()));
        return reply.redirect('/login/otp', 303);
      }
      return startSession(request, reply, flow, account, 'none');
    });

    /** The flow awaiting a second factor, or where to send the visitor instead. */
    function pending(request: FastifyRequest, reply: FastifyReply) {
      const step = loginFlow(request);
      if ('back' in step) return { answer: reply.redirect('/login', 303) };
      const waiting = pendingSecondFactor(step.flow, 'portal', clock.now());
      if (waiting.kind === 'none') return { answer: reply.redirect('/login', 303) };
      if (waiting.kind === 'expired') {
        cookies.write(reply, withoutSecondFactor(step.flow));
        const errors = { summary: [request.t('provisioning.errMfaExpired')] };
        return {
          answer: reply.page(renderLogin(ctx.page(request, step.flow), { errors }), statusOf('FLOW_EXPIRED')),
        };
      }
      return { flow: step.flow, accountId: waiting.accountId };
    }

    app.get('/login/otp', async (request, reply) => {
      const waiting = pending(request, reply);
      if (!waiting.flow) return waiting.answer;
      const { method } = CodeFormQuery.parse(request.query ?? {});
      return reply.page(renderSecondFactor(ctx.page(request, waiting.flow), { method }));
    });

    app.post('/login/otp', async (request, reply) => {
      const waiting = pending(request, reply);
      if (!waiting.flow) return waiting.answer;
      const { flow } = waiting;
      const t = request.t;
      const form = CodeFormBody.parse(request.body ?? {});
      const page = ctx.page(request, flow);
      if (!form.code.trim()) {
        const error = t('provisioning.errMfaRequired');
        return reply.page(
          renderSecondFactor(page, { method: form.method, error }),
          statusOf('VALIDATION_FAILED'),
        );
      }
      const { result, account } = await checkCode(deps, {
        accountId: waiting.accountId,
        method: form.method,
        code: form.code,
        ip: request.ip,
      });
      if (result.kind === 'ok' && account) return startSession(request, reply, flow, account, result.method);
      if (result.kind === 'failed') {
        const error = failureMessage(t, request.lang, result, 'provisioning.errMfaWrong');
        return reply.page(renderSecondFactor(page, { method: form.method, error }), statusOf('LOGIN_FAILED'));
      }
      // Locked, or the account stopped being usable: back to the password, the second factor dropped.
      const failure = result.kind === 'ok' ? ({ kind: 'not_active' } as const) : result;
      cookies.write(reply, withoutSecondFactor(flow));
      const errors = { summary: [failureMessage(t, request.lang, failure)] };
      return reply.page(renderLogin(page, { errors }), statusOf(failureCode(failure)));
    });
  });
}
