import type { FastifyInstance } from 'fastify';
import type { ActivationDeps } from './routes.ts';
import type { ActivationContext } from './activation-context.ts';
import { renderPasswordForm } from './activation-pages.ts';
import { choosePassword } from './activation-password.ts';
import { completeReset } from './activation-service.ts';
import { endActivation } from './activation-state.ts';

/** Password reset from an administrator's link: one step, a new password under the same policy. */
export function registerResetSteps(app: FastifyInstance, deps: ActivationDeps, ctx: ActivationContext): void {
  app.get('/reset/password', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'reset', '/reset/password');
    if (!step) return reply;
    const c = { request, csrf: ctx.csrf(step.key), userId: step.account.userId };
    return reply.page(renderPasswordForm(c, 'reset'));
  });

  app.post('/reset/password', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'reset', '/reset/password');
    if (!step) return reply;
    if (!ctx.validPost(request, step.key)) return ctx.sendCsrfProblem(request, reply);
    const chosen = await choosePassword(request.body, step.account, deps.passwords, request.t);
    if (!chosen.ok) {
      const c = { request, csrf: ctx.csrf(step.key), userId: step.account.userId };
      return reply.page(renderPasswordForm(c, 'reset', chosen.errors), 400);
    }
    const ended = await completeReset(deps, {
      account: step.account,
      passwordHash: chosen.hash,
      ip: request.ip,
    });
    await endActivation(deps, step.key);
    ctx.clearCookie(reply);
    if (ended === undefined) return ctx.sendLinkProblem(request, reply, 'wrong_status');
    const t = request.t;
    return ctx.send(request, reply, {
      heading: t('provisioning.resetDoneTitle'),
      body: [t('provisioning.resetDoneBody')],
      status: 200,
      actions: ctx.signInAction(request),
    });
  });
}
