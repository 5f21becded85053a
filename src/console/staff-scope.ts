import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { findAccountById, type AccountRow } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { circularNoticesFor } from '../circulars/index.ts';
import type { Keyring } from '../crypto/index.ts';
import { AppError, isAppError, statusOf } from '../errors.ts';
import { scopeOf, type Permission, type Staff } from '../policy/index.ts';
import type { SessionStore } from '../session/index.ts';
import type { Database } from '../store/index.ts';
import {
  type ConsoleFeature,
  type ConsoleFrame,
  COOKIE,
  csrfToken,
  isValidFormPost,
  SAFE_METHODS,
} from '../web/index.ts';
import { MY_CIRCULARS_PATH } from './my-circulars-routes.ts';
import { consoleSections } from './sections.ts';

export interface StaffScopeDeps {
  readonly db: Kysely<Database>;
  readonly sessions: SessionStore;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  /** The portal's origin, which every form post must come from. */
  readonly origin: string;
}

/** Largest body a console form may send, unless its route sets its own limit. */
const CONSOLE_BODY_LIMIT = 256 * 1024;

/** Refusals that name a person's reach are audited: 403s answered inside the console. */
const AUDITED_STATUS = statusOf('FORBIDDEN');

function frameFor(account: AccountRow, displayName: string, csrf: string): ConsoleFrame {
  return {
    sections: consoleSections(account.role),
    displayName,
    roleLabel: `role_${account.role}`,
    csrf,
  };
}

/**
 * The console's protected scope. One `onRequest` hook resolves the signed-in staff member (or sends the
 * visitor to sign in) and checks the permission the route declares in `config.permission` (`console.use`
 * when it names none); one `preHandler` checks the CSRF token and Origin of every unsafe method. A route
 * added to a feature is protected without a line of its own, and one that forgets its permission still
 * needs a console account. Every 403 answered here is audited with the permission it lacked.
 */
export function staffScope(deps: StaffScopeDeps, features: readonly ConsoleFeature[]): FastifyPluginAsync {
  const guard = { keyring: deps.keyring, origin: deps.origin };

  async function resolveStaff(request: FastifyRequest): Promise<Staff | undefined> {
    const lookup = await deps.sessions.authenticate(request.cookies[COOKIE.session]);
    if (!lookup.ok) return undefined;
    const session = lookup.session;
    const account = await findAccountById(deps.db, session.subject.accountId);
    if (!account || account.status !== 'active') return undefined;
    const permission = request.routeOptions.config.permission ?? 'console.use';
    const csrf = csrfToken(deps.keyring, session.id);
    request.consoleFrame = frameFor(account, session.subject.displayName, csrf);
    const scope = scopeOf(account.role, 'console.use') && scopeOf(account.role, permission);
    if (!scope) {
      await denied(request, account.user_id, permission);
      throw new AppError('FORBIDDEN');
    }
    return {
      sessionId: session.id,
      accountId: account.id,
      userId: account.user_id,
      displayName: session.subject.displayName,
      role: account.role,
      zoneId: account.scope_zone_id,
      districtId: account.scope_district_id,
      permission,
      scope,
      csrf,
    };
  }

  async function denied(request: FastifyRequest, actor: string, permission: Permission, reason?: string) {
    await deps.audit.append({
      type: 'console.access_denied',
      actor,
      ip: request.ip,
      target: request.url.slice(0, 200),
      detail: reason === undefined ? { permission } : { permission, reason },
    });
  }

  return async (scope) => {
    scope.decorateRequest('staff', undefined);
    scope.decorateRequest('consoleFrame', undefined);

    // Bodies are read only after onRequest has found an allowed staff member, so the console may take more
    // than the 16 KB every other form gets: a picker's thousand officers, a bulk decision. A route that needs
    // more still (the CSV upload) sets its own `bodyLimit`.
    scope.addHook('onRoute', (route) => {
      route.bodyLimit ??= CONSOLE_BODY_LIMIT;
    });

    scope.addHook('onRequest', async (request, reply) => {
      const staff = await resolveStaff(request);
      if (!staff) {
        if (SAFE_METHODS.has(request.method)) return reply.redirect('/console/login', 303);
        throw new AppError('SESSION_REQUIRED', { back: { href: '/console/login', label: 'signInAgain' } });
      }
      request.staff = staff;
      // Every console page shows the staff member's unread circulars at the top.
      if (request.method === 'GET')
        request.notices = await circularNoticesFor(deps.db, staff.accountId, request, {
          basePath: MY_CIRCULARS_PATH,
        });
      return undefined;
    });

    scope.addHook('preHandler', (request, _reply, done) => {
      const staff = request.staff;
      const forged =
        !SAFE_METHODS.has(request.method) && (!staff || !isValidFormPost(request, guard, staff.sessionId));
      done(forged ? new AppError('CSRF_FAILED') : undefined);
    });

    // Refusals a route raises after its own checks (out of scope, separation of duties) are audited here.
    scope.addHook('onError', async (request, _reply, error) => {
      const staff = request.staff;
      if (staff && isAppError(error) && error.status === AUDITED_STATUS && error.code !== 'CSRF_FAILED')
        await denied(
          request,
          staff.userId,
          staff.permission,
          error.code === 'FORBIDDEN' ? undefined : error.code.toLowerCase(),
        );
    });

    for (const feature of features) await scope.register(feature);
  };
}
