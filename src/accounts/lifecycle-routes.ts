import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, statusOf } from '../errors.ts';
import { staffOf, type Staff } from '../policy/index.ts';
import { type ConsoleFeature, routesPlugin } from '../web/index.ts';
import {
  ACCOUNT_ACTIONS,
  ACTION_RULES,
  REASON_MAX,
  REASON_MIN,
  checkReason,
  checkTransition,
  type AccountAction,
} from './lifecycle-rules.ts';
import { applyAccountAction, type ActionResult } from './lifecycle-service.ts';
import { staffReaches, type AccountTarget } from './lifecycle-target.ts';
import { accountPath, statusWords } from './pages-common.ts';
import { renderConfirm } from './pages-confirm.ts';
import { reachableAccount } from './account-access.ts';
import type { AccountRouteDeps } from './routes.ts';

const ActionForm = z.object({
  reason: z.string().max(5000).default(''),
  understood: z.string().max(10).optional(),
});

/** Why an action cannot go ahead on this account as it stands, or undefined when it can. */
function blockedReason(request: FastifyRequest, staff: Staff, target: AccountTarget, action: AccountAction) {
  const t = request.t;
  if (target.id === staff.accountId) return t('accounts.errSelf');
  if (!checkTransition(action, target.status).ok)
    return t(`accounts.invalid_${action}`, { status: statusWords(t, target.status) });
  return undefined;
}

/**
 * Account actions: `GET /console/accounts/:id/<action>` is the confirm step (what will happen, the reason),
 * `POST` to the same path does it. Each action is its own route declaring its own permission.
 */
export function lifecycleRoutes(deps: AccountRouteDeps): ConsoleFeature {
  const conflict = statusOf('CONFLICT');

  /** A failure after the form was accepted: the confirm page again, saying why, or a refusal. */
  function blockedBy(
    request: FastifyRequest,
    staff: Staff,
    action: AccountAction,
    target: AccountTarget,
    result: Extract<ActionResult, { ok: false }>,
  ) {
    const t = request.t;
    const current = result.target ?? target;
    switch (result.reason) {
      case 'not_found':
        throw new AppError('NOT_FOUND');
      case 'out_of_scope':
        throw new AppError('FORBIDDEN');
      case 'self':
      case 'invalid_transition':
        return {
          target: current,
          blocked: blockedReason(request, staff, current, action) ?? t('accounts.errChanged'),
        };
      case 'changed':
        return { target: current, blocked: t('accounts.errChanged') };
      case 'no_email':
        return { target: current, blocked: t('accounts.errNoEmail') };
    }
  }

  return routesPlugin((app) => {
    for (const action of ACCOUNT_ACTIONS) {
      const path = `/console/accounts/:id/${action}`;
      const options = { config: { permission: ACTION_RULES[action].permission } };

      app.get(path, options, async (request, reply) => {
        const staff = staffOf(request);
        const target = await reachableAccount(deps, staff, request.params);
        const blocked = blockedReason(request, staff, target, action);
        return reply.page(
          renderConfirm(request, { staff, target, action, blocked }),
          blocked ? conflict : 200,
        );
      });

      app.post(path, options, async (request, reply) => {
        const staff = staffOf(request);
        const t = request.t;
        const target = await reachableAccount(deps, staff, request.params);
        const form = ActionForm.safeParse(request.body ?? {});
        const typed = form.data?.reason ?? '';
        const reason = form.success
          ? checkReason(action, typed)
          : ({ ok: false, problem: 'too_long' } as const);
        const understood = action !== 'revoke' || form.data?.understood === 'yes';
        if (!reason.ok || !understood) {
          const reasonError = reason.ok
            ? undefined
            : t(`accounts.errReason_${reason.problem}`, { min: REASON_MIN, max: REASON_MAX });
          const understoodError = understood ? undefined : t('accounts.errUnderstood');
          return reply.page(
            renderConfirm(request, { staff, target, action, reason: typed, reasonError, understoodError }),
            statusOf('VALIDATION_FAILED'),
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
        const blocked = blockedBy(request, staff, action, target, result);
        return reply.page(renderConfirm(request, { staff, action, ...blocked }), conflict);
      });
    }
  });
}
