import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAccountById } from '../accounts/index.ts';
import { insertAcknowledgement, type DocumentRow } from '../documents/index.ts';
import { AppError, statusOf } from '../errors.ts';
import { handoffStartUrl } from '../gateway/index.ts';
import { loadPersonFacts } from '../login/index.ts';
import type { LiveSession } from '../session/index.ts';
import { routesPlugin } from '../web/index.ts';
import { renderAcknowledge } from './acknowledge-page.ts';
import { documentsDue } from './acknowledge-routes.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { PortalSessions } from './portal-session.ts';

/** Where a signed-in officer acknowledges a document whose new version the policy requires. */
export const SESSION_ACKNOWLEDGE_PATH = '/account/acknowledge';

const ResourceQuery = z.object({ resource: z.string().max(64).optional() }).catch({});

const AcknowledgeForm = z.object({
  accept: z.literal('yes').optional().catch(undefined),
  resource: z.string().max(64).optional().catch(undefined),
  versions: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

/**
 * Acknowledgement inside a live session (issue 10): when a new version of a document the access policy
 * requires is published, the officer's next request to an application is refused and lands here. The page
 * shows each due document in full; acknowledging records who, which version (by content hash), when and from
 * where, tells every node, and opens the application the officer was on their way to.
 */
export function sessionAcknowledgeRoutes(deps: PortalDeps, portal: PortalSessions) {
  const { store, clock, audit } = deps;

  /** Due now: every document kind the policy requires whose current version this person has not acknowledged. */
  async function due(
    session: LiveSession,
  ): Promise<{ documents: DocumentRow[]; userId: string } | undefined> {
    const account = await findAccountById(store.db, session.subject.accountId);
    if (!account) return undefined;
    const { person } = await loadPersonFacts(store.db, account);
    return {
      documents: await documentsDue(deps, person, deps.policy.current().documentKinds),
      userId: account.user_id,
    };
  }

  /** Only a resource the policy declares is carried: the value ends up in a redirect. */
  const knownResource = (id: string | undefined) =>
    id !== undefined && deps.resources.byId(id) ? id : undefined;

  function page(request: FastifyRequest, session: LiveSession, documents: DocumentRow[], resource?: string) {
    return renderAcknowledge(request, {
      csrf: portal.csrf(session),
      documents,
      action: SESSION_ACKNOWLEDGE_PATH,
      intro: request.t('documents.sessionIntro'),
      resource,
    });
  }

  return routesPlugin((app) => {
    app.get(SESSION_ACKNOWLEDGE_PATH, async (request, reply) => {
      const lookup = await portal.lookup(request);
      if (!lookup.ok) return reply.redirect(portal.goneLocation(lookup), 303);
      const found = await due(lookup.session);
      if (!found || found.documents.length === 0) return reply.redirect('/webtop', 303);
      reply.header('cache-control', 'no-store');
      const resource = knownResource(ResourceQuery.parse(request.query ?? {}).resource);
      return reply.page(page(request, lookup.session, found.documents, resource));
    });

    app.post(SESSION_ACKNOWLEDGE_PATH, async (request, reply) => {
      const session = await portal.current(request);
      if (!session) throw new AppError('SESSION_REQUIRED');
      if (!portal.validPost(request, session)) throw new AppError('CSRF_FAILED');
      const form = AcknowledgeForm.parse(request.body ?? {});
      const resource = knownResource(form.resource);
      const found = await due(session);
      if (!found || found.documents.length === 0) return reply.redirect('/webtop', 303);
      const shown = new Set(form.versions);
      // A version published while the page was open must be read first: show the page again.
      const current = found.documents.every((d) => shown.has(`${d.kind}:${d.version}`));
      if (form.accept !== 'yes' || !current) {
        const error = request.t(current ? 'access.ackRequired' : 'access.ackChanged');
        const again = renderAcknowledge(request, {
          csrf: portal.csrf(session),
          documents: found.documents,
          action: SESSION_ACKNOWLEDGE_PATH,
          intro: request.t('documents.sessionIntro'),
          resource,
          error,
        });
        return reply.page(again, statusOf('VALIDATION_FAILED'));
      }
      const now = clock.now();
      await store.db.transaction().execute(async (trx) => {
        for (const doc of found.documents) {
          await insertAcknowledgement(trx, {
            accountId: session.subject.accountId,
            documentId: doc.id,
            sessionId: session.id,
            acceptedAt: now,
            ip: request.ip,
            channel: 'session',
          });
          await audit.append(
            {
              type: 'document.acknowledged',
              actor: found.userId,
              target: doc.kind,
              ip: request.ip,
              detail: { version: doc.version, hash: doc.content_hash, step: 'session' },
            },
            trx,
          );
        }
      });
      // Every node's sessions of this person read the new acknowledgement at their next request.
      await deps.sessions.refreshFacts({ accountId: session.subject.accountId });
      // Straight to the resource's host (a form may not be redirected across hosts twice under the CSP's
      // form-action: the portal's exit page carries the officer there), which starts the usual hand-off.
      const route = resource === undefined ? undefined : deps.resources.byId(resource);
      return reply.redirect(route ? handoffStartUrl(route, '/') : '/webtop', 303);
    });
  });
}
