import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';

/** Routes for account list and lifecycle actions. */
export function registerAccountRoutes(_app: FastifyInstance, _deps: Deps): void {
  // Not built yet.
}
