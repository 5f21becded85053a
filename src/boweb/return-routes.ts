import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { tokensMatch } from './tokens.ts';
import { renderDashboardPage, renderErrorPage, renderReturnPage } from './pages.ts';
import { DEALER_RETURNS, findDealerReturn } from './returns.ts';
import { sendHtml } from './send-html.ts';
import { readSession, type SessionStore } from './sessions.ts';

export interface ReturnRouteDeps {
  readonly sessions: SessionStore;
}

const noteFormSchema = z.object({ csrf: z.string().max(100), note: z.string().trim().min(1).max(4000) });

export function registerReturnRoutes(app: FastifyInstance, deps: ReturnRouteDeps): void {
  // Demo only: notes live in memory, by return.
  const notes = new Map<string, string[]>();

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
    return sendHtml(
      reply,
      200,
      renderReturnPage({ ...context, dealerReturn, notes: notes.get(dealerReturn.id) ?? [] }),
    );
  });

  app.post<{ Params: { id: string } }>('/returns/:id/notes', async (request, reply) => {
    const session = readSession(deps.sessions, request);
    if (!session)
      return reply.redirect(`/login?next=${encodeURIComponent(`/returns/${request.params.id}`)}`, 303);
    const context = { identity: request.bowebGatewayIdentity, session };
    const dealerReturn = findDealerReturn(request.params.id);
    if (!dealerReturn) return sendHtml(reply, 404, renderErrorPage('return-not-found', context));
    const form = noteFormSchema.safeParse(request.body);
    if (!form.success || !tokensMatch(session.csrfToken, form.data.csrf)) {
      return sendHtml(reply, 400, renderErrorPage('bad-request', context));
    }
    notes.set(dealerReturn.id, [...(notes.get(dealerReturn.id) ?? []), form.data.note]);
    return reply.redirect(`/returns/${encodeURIComponent(dealerReturn.id)}`, 303);
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
