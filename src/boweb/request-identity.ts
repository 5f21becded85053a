import type { FastifyInstance } from 'fastify';
import { ASSERTION_HEADER, type AssertionVerifier, type GatewayIdentity } from './assertion.ts';
import { renderGatewayRequiredPage } from './pages.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the Dwaar gateway vouched for; null when no valid assertion came with the request. */
    bowebGatewayIdentity: GatewayIdentity | null;
  }
}

export const STATIC_PREFIX = '/boweb-static/';

export interface AssertionHookOptions {
  readonly verifyAssertion: AssertionVerifier;
  readonly requireAssertion: boolean;
}

/** Checks the gateway's assertion before anything else runs, so no screen is reachable around the gateway. */
export function registerAssertionHook(app: FastifyInstance, options: AssertionHookOptions): void {
  app.decorateRequest('bowebGatewayIdentity', null);

  app.addHook('onRequest', async (request, reply) => {
    // Keyed on the matched route, not the raw URL, so `/boweb-static/../x` cannot skip the check.
    if (request.routeOptions.url?.startsWith(STATIC_PREFIX)) return;

    const result = await options.verifyAssertion(request.headers[ASSERTION_HEADER]);
    if (result.ok) {
      request.bowebGatewayIdentity = result.identity;
      return;
    }
    const logFields = { reason: result.reason, detail: result.detail };
    if (!options.requireAssertion) {
      request.log.debug(logFields, 'no valid gateway assertion; allowed because it is not required');
      return;
    }
    request.log.warn(logFields, 'gateway assertion rejected');
    return reply
      .code(403)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderGatewayRequiredPage());
  });
}
