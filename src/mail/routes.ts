import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';

/** Routes for the development mailbox. */
export function registerMailboxRoutes(_app: FastifyInstance, _deps: Deps): void {
  // Not built yet.
}
