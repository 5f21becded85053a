import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';

/** Routes for rollout reports, chart and CSV export. */
export function registerReportRoutes(_app: FastifyInstance, _deps: Deps): void {
  // Not built yet.
}
