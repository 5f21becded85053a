import type { FastifyInstance } from 'fastify';
import type { PortalDeps } from './portal-deps.ts';
import { createTicketService } from '../helpdesk/index.ts';
import { officerHelpRoutes } from './help-plugin.ts';
import { inspectorRoutes } from './inspector-routes.ts';
import { metricsRoutes } from './metrics-routes.ts';
import { createPortalSessions } from './portal-session.ts';
import { publicRoutes } from './public-routes.ts';
import { sessionLimitRoutes } from './session-limit-routes.ts';
import { portalCircularRoutes } from './circular-routes.ts';
import { sessionAcknowledgeRoutes } from './session-acknowledge-routes.ts';
import { sessionsRoutes } from './sessions-routes.ts';
import { securityRoutes } from './security-routes.ts';
import { signInRoutes } from './sign-in-routes.ts';
import { webtopRoutes } from './webtop-routes.ts';

export type { PortalDeps } from './portal-deps.ts';

/** The officers' portal: the public pages, the sign-in steps (one scope) and the webtop. */
export function portalRoutes(deps: PortalDeps) {
  const sessions = createPortalSessions(deps);
  return async (app: FastifyInstance) => {
    await app.register(publicRoutes(deps, sessions));
    await app.register(metricsRoutes(deps));
    await app.register(signInRoutes(deps));
    await app.register(webtopRoutes(deps, sessions));
    await app.register(securityRoutes(deps, sessions));
    await app.register(sessionLimitRoutes(deps));
    await app.register(sessionsRoutes(deps, sessions));
    await app.register(sessionAcknowledgeRoutes(deps, sessions));
    await app.register(portalCircularRoutes(deps, sessions));
    await app.register(inspectorRoutes(deps, sessions));
    // The officer's help pages and tickets (issue 11).
    await app.register(officerHelpRoutes(deps, sessions, createTicketService(deps)));
  };
}
