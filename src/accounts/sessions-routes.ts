import { z } from 'zod';
import { AppError } from '../errors.ts';
import { staffOf, type Staff } from '../policy/index.ts';
import { endSessionsOf, findDevice, findSessionAccount, revokeDevice } from '../session/index.ts';
import { checkText, type ConsoleFeature, routesPlugin } from '../web/index.ts';
import { reachableAccount } from './account-access.ts';
import { REASON_MAX, REASON_MIN } from './lifecycle-rules.ts';
import type { LifecycleDeps } from './lifecycle-service.ts';
import { accountPath } from './pages-common.ts';

const EndForm = z.object({
  session: z.string().max(200).optional(),
  all: z.literal('yes').optional(),
  reason: z.string().max(5000).default(''),
});
const RevokeForm = z.object({ device: z.string().min(1).max(200), reason: z.string().max(5000).default('') });

/** The reason typed, trimmed and checked like the lifecycle actions' reasons; refused otherwise. */
function reasonOf(typed: string): string {
  const checked = checkText(typed, 'paragraph', REASON_MAX);
  if (!checked.ok || checked.value.length < REASON_MIN)
    throw new AppError('SESSION_REASON_INVALID', { vars: { min: REASON_MIN, max: REASON_MAX } });
  return checked.value;
}

/**
 * Administrators end one of a person's sessions or all of them, or revoke one of their devices, with a
 * reason, within the scope of `session.end`. The session store records each end and tells every node.
 */
export function sessionAdminRoutes(deps: LifecycleDeps): ConsoleFeature {
  const options = { config: { permission: 'session.end' } } as const;

  async function refuse(
    staff: Staff,
    type: 'session.end_refused' | 'device.revoke_refused',
    target: string,
    ip: string,
  ) {
    await deps.audit.append({
      type,
      actor: staff.userId,
      target: target.slice(0, 100),
      ip,
      detail: { channel: 'console' },
    });
    throw new AppError('FORBIDDEN');
  }

  return routesPlugin((app) => {
    app.post('/console/accounts/:id/sessions/end', options, async (request, reply) => {
      const staff = staffOf(request);
      const target = await reachableAccount(deps, staff, request.params);
      const form = EndForm.safeParse(request.body ?? {});
      if (!form.success || (!form.data.session && form.data.all !== 'yes')) throw new AppError('BAD_REQUEST');
      const reason = reasonOf(form.data.reason);
      let ended: number;
      if (form.data.session) {
        const chosen = form.data.session;
        if ((await findSessionAccount(deps.store.db, chosen)) !== target.id)
          return refuse(staff, 'session.end_refused', chosen, request.ip);
        await deps.sessions.end(chosen, 'revoked', staff.userId);
        ended = 1;
      } else {
        ended = await endSessionsOf(deps, { accountId: target.id }, staff.userId);
      }
      await deps.audit.append({
        type: 'session.revoked_by_staff',
        actor: staff.userId,
        target: target.userId,
        ip: request.ip,
        detail: { reason, sessions: ended, session: form.data.session ?? null },
      });
      return reply.redirect(`${accountPath(target.id)}?sessions=ended&n=${ended}#live-sessions`, 303);
    });

    app.post('/console/accounts/:id/devices/revoke', options, async (request, reply) => {
      const staff = staffOf(request);
      const target = await reachableAccount(deps, staff, request.params);
      const form = RevokeForm.safeParse(request.body ?? {});
      if (!form.success) throw new AppError('BAD_REQUEST');
      const reason = reasonOf(form.data.reason);
      const device = await findDevice(deps, form.data.device);
      if (!device || device.account_id !== target.id)
        return refuse(staff, 'device.revoke_refused', form.data.device, request.ip);
      await revokeDevice(deps, {
        deviceId: device.id,
        accountId: target.id,
        actor: staff.userId,
        ip: request.ip,
        reason,
      });
      return reply.redirect(`${accountPath(target.id)}?sessions=revoked#live-sessions`, 303);
    });
  });
}
