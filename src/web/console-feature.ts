import type { FastifyPluginAsync } from 'fastify';

/**
 * A console feature: registers its routes into the console's protected scope, where every request has a
 * signed-in staff member (`staffOf(request)`) holding the permission the route declares in
 * `config.permission`, and every unsafe method has passed the CSRF check.
 */
export type ConsoleFeature = FastifyPluginAsync;
