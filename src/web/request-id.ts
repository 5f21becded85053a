import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { findRawHeader } from './raw-headers.ts';

/** What an incoming X-Request-Id may look like to be kept (what nginx, Envoy and most tracers emit). */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * IDs are this process's random prefix and a counter: unique across nodes and restarts, cheap (no crypto
 * per request), and not secret (they are logged and shown to the browser).
 */
const PREFIX = randomBytes(6).toString('base64url');
let counter = 0;

export function newRequestId(): string {
  counter++;
  return `${PREFIX}-${counter.toString(36)}`;
}

/**
 * The request's ID: the one a trusted proxy in front sent, when it is well-formed (so one ID follows the
 * request from the load balancer to the upstream), or a new one. Only the socket peer decides whether the
 * sender is trusted; anyone else could otherwise pick IDs to muddle an investigation of the logs.
 */
export function requestIdOf(req: IncomingMessage, trustedProxies: readonly string[]): string {
  if (trustedProxies.length > 0 && trustedProxies.includes(req.socket.remoteAddress ?? '')) {
    const id = findRawHeader(req.rawHeaders, 'x-request-id');
    if (id !== undefined && WELL_FORMED.test(id)) return id;
  }
  return newRequestId();
}

/** Fastify's options for the same IDs on the portal and console (its logs carry them as `reqId`, its default). */
export function requestIdOptions(trustedProxies: readonly string[]) {
  return {
    // Fastify's own header option would believe any client: the trust check is done here instead.
    requestIdHeader: false as const,
    genReqId: (req: IncomingMessage) => requestIdOf(req, trustedProxies),
  };
}

/** Echoes the request's ID on every portal and console answer, so a person can quote it to the helpdesk. */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
