import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  acknowledge,
  attachmentFor,
  attachmentIdsOf,
  circularIdOf,
  circularNoticesFor,
  circularsFor,
  isConfirmed,
  openCircular,
  readingQueryOf,
  type Reader,
  renderInboxMain,
  renderReadingMain,
  sendCircularAttachment,
} from '../circulars/index.ts';
import { AppError, ERRORS, statusOf } from '../errors.ts';
import type { LiveSession } from '../session/index.ts';
import { renderPage, routesPlugin, type SafeHtml } from '../web/index.ts';
import { CIRCULARS_PATH } from './circular-notices.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { PortalSessions } from './portal-session.ts';

function readerOf(request: FastifyRequest, session: LiveSession): Reader {
  return {
    accountId: session.subject.accountId,
    userId: session.subject.userId,
    sessionId: session.id,
    ip: request.ip,
    channel: 'portal',
  };
}

function page(request: FastifyRequest, title: string, main: SafeHtml, hasError = false): string {
  return renderPage({
    lang: request.lang,
    t: request.t,
    title,
    path: request.url,
    main,
    scripts: ['/static/page.js'],
    hasError,
  });
}

/**
 * The signed-in officer's circulars: the list, one circular (reading it records the reading), its
 * acknowledgement and its attachments. A circular not addressed to the officer is answered 404, the same
 * as one that does not exist. Every post carries the session's CSRF token.
 */
export function portalCircularRoutes(deps: PortalDeps, portal: PortalSessions) {
  const db = deps.store.db;

  async function reading(
    request: FastifyRequest,
    reply: FastifyReply,
    session: LiveSession,
    id: number,
    o: { error?: string; status?: number } = {},
  ) {
    const { circular, attachments } = await openCircular(deps, readerOf(request, session), id);
    // Read now: the banner no longer names it.
    request.notices = await circularNoticesFor(db, session.subject.accountId, request, {
      basePath: CIRCULARS_PATH,
    });
    const { text, done } = readingQueryOf(request.query, request.lang);
    const main = renderReadingMain(request, {
      circular,
      attachments,
      text,
      basePath: CIRCULARS_PATH,
      csrf: portal.csrf(session),
      done: o.error ? undefined : done,
      error: o.error,
    });
    const title = request.t('circularInbox.heading', { number: circular.number });
    reply.header('cache-control', 'no-store');
    return reply.page(page(request, title, main, o.error !== undefined), o.status);
  }

  return routesPlugin((app) => {
    app.get(CIRCULARS_PATH, async (request, reply) => {
      const lookup = await portal.lookup(request);
      if (!lookup.ok) return reply.redirect(portal.goneLocation(lookup), 303);
      const rows = await circularsFor(db, lookup.session.subject.accountId);
      reply.header('cache-control', 'no-store');
      const main = renderInboxMain(request, rows, CIRCULARS_PATH);
      return reply.page(page(request, request.t('circularInbox.title'), main));
    });

    app.get(`${CIRCULARS_PATH}/:id`, async (request, reply) => {
      const lookup = await portal.lookup(request);
      if (!lookup.ok) return reply.redirect(portal.goneLocation(lookup), 303);
      return reading(request, reply, lookup.session, circularIdOf(request.params));
    });

    app.post(`${CIRCULARS_PATH}/:id/acknowledge`, async (request, reply) => {
      const session = await portal.current(request);
      if (!session) throw new AppError('SESSION_REQUIRED');
      if (!portal.validPost(request, session)) throw new AppError('CSRF_FAILED');
      const id = circularIdOf(request.params);
      if (!isConfirmed(request.body)) {
        const error = request.t(ERRORS.CIRCULAR_INBOX_UNCONFIRMED.body);
        return reading(request, reply, session, id, {
          error,
          status: statusOf('CIRCULAR_INBOX_UNCONFIRMED'),
        });
      }
      const result = await acknowledge(deps, readerOf(request, session), id);
      return reply.redirect(`${CIRCULARS_PATH}/${id}?done=${result}`, 303);
    });

    app.get(`${CIRCULARS_PATH}/:id/attachments/:aid`, async (request, reply) => {
      const lookup = await portal.lookup(request);
      if (!lookup.ok) return reply.redirect(portal.goneLocation(lookup), 303);
      const { id, aid } = attachmentIdsOf(request.params);
      const row = await attachmentFor(db, lookup.session.subject.accountId, id, aid);
      return sendCircularAttachment(reply, row, deps.config.dataDir);
    });
  });
}
