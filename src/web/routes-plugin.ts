import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

/**
 * A Fastify plugin from a function that only adds routes and hooks, with nothing to wait for. The plugin
 * is encapsulated: hooks it adds apply to its own routes only.
 */
export function routesPlugin(register: (app: FastifyInstance) => void): FastifyPluginAsync {
  return (app) => {
    register(app);
    return Promise.resolve();
  };
}
