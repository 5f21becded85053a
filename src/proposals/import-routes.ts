import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';

/** Routes for CSV template, upload, preview and commit. */
export function registerImportRoutes(_app: FastifyInstance, _deps: Deps): void {
  // Not built yet.
}
