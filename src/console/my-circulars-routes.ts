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
  type ReceptionDeps,
  renderInboxMain,
  renderReadingMain,
  sendCircularAttachment,
} from '../circulars/index.ts';
import type { Config } from '../config.ts';
import { ERRORS, statusOf } from '../errors.ts';
import { staffOf } from '../policy/index.ts';
import { type ConsoleFeature, renderConsolePage, routesPlugin } from '../web/index.ts';

/** Where staff read the circulars addressed to them (zonal heads and JCs are the usual recipients). */
export const MY_CIRCULARS_PATH = '/console/my-circulars';

export interface MyCircularRouteDeps extends ReceptionDeps {
  readonly config: Pick<Config, 'dataDir'>;
}

function readerOf(request: FastifyRequest): Reader {
  const staff = staffOf(request);
  return {
    accountId: staff.accountId,
    userId: staff.userId,
    sessionId: staff.sessionId,
    ip: request.ip,
    channel: 'console',
  };
}

/**
 * The staff member's own circulars, inside the console's scope (signed in, CSRF checked on every post):
 * the same list, reading page and acknowledgement as officers have in the portal. Permission `console.use`:
 * any staff member may read what is addressed to them, and only that (404 otherwise).
 */
export function myCircularRoutes(deps: MyCircularRouteDeps): ConsoleFeature {
  const db = deps.store.db;
  const use = { config: { permission: 'console.use' } } as const;

  async function reading(request: FastifyRequest, reply: FastifyReply, id: number, error?: string) {
    const reader = readerOf(request);
    const { circular, attachments } = await openCircular(deps, reader, id);
    // Read now: the banner no longer names it.
    request.notices = await circularNoticesFor(db, reader.accountId, request, {
      basePath: MY_CIRCULARS_PATH,
    });
    const { text, done } = readingQueryOf(request.query, request.lang);
    const main = renderReadingMain(request, {
      circular,
      attachments,
      text,
      basePath: MY_CIRCULARS_PATH,
      csrf: staffOf(request).csrf,
      done: error ? undefined : done,
      error,
    });
    const title = request.t('circularInbox.heading', { number: circular.number });
    reply.header('cache-control', 'no-store');
    const status = error ? statusOf('CIRCULAR_INBOX_UNCONFIRMED') : 200;
    return reply.page(renderConsolePage(request, { title, main, hasError: error !== undefined }), status);
  }

  return routesPlugin((app) => {
    app.get(MY_CIRCULARS_PATH, use, async (request, reply) => {
      const rows = await circularsFor(db, staffOf(request).accountId);
      reply.header('cache-control', 'no-store');
      const main = renderInboxMain(request, rows, MY_CIRCULARS_PATH);
      return reply.page(renderConsolePage(request, { title: request.t('circularInbox.title'), main }));
    });

    app.get(`${MY_CIRCULARS_PATH}/:id`, use, (request, reply) =>
      reading(request, reply, circularIdOf(request.params)),
    );

    app.post(`${MY_CIRCULARS_PATH}/:id/acknowledge`, use, async (request, reply) => {
      const id = circularIdOf(request.params);
      if (!isConfirmed(request.body))
        return reading(request, reply, id, request.t(ERRORS.CIRCULAR_INBOX_UNCONFIRMED.body));
      const result = await acknowledge(deps, readerOf(request), id);
      return reply.redirect(`${MY_CIRCULARS_PATH}/${id}?done=${result}`, 303);
    });

    app.get(`${MY_CIRCULARS_PATH}/:id/attachments/:aid`, use, async (request, reply) => {
      const { id, aid } = attachmentIdsOf(request.params);
      const row = await attachmentFor(db, staffOf(request).accountId, id, aid);
      return sendCircularAttachment(reply, row, deps.config.dataDir);
    });
  });
}
