import type { FastifyInstance } from 'fastify';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIENCE,
  DEMO_USER,
  ISSUER,
  getWithAssertion,
  IDENTITY,
  logIn,
  logInSession,
  readCookie,
  readCsrfField,
  signAssertion,
  useGatewayKeys,
} from '../../test/factories/boweb.ts';
import { buildBoweb } from './app.ts';
import { DEALER_RETURNS } from './returns.ts';

const jwks = useGatewayKeys();

describe('BOWEB over HTTP', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildBoweb({ jwksUrl: jwks.url(), audience: AUDIENCE, issuer: ISSUER });
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuses a request without an assertion', async () => {
    const response = await app.inject({ method: 'GET', url: '/login' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Open this portal through the Dwaar gateway');
    expect(response.body).toContain('इस पोर्टल को द्वार गेटवे के माध्यम से खोलें');
  });

  it.each([
    ['a wrong audience', () => signAssertion({ audience: 'other.localhost' })],
    ['an audience list that merely contains ours', () => signAssertion({ audience: [AUDIENCE, 'other'] })],
    ['a wrong issuer', () => signAssertion({ issuer: 'http://evil.localhost:8080' })],
    ['an issuer on another port', () => signAssertion({ issuer: `${ISSUER}1` })],
    ['an expired assertion', () => signAssertion({ issuedAt: -120 })],
    ['an assertion living longer than 60 s', () => signAssertion({ lifetime: 3600 })],
    ['a forged signature', async () => signAssertion({ key: (await generateKeyPair('ES256')).privateKey })],
    ['garbage', () => Promise.resolve('not-a-jwt')],
  ])('refuses %s', async (_label, makeAssertion) => {
    const response = await app.inject({
      method: 'GET',
      url: '/login',
      headers: { 'x-dwaar-assertion': await makeAssertion() },
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Open this portal through the Dwaar gateway');
  });

  it('serves the stylesheet without an assertion', async () => {
    const response = await app.inject({ method: 'GET', url: '/boweb-static/boweb.css' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/css');
  });

  it('does not let a path trick skip the assertion check', async () => {
    const response = await app.inject({ method: 'GET', url: '/boweb-static/../api/whoami' });
    expect(response.statusCode).toBe(403);
  });

  it('sends the security headers', async () => {
    for (const response of [
      await app.inject({ method: 'GET', url: '/login' }),
      await getWithAssertion(app, '/login'),
    ]) {
      expect(response.headers['content-security-policy']).toBe("default-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('redirects to the login page, which shows the vouched identity', async () => {
    const root = await getWithAssertion(app, '/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/login');

    const login = await getWithAssertion(app, '/login');
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('<label for="username">');
    expect(login.body).toContain('autocomplete="username"');
    expect(login.body).toContain('autocomplete="current-password"');
    expect(login.body).toContain('लॉग इन');
    expect(login.body).toContain('Gateway vouched for');
    expect(login.body).toContain('Anita Verma');
    expect(login.body).toContain('(usr_1001), Lucknow Zone, Lucknow,');
    // One script only: Dwaar's session bar, served by the gateway (issue 8 item 5); no inline code.
    expect(login.body.match(/<script[^>]*>/g)).toEqual(['<script src="/.dwaar/session-bar.js" defer>']);
    expect(login.body).not.toContain('<style');
    expect(readCookie(login, 'BOWEB_CSRF')).toBe(readCsrfField(login.body));
  });

  it('escapes identity claims in the page', async () => {
    const assertion = await signAssertion({ claims: { name: '<script>alert("x")</script>' } });
    const response = await app.inject({
      method: 'GET',
      url: '/login',
      headers: { 'x-dwaar-assertion': assertion },
    });
    expect(response.body).not.toContain('<script>alert');
    expect(response.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('answers a wrong BOWEB password with 401', async () => {
    const response = await logIn(app, 'wrong-password');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Wrong user name or password');
    expect(response.body).toContain('गलत उपयोगकर्ता नाम या पासवर्ड');
    expect(readCookie(response, 'BOWEB_SESSION')).toBeUndefined();
  });

  it('refuses a login form whose CSRF token does not match', async () => {
    const headers = { 'x-dwaar-assertion': await signAssertion() };
    const page = await app.inject({ method: 'GET', url: '/login', headers });
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      cookies: { BOWEB_CSRF: 'some-other-token' },
      payload: new URLSearchParams({
        username: DEMO_USER?.username ?? '',
        password: DEMO_USER?.password ?? '',
        csrf: readCsrfField(page.body),
      }).toString(),
    });
    expect(response.statusCode).toBe(403);
    expect(readCookie(response, 'BOWEB_SESSION')).toBeUndefined();
  });

  it('logs in with the right password and shows the returns with the vouched identity', async () => {
    const response = await logIn(app, DEMO_USER?.password ?? '');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const cookie = response.cookies.find((c) => c.name === 'BOWEB_SESSION');
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');

    const dashboard = await getWithAssertion(app, '/', { BOWEB_SESSION: cookie?.value ?? '' });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.headers['cache-control']).toBe('no-store');
    expect(dashboard.body).toContain('<caption>');
    expect(dashboard.body).toContain('व्यापारी रिटर्न');
    expect(dashboard.body.match(/<tr>/g)?.length).toBe(DEALER_RETURNS.length + 1);
    expect(dashboard.body).toContain(DEALER_RETURNS[0]?.gstin);
    expect(dashboard.body).toContain('₹');
    expect(dashboard.body).toContain('Gateway vouched for');
    expect(dashboard.body).toContain('Anita Verma');
    expect(dashboard.body).toContain(DEMO_USER?.nameEn);
  });

  it('reports both identities on /api/whoami', async () => {
    const before = await getWithAssertion(app, '/api/whoami');
    expect(before.json()).toEqual({ gateway: IDENTITY, boweb: null });

    const session = await logInSession(app);
    const after = await getWithAssertion(app, '/api/whoami', { BOWEB_SESSION: session });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ gateway: IDENTITY, boweb: { username: DEMO_USER?.username } });
  });

  it('ignores a BOWEB session presented by a different gateway user', async () => {
    const session = await logInSession(app);
    const otherUser = await signAssertion({ claims: { sub: 'usr_2002', name: 'Someone Else' } });
    const response = await app.inject({
      method: 'GET',
      url: '/',
      headers: { 'x-dwaar-assertion': otherUser },
      cookies: { BOWEB_SESSION: session },
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login');
  });

  it('shows a return and a 404 page for an unknown one', async () => {
    const session = await logInSession(app);
    const first = DEALER_RETURNS[0];
    const detail = await getWithAssertion(app, `/returns/${first?.id ?? ''}`, { BOWEB_SESSION: session });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain(first?.gstin);
    expect(detail.body).toContain(first?.tradeNameHi);

    const missing = await getWithAssertion(app, '/returns/R999', { BOWEB_SESSION: session });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Return not found');

    const unknownPage = await getWithAssertion(app, '/no-such-page');
    expect(unknownPage.statusCode).toBe(404);
    expect(unknownPage.body).toContain('Page not found');
  });

  it('logs out only with the session CSRF token', async () => {
    const session = await logInSession(app);
    const dashboard = await getWithAssertion(app, '/', { BOWEB_SESSION: session });
    const postLogout = async (csrf: string) =>
      app.inject({
        method: 'POST',
        url: '/logout',
        headers: {
          'x-dwaar-assertion': await signAssertion(),
          'content-type': 'application/x-www-form-urlencoded',
        },
        cookies: { BOWEB_SESSION: session },
        payload: new URLSearchParams({ csrf }).toString(),
      });

    expect((await postLogout('forged')).statusCode).toBe(403);
    const loggedOut = await postLogout(readCsrfField(dashboard.body));
    expect(loggedOut.statusCode).toBe(303);
    expect(loggedOut.headers.location).toBe('/login');

    const after = await getWithAssertion(app, '/', { BOWEB_SESSION: session });
    expect(after.statusCode).toBe(302);
  });
});
