import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';

/** Routes for account activation and password reset pages. */
export function registerActivationRoutes(_app: FastifyInstance, _deps: Deps): void {
  // Not built yet.
}
