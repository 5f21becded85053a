import type { FastifyReply, FastifyRequest } from 'fastify';
import { findAccountById } from '../accounts/repository.ts';
import type { Role } from '../accounts/table.ts';
import type { Deps } from '../deps.ts';
import { createPortalContext } from '../portal/portal-context.ts';
import type { LiveSession } from '../session/live-session.ts';
import { messagePage } from '../web/layout.ts';
import { scopeOf, type Permission, type Scope } from './permissions.ts';

/** The signed-in administrator and the reach of the permission the route asked for. */
export interface Staff {
  readonly session: LiveSession;
  readonly accountId: number;
  readonly userId: string;
  readonly role: Role;
  readonly zoneId: string | null;
  readonly districtId: string | null;
  readonly scope: Scope;
  /** CSRF token for this staff member's forms. */
  readonly csrf: string;
}

/** Where a record sits in the directory, for scope checks. */
export interface Placement {
  readonly zoneId: string | null;
  readonly districtId: string | null;
}

/** True when `staff`'s scope reaches `target`. Missing placement data never passes a zone or district scope. */
export function reaches(staff: Pick<Staff, 'scope' | 'zoneId' | 'districtId'>, target: Placement): boolean {
  switch (staff.scope) {
    case 'all':
      return true;
    case 'zone':
      return staff.zoneId !== null && target.zoneId === staff.zoneId;
    case 'district':
      return staff.districtId !== null && target.districtId === staff.districtId;
  }
}

export type StaffGuard = ReturnType<typeof createStaffGuard>;

/**
 * Route guards for the console. `require` answers for the route (redirect to sign-in, or 403 audited) and
 * returns undefined when the request must stop; `deny` is for data-level refusals after a scope check.
 */
export function createStaffGuard(deps: Deps) {
  const portal = createPortalContext(deps);

  async function deny(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: string,
    permission: Permission,
  ): Promise<FastifyReply> {
    await deps.audit.append({
      type: 'console.access_denied',
      actor,
      ip: request.ip,
      target: request.url.slice(0, 200),
      detail: { permission },
    });
    const t = request.t;
    return reply.page(
      messagePage({
        lang: request.lang,
        t,
        title: t('forbiddenTitle'),
        path: request.url,
        heading: t('forbiddenTitle'),
        body: [t('forbiddenBody')],
      }),
      403,
    );
  }

  async function require(
    request: FastifyRequest,
    reply: FastifyReply,
    permission: Permission,
  ): Promise<Staff | undefined> {
    const session = await portal.currentSession(request);
    if (!session) {
      await reply.redirect('/console/login', 303);
      return undefined;
    }
    const role = session.subject.role as Role;
    const scope = scopeOf(role, permission);
    if (!scope) {
      await deny(request, reply, session.subject.userId, permission);
      return undefined;
    }
    const account = await findAccountById(deps.store.db, session.subject.accountId);
    if (!account) {
      await reply.redirect('/console/login', 303);
      return undefined;
    }
    return {
      session,
      accountId: account.id,
      userId: account.user_id,
      role,
      zoneId: account.scope_zone_id,
      districtId: account.scope_district_id,
      scope,
      csrf: portal.csrf(session.id),
    };
  }

  /** Checks a console form's CSRF token and Origin for this staff member. */
  const validPost = (request: FastifyRequest, staff: Staff): boolean =>
    portal.validPost(request, staff.session.id);

  return { require, deny, validPost };
}
