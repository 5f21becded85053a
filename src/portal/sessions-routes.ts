import { z } from 'zod';
import { AppError } from '../errors.ts';
import { devicesOf, findDevice, findSessionAccount, liveSessionsOf, revokeDevice } from '../session/index.ts';
import { COOKIE, cookieOptions, routesPlugin } from '../web/index.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { PortalSessions } from './portal-session.ts';
import { renderSessionsPage } from './sessions-page.ts';

/** Where an officer lists and ends their sessions and revokes their trusted devices. */
export const SESSIONS_PATH = '/account/sessions';

const DoneQuery = z.object({ done: z.enum(['ended', 'revoked']).optional() }).catch({});
const EndForm = z.object({ session: z.string().min(1).max(200) });
const RevokeForm = z.object({ device: z.string().min(1).max(200) });

/**
 * The signed-in officer's "Devices and sessions" page. Every post carries the session's CSRF token; an ID
 * that is not the officer's own is refused (403) and audited, whether it exists or not.
 */
export function sessionsRoutes(deps: PortalDeps, portal: PortalSessions) {
  const { store, audit, clock } = deps;

  return routesPlugin((app) => {
    app.get(SESSIONS_PATH, async (request, reply) => {
      const lookup = await portal.lookup(request);
      if (!lookup.ok) return reply.redirect(portal.goneLocation(lookup), 303);
      const session = lookup.session;
      const accountId = session.subject.accountId;
      const [sessions, devices] = await Promise.all([
        liveSessionsOf(deps, { accountId }),
        devicesOf(deps, accountId),
      ]);
      reply.header('cache-control', 'no-store');
      return reply.page(
        renderSessionsPage(request, {
          currentId: session.id,
          sessions,
          devices,
          csrf: portal.csrf(session),
          now: clock.now(),
          done: DoneQuery.parse(request.query ?? {}).done,
        }),
      );
    });

    app.post(`${SESSIONS_PATH}/end`, async (request, reply) => {
      const session = await portal.current(request);
      if (!session) throw new AppError('SESSION_REQUIRED');
      if (!portal.validPost(request, session)) throw new AppError('CSRF_FAILED');
      const form = EndForm.safeParse(request.body ?? {});
      if (!form.success) throw new AppError('BAD_REQUEST');
      const chosen = form.data.session;
      const owner = await findSessionAccount(store.db, chosen);
      if (owner !== session.subject.accountId) {
        await audit.append({
          type: 'session.end_refused',
          actor: session.subject.userId,
          target: chosen.slice(0, 100),
          ip: request.ip,
          detail: { owner_account_id: owner ?? null, channel: 'portal' },
        });
        throw new AppError('FORBIDDEN');
      }
      await deps.sessions.end(chosen, chosen === session.id ? 'logout' : 'revoked', session.subject.userId);
      if (chosen === session.id) {
        reply.clearCookie(COOKIE.session, cookieOptions(portal.secure));
        return reply.redirect('/ended?reason=logout', 303);
      }
      return reply.redirect(`${SESSIONS_PATH}?done=ended`, 303);
    });

    app.post('/account/devices/revoke', async (request, reply) => {
      const session = await portal.current(request);
      if (!session) throw new AppError('SESSION_REQUIRED');
      if (!portal.validPost(request, session)) throw new AppError('CSRF_FAILED');
      const form = RevokeForm.safeParse(request.body ?? {});
      if (!form.success) throw new AppError('BAD_REQUEST');
      const device = await findDevice(deps, form.data.device);
      const accountId = session.subject.accountId;
      if (!device || device.account_id !== accountId) {
        await audit.append({
          type: 'device.revoke_refused',
          actor: session.subject.userId,
          target: form.data.device.slice(0, 100),
          ip: request.ip,
          detail: { owner_account_id: device?.account_id ?? null, channel: 'portal' },
        });
        throw new AppError('FORBIDDEN');
      }
      await revokeDevice(deps, {
        deviceId: device.id,
        accountId,
        actor: session.subject.userId,
        ip: request.ip,
      });
      // Revoking the device this session runs on ends this session too.
      if (session.deviceId === device.id) {
        reply.clearCookie(COOKIE.session, cookieOptions(portal.secure));
        reply.clearCookie(COOKIE.device, cookieOptions(portal.secure));
        return reply.redirect('/ended?reason=revoked', 303);
      }
      return reply.redirect(`${SESSIONS_PATH}?done=revoked`, 303);
    });
  });
}
