import type { FastifyInstance } from 'fastify';
import { renderDashboardPage, renderErrorPage, renderReturnPage } from './pages.ts';
import { DEALER_RETURNS, findDealerReturn } from './returns.ts';
import { sendHtml } from './send-html.ts';
import { readSession, type SessionStore } from './sessions.ts';

export interface ReturnRouteDeps {
  readonly sessions: SessionStore;
}

export function registerReturnRoutes(app: FastifyInstance, deps: ReturnRouteDeps): void {
  app.get('/', async (request, reply) => {
    const session = readSession(deps.sessions, request);
    if (!session) return reply.redirect('/login');
    const page = renderDashboardPage({
      identity: request.bowebGatewayIdentity,
      session,
      returns: DEALER_RETURNS,
    });
    return sendHtml(reply, 200, page);
  });

  app.get<{ Params: { id: string } }>('/returns/:id', async (request, reply) => {
    const session = readSession(deps.sessions, request);
    if (!session) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    const context = { identity: request.bowebGatewayIdentity, session };
    const dealerReturn = findDealerReturn(request.params.id);
    if (!dealerReturn) return sendHtml(reply, 404, renderErrorPage('return-not-found', context));
    return sendHtml(reply, 200, renderReturnPage({ ...context, dealerReturn }));
  });

  // Machine-readable view of both identities; the tests and the gateway's e2e checks read it.
  app.get('/api/whoami', async (request, reply) => {
    const session = readSession(deps.sessions, request);
    return reply.header('cache-control', 'no-store').send({
      gateway: request.bowebGatewayIdentity,
      boweb: session ? { username: session.user.username } : null,
    });
  });
}
