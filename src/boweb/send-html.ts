import type { FastifyReply } from 'fastify';

/** Pages show tax data and identities, so they are never cached. */
export function sendHtml(reply: FastifyReply, statusCode: number, page: string): FastifyReply {
  return reply
    .code(statusCode)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page);
}
