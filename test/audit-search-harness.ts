import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { auditSearchRoutes } from '../src/audit-search/index.ts';
import { staffScope } from '../src/console/index.ts';
import {
  registerErrorHandling,
  registerHostPrefixedCookies,
  registerRequestContext,
  registerStaticFiles,
  setSecurityHeaders,
} from '../src/web/index.ts';
import type { TestApp } from './create-test-app.ts';

/**
 * The origin where the audit pages answer. When the console already registers them (the lead wires
 * `auditSearchRoutes` in src/console/index.ts), the gateway itself; until then a second server on the same
 * deps, with the console's own protected scope around the feature, so the same session cookie works.
 */
export async function auditOrigin(t: TestApp): Promise<{ origin: string; close(): Promise<void> }> {
  if (t.app.web.hasRoute({ method: 'GET', url: '/console/audit' }))
    return { origin: t.portalOrigin, close: () => Promise.resolve() };
  const web: FastifyInstance = Fastify();
  await web.register(cookie);
  registerHostPrefixedCookies(web, false);
  await web.register(formbody);
  registerRequestContext(web);
  // The gateway's own headers (CSP: no inline script or style) and static files, so pages behave as there.
  web.addHook('onRequest', (_request, reply, done) => {
    setSecurityHeaders(reply.raw, false);
    done();
  });
  await registerStaticFiles(web);
  registerErrorHandling(web);
  await web.register(
    staffScope({ ...t.deps, db: t.deps.store.db, origin: t.deps.config.publicUrl.origin }, [
      auditSearchRoutes(t.deps),
    ]),
  );
  await web.listen({ host: '127.0.0.1', port: 0 });
  const address = web.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://localhost:${port}`, close: () => web.close() };
}
