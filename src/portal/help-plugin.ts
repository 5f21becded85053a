import type { FastifyInstance } from 'fastify';
import type { TicketService } from '../helpdesk/index.ts';
import { helpRoutes } from './help-routes.ts';
import { createHelpSessions } from './help-session.ts';
import { helpTicketRoutes } from './help-ticket-routes.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { PortalSessions } from './portal-session.ts';

/** The officer's help (issue 11): `/help`, identification by mailed code, self-diagnosis, own tickets. */
export function officerHelpRoutes(deps: PortalDeps, portal: PortalSessions, tickets: TicketService) {
  const help = createHelpSessions(deps, portal);
  return async (app: FastifyInstance) => {
    await app.register(helpRoutes(deps, help));
    await app.register(helpTicketRoutes(deps, help, tickets));
  };
}
