import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffScope } from '../src/console/index.ts';
import { registerErrorHandling, registerRequestContext, routesPlugin } from '../src/web/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { consoleSignIn } from './factories/staff.ts';
import { Browser as HttpBrowser, csrfFrom, signIn, type Browser } from './http-client.ts';

/**
 * A console feature written with no authentication or CSRF code at all, registered into the console's
 * scope: the scope alone must protect it.
 */
const careless = routesPlugin((app) => {
  app.get('/console/careless', () => Promise.resolve({ ran: true }));
  app.post('/console/careless', () => Promise.resolve({ ran: true }));
  const hqOnly = { config: { permission: 'district.set_status' } } as const;
  app.get('/console/careless/hq', hqOnly, () => Promise.resolve({ ran: true }));
});

describe('the console scope', () => {
  let t: TestApp;
  let web: FastifyInstance;
  let hq: Browser;
  let zonal: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    web = Fastify();
    await web.register(cookie);
    await web.register(formbody);
    registerRequestContext(web);
    registerErrorHandling(web);
    const deps = { ...t.deps, db: t.deps.store.db, origin: t.portalOrigin };
    await web.register(staffScope(deps, [careless]));
    await web.ready();
    hq = await consoleSignIn(t, 'hq.admin');
    zonal = await consoleSignIn(t, 'zonal.lucknow');
  });
  afterAll(async () => {
    await web.close();
    await t.close();
  });

  const session = (b: Browser) => `dwaar_sid=${b.cookie('localhost', 'dwaar_sid') ?? ''}`;
  const csrfOf = async (b: Browser) => csrfFrom((await b.fetch(`${t.portalOrigin}/console`)).body);

  it('sends an anonymous visitor of a route with no auth code to sign in, and never runs it', async () => {
    const reply = await web.inject({
      method: 'GET',
      url: '/console/careless',
      headers: { accept: 'text/html' },
    });
    expect(reply.statusCode).toBe(303);
    expect(reply.headers.location).toBe('/console/login');
    expect(reply.body).not.toContain('ran');
  });

  it('refuses an anonymous post to it with 401', async () => {
    const reply = await web.inject({ method: 'POST', url: '/console/careless', payload: { a: 1 } });
    expect(reply.statusCode).toBe(401);
    expect(reply.json()).toMatchObject({ error: { code: 'SESSION_REQUIRED' } });
  });

  it('refuses a forged session cookie like no cookie', async () => {
    const reply = await web.inject({
      method: 'GET',
      url: '/console/careless',
      headers: { cookie: 'dwaar_sid=forged.forged' },
    });
    expect(reply.statusCode).toBe(303);
  });

  it('runs it for signed-in staff, but refuses their post without the CSRF token', async () => {
    const get = await web.inject({
      method: 'GET',
      url: '/console/careless',
      headers: { cookie: session(hq) },
    });
    expect(get.json()).toEqual({ ran: true });
    const post = await web.inject({
      method: 'POST',
      url: '/console/careless',
      headers: { cookie: session(hq) },
      payload: { a: 'b' },
    });
    expect(post.statusCode).toBe(403);
    expect(post.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
  });

  it('accepts the post with the staff member’s own token, and refuses another’s token', async () => {
    const own = await web.inject({
      method: 'POST',
      url: '/console/careless',
      headers: { cookie: session(hq), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(await csrfOf(hq))}`,
    });
    expect(own.json()).toEqual({ ran: true });
    const others = await web.inject({
      method: 'POST',
      url: '/console/careless',
      headers: { cookie: session(hq), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(await csrfOf(zonal))}`,
    });
    expect(others.statusCode).toBe(403);
  });

  it('refuses (and audits) a route whose declared permission the role lacks', async () => {
    expect(
      (
        await web.inject({ method: 'GET', url: '/console/careless/hq', headers: { cookie: session(hq) } })
      ).json(),
    ).toEqual({ ran: true });
    const refused = await web.inject({
      method: 'GET',
      url: '/console/careless/hq',
      headers: { cookie: session(zonal), accept: 'text/html' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Access denied');
    const audited = await t.deps.store.db
      .selectFrom('audit_events')
      .select('detail')
      .where('type', '=', 'console.access_denied')
      .where('actor', '=', 'zonal.lucknow')
      .execute();
    expect(audited.map((a) => a.detail)).toContain('{"permission":"district.set_status"}');
  });

  it('keeps officers out even of a route that names no permission', async () => {
    const officer = new HttpBrowser();
    await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    const reply = await web.inject({
      method: 'GET',
      url: '/console/careless',
      headers: { cookie: session(officer) },
    });
    expect(reply.statusCode).toBe(403);
  });
});
