import type { FastifyReply } from 'fastify';
import {
  type AccessDecider,
  handoffStartUrl,
  type NextTarget,
  type ResourceTable,
} from '../gateway/index.ts';
import type { LiveSession } from '../session/index.ts';
import type { Kv } from '../store/index.ts';

/**
 * Sends a signed-in officer on: to the resource they were going to (through a hand-off trip), to a
 * portal page, or to the webtop.
 */
export async function redirectAfterLogin(
  deps: { readonly resources: ResourceTable; readonly kv: Kv; readonly access: AccessDecider },
  reply: FastifyReply,
  session: LiveSession,
  next: NextTarget | undefined,
  ip: string,
): Promise<FastifyReply> {
  if (next?.kind === 'resource') {
    const route = deps.resources.byId(next.resourceId);
    if (route && deps.access.decide(session, route.id, ip).effect === 'allow') {
      // Through the resource host's start path, which binds the hand-off to this browser.
      return reply.redirect(handoffStartUrl(route, next.path), 303);
    }
  }
  if (next?.kind === 'portal' && next.path !== '/' && !next.path.startsWith('/login')) {
    return reply.redirect(next.path, 303);
  }
  return reply.redirect('/webtop', 303);
}
