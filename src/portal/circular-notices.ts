import type { FastifyRequest } from 'fastify';
import { circularNoticesFor } from '../circulars/index.ts';
import type { Store } from '../store/index.ts';

/** Where an officer reads the circulars addressed to them. */
export const CIRCULARS_PATH = '/circulars';

/**
 * Puts the officer's circular notices on the page this request will render (`request.notices`): the banner
 * of unread circulars on every page, and on the webtop also the circulars still to acknowledge. Only for
 * GET, the pages: a post or a redirect shows nothing, so it costs nothing there. The gateway's proxy path
 * never comes here (it is not Fastify).
 */
export async function circularNotices(
  db: Store['db'],
  request: FastifyRequest,
  accountId: number,
): Promise<void> {
  if (request.method !== 'GET') return;
  const path = request.url.split('?')[0];
  request.notices = await circularNoticesFor(db, accountId, request, {
    basePath: CIRCULARS_PATH,
    awaiting: path === '/webtop',
  });
}
