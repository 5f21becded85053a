import { z } from 'zod';
import { AppError, ERRORS, statusOf } from '../errors.ts';
import type { Translate } from '../i18n/index.ts';
import { staffOf } from '../policy/index.ts';
import { type ConsoleFeature, routesPlugin } from '../web/index.ts';
import { reachableAccount } from './account-access.ts';
import {
  ACCOUNT_ACTIONS,
  ACTION_RULES,
  REASON_MAX,
  REASON_MIN,
  blockedAction,
  checkReason,
  type AccountAction,
} from './lifecycle-rules.ts';
import { applyAccountAction, type ActionRefusal, type LifecycleDeps } from './lifecycle-service.ts';
import { staffReaches, type AccountTarget } from './lifecycle-target.ts';
import { accountPath, statusWords } from './pages-common.ts';
import { renderConfirm } from './pages-confirm.ts';

const ActionForm = z.object({
  reason: z.string().max(5000).default(''),
  understood: z.string().max(10).optional(),
});

/**
 * The sentence for a refused action: the table's, except a status that does not allow the action, which
 * names the action and the status.
 */
function refusalWords(
  t: Translate,
  action: AccountAction,
  code: ActionRefusal,
  target: AccountTarget,
): string {
  if (code === 'ACCOUNT_INVALID_TRANSITION')
    return t(`accounts.invalid_${action}`, { status: statusWords(t, target.status) });
  return t(ERRORS[code].body);
}

/**
 * Account actions: `GET /console/accounts/:id/<action>` is the confirm step (what will happen, the reason),
 * `POST` to the same path does it. Each action is its own route declaring its own permission.
 */
export function lifecycleRoutes(deps: LifecycleDeps): ConsoleFeature {
  return routesPlugin((app) => {
    for (const action of ACCOUNT_ACTIONS) {
      const path = `/console/accounts/:id/${action}`;
      const options = { config: { permission: ACTION_RULES[action].permission } };

      app.get(path, options, async (request, reply) => {
        const staff = staffOf(request);
        const target = await reachableAccount(deps, staff, request.params);
        const code = blockedAction(action, target, staff.accountId);
        const blocked = code && refusalWords(request.t, action, code, target);
        return reply.page(
          renderConfirm(request, { staff, target, action, blocked }),
          code ? statusOf(code) : 200,
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
        if (result.code === 'NOT_FOUND' || result.code === 'FORBIDDEN') throw new AppError(result.code);
        // The confirm page again, saying why, about the account as it is now.
        const current = result.target ?? target;
        const blocked = refusalWords(t, action, result.code, current);
        return reply.page(
          renderConfirm(request, { staff, action, target: current, blocked }),
          statusOf(result.code),
        );
      });
    }
  });
}
