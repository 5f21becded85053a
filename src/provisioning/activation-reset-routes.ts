import type { FastifyInstance } from 'fastify';
import { statusOf } from '../errors.ts';
import type { ActivationDeps } from './routes.ts';
import type { ActivationContext } from './activation-context.ts';
import { renderPasswordForm } from './activation-pages.ts';
import { choosePassword } from './activation-password.ts';
import { completeReset, wrongStatus } from './activation-service.ts';

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
    ctx.requirePost(request, step.key);
    const chosen = await choosePassword(request.body, step.account, deps.passwords, request.t);
    if (!chosen.ok) {
      const c = { request, csrf: ctx.csrf(step.key), userId: step.account.userId };
      return reply.page(renderPasswordForm(c, 'reset', chosen.errors), statusOf('VALIDATION_FAILED'));
    }
    const ended = await completeReset(deps, {
      account: step.account,
      tokenId: step.state.tokenId,
      passwordHash: chosen.hash,
      ip: request.ip,
    });
    ctx.clearCookie(reply);
    if (ended === undefined) return ctx.refuse(request, reply, wrongStatus(undefined));
    return ctx.sendDone(request, reply, 'provisioning.resetDoneTitle', 'provisioning.resetDoneBody');
  });
}
