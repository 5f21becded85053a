import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Staff, StaffGuard } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { messagePage } from '../web/layout.ts';
import { IdParams, type TargetLoader } from './lifecycle-access.ts';
import {
  ACTION_RULES,
  REASON_MAX,
  REASON_MIN,
  checkReason,
  checkTransition,
  isAccountAction,
  type AccountAction,
} from './lifecycle-rules.ts';
import { applyAccountAction, type ActionResult } from './lifecycle-service.ts';
import { staffReaches, type AccountTarget } from './lifecycle-target.ts';
import { accountPath, statusWords } from './pages-common.ts';
import { renderConfirm } from './pages-confirm.ts';

const ActionParams = IdParams.extend({ action: z.string().max(20) });
const ActionForm = z.object({
  reason: z.string().max(5000).default(''),
  understood: z.string().max(10).optional(),
});

/**
 * Account actions: `GET /console/accounts/:id/:action` is the confirm step (what will happen, the reason),
 * `POST` to the same path does it. Every request checks the action's own permission and scope.
 */
export function registerLifecycleRoutes(
  app: FastifyInstance,
  deps: Deps,
  guard: StaffGuard,
  reachableTarget: TargetLoader,
): void {
  /** Why an action cannot go ahead on this account as it stands, or undefined when it can. */
  function blockedReason(
    request: FastifyRequest,
    staff: Staff,
    target: AccountTarget,
    action: AccountAction,
  ) {
    const t = request.t;
    if (target.id === staff.accountId) return t('accounts.errSelf');
    if (!checkTransition(action, target.status).ok)
      return t(`accounts.invalid_${action}`, { status: statusWords(t, target.status) });
    return undefined;
  }

  app.get('/console/accounts/:id/:action', async (request, reply) => {
    const params = ActionParams.safeParse(request.params);
    if (!params.success || !isAccountAction(params.data.action)) {
      reply.callNotFound();
      return reply;
    }
    const action = params.data.action;
    const staff = await guard.require(request, reply, ACTION_RULES[action].permission);
    if (!staff) return reply;
    const target = await reachableTarget(
      request,
      reply,
      staff,
      params.data.id,
      ACTION_RULES[action].permission,
    );
    if (!target) return reply;
    const blocked = blockedReason(request, staff, target, action);
    return reply.page(renderConfirm(request, { staff, target, action, blocked }), blocked ? 409 : 200);
  });

  app.post('/console/accounts/:id/:action', async (request, reply) => {
    const params = ActionParams.safeParse(request.params);
    if (!params.success || !isAccountAction(params.data.action)) {
      reply.callNotFound();
      return reply;
    }
    const action = params.data.action;
    const t = request.t;
    const staff = await guard.require(request, reply, ACTION_RULES[action].permission);
    if (!staff) return reply;
    if (!guard.validPost(request, staff)) {
      return reply.page(
        messagePage({
          lang: request.lang,
          t,
          title: t('errCsrf'),
          path: request.url,
          heading: t('errCsrf'),
          body: [],
        }),
        403,
      );
    }
    const target = await reachableTarget(
      request,
      reply,
      staff,
      params.data.id,
      ACTION_RULES[action].permission,
    );
    if (!target) return reply;
    const form = ActionForm.safeParse(request.body ?? {});
    const typed = form.data?.reason ?? '';
    const reason = form.success ? checkReason(action, typed) : ({ ok: false, problem: 'too_long' } as const);
    const understood = action !== 'revoke' || form.data?.understood === 'yes';
    if (!reason.ok || !understood) {
      const reasonError = reason.ok
        ? undefined
        : t(`accounts.errReason_${reason.problem}`, { min: REASON_MIN, max: REASON_MAX });
      const understoodError = understood ? undefined : t('accounts.errUnderstood');
      return reply.page(
        renderConfirm(request, { staff, target, action, reason: typed, reasonError, understoodError }),
        400,
      );
    }

    const result = await applyAccountAction(deps, {
      accountId: target.id,
      action,
      actor: { accountId: staff.accountId, userId: staff.userId },
      reason: reason.reason,
      ip: request.ip,
      mayAct: (current) => staffReaches(staff, current),
    });
    if (result.ok) return reply.redirect(`${accountPath(target.id)}?done=${action}`, 303);
    return answerFailure(request, reply, staff, action, target, result);
  });

  async function answerFailure(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    action: AccountAction,
    target: AccountTarget,
    result: Extract<ActionResult, { ok: false }>,
  ): Promise<FastifyReply> {
    const t = request.t;
    const current = result.target ?? target;
    switch (result.reason) {
      case 'not_found':
        reply.callNotFound();
        return reply;
      case 'out_of_scope':
        return guard.deny(request, reply, staff.userId, ACTION_RULES[action].permission);
      case 'self':
      case 'invalid_transition': {
        const blocked = blockedReason(request, staff, current, action) ?? t('accounts.errChanged');
        return reply.page(renderConfirm(request, { staff, target: current, action, blocked }), 409);
      }
      case 'changed':
        return reply.page(
          renderConfirm(request, { staff, target: current, action, blocked: t('accounts.errChanged') }),
          409,
        );
      case 'no_email':
        return reply.page(
          renderConfirm(request, { staff, target: current, action, blocked: t('accounts.errNoEmail') }),
          409,
        );
    }
  }
}
