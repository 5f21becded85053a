import type { FastifyRequest } from 'fastify';
import { scopeOf, type Staff } from '../policy/index.ts';
import { devicesOf, liveSessionsOf } from '../session/index.ts';
import type { SafeHtml } from '../web/index.ts';
import type { LifecycleDeps } from './lifecycle-service.ts';
import { staffReaches, type AccountTarget } from './lifecycle-target.ts';
import { doneOf, liveSessionsSection } from './sessions-page.ts';

/** The account page's live sessions and devices; the forms only when `session.end` reaches the account. */
export async function loadLiveSessionsSection(
  deps: LifecycleDeps,
  request: FastifyRequest,
  staff: Staff,
  target: AccountTarget,
): Promise<SafeHtml> {
  const endScope = scopeOf(staff.role, 'session.end');
  const mayEnd = endScope !== undefined && staffReaches({ ...staff, scope: endScope }, target);
  const [sessions, devices] = await Promise.all([
    liveSessionsOf(deps, { accountId: target.id }),
    devicesOf(deps, target.id),
  ]);
  return liveSessionsSection(request, staff, target.id, {
    sessions,
    devices,
    mayEnd,
    done: doneOf(request.query),
  });
}
