import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';

/** Routes for the user guide (HTML and PDF). */
export function registerGuideRoutes(_app: FastifyInstance, _deps: Deps): void {
  // Not built yet.
}
