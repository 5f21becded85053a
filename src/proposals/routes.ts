import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';

/** Routes for proposal list, detail, submit and HQ review. */
export function registerProposalRoutes(_app: FastifyInstance, _deps: Deps): void {
  // Not built yet.
}
