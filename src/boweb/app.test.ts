import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildBoweb } from './app.ts';
import { createAssertionVerifier } from './assertion.ts';
import { html } from './html.ts';
import { computeGstinCheckChar, DEALER_RETURNS } from './returns.ts';
import { BOWEB_DEMO_USERS } from './users.ts';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

const AUDIENCE = 'boweb.localhost';
const KID = 'gateway-test-key';
const IDENTITY = {
  sub: 'usr_1001',
  name: 'Anita Verma',
  zone: 'Lucknow Zone',
  district: 'Lucknow',
  wing: 'Audit',
  sid: 'sid_abc',
};
const [DEMO_USER] = BOWEB_DEMO_USERS;

interface JwksServer {
  readonly url: string;
  readonly keys: KeyPair;
  close(): Promise<void>;
}

/** Stands in for the gateway's `/.well-known/jwks.json`. */
async function startJwksServer(): Promise<JwksServer> {
  const keys = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: KID, alg: 'ES256', use: 'sig' };
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    keys,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface SignOptions {
  readonly key?: KeyPair['privateKey'];
  readonly audience?: string;
  /** Seconds relative to now. */
  readonly issuedAt?: number;
  readonly lifetime?: number;
  readonly claims?: Partial<typeof IDENTITY>;
}

let jwks: JwksServer;

async function signAssertion(options: SignOptions = {}): Promise<string> {
  const { sub, ...claims } = { ...IDENTITY, ...options.claims };
  const iat = Math.floor(Date.now() / 1000) + (options.issuedAt ?? 0);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: KID })
    .setSubject(sub)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetime ?? 60))
    .sign(options.key ?? jwks.keys.privateKey);
}

function readCookie(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((cookie) => cookie.name === name)?.value;
}

function readCsrfField(body: string): string {
  return /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
}

async function getWithAssertion(app: FastifyInstance, url: string, cookies: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers: { 'x-dwaar-assertion': await signAssertion() }, cookies });
}

async function logIn(
  app: FastifyInstance,
  password: string,
  assertion?: string,
): Promise<LightMyRequestResponse> {
  const headers = { 'x-dwaar-assertion': assertion ?? (await signAssertion()) };
  const page = await app.inject({ method: 'GET', url: '/login', headers });
  return app.inject({
    method: 'POST',
    url: '/login',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    cookies: { BOWEB_CSRF: readCookie(page, 'BOWEB_CSRF') ?? '' },
    payload: new URLSearchParams({
      username: DEMO_USER?.username ?? '',
      password,
      csrf: readCsrfField(page.body),
    }).toString(),
  });
}

async function logInSession(app: FastifyInstance): Promise<string> {
  const response = await logIn(app, DEMO_USER?.password ?? '');
  const session = readCookie(response, 'BOWEB_SESSION');
  if (!session) throw new Error(`login failed with ${response.statusCode}`);
  return session;
}

beforeAll(async () => {
  jwks = await startJwksServer();
});

afterAll(async () => {
  await jwks.close();
});

describe('BOWEB over HTTP', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildBoweb({ jwksUrl: jwks.url, audience: AUDIENCE });
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
    expect(login.body).not.toContain('<script');
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

describe('BOWEB without a required assertion', () => {
  it('serves the login page to direct visitors and says nobody was vouched for', async () => {
    const app = await buildBoweb({ jwksUrl: jwks.url, audience: AUDIENCE, requireAssertion: false });
    try {
      const response = await app.inject({ method: 'GET', url: '/login' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('No valid gateway assertion');
      const whoami = await app.inject({ method: 'GET', url: '/api/whoami' });
      expect(whoami.json()).toEqual({ gateway: null, boweb: null });
    } finally {
      await app.close();
    }
  });
});

describe('BOWEB WebSocket echo', () => {
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    app = await buildBoweb({ jwksUrl: jwks.url, audience: AUDIENCE });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    baseUrl = `ws://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  /** Resolves with the first reply, or with the HTTP status that refused the upgrade. */
  function exchange(path: string, headers: Record<string, string>, message: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${baseUrl}${path}`, { headers });
      socket.on('open', () => socket.send(message));
      socket.on('message', (data, isBinary) => {
        socket.close();
        resolve(!isBinary && Buffer.isBuffer(data) ? data.toString('utf8') : 'binary');
      });
      socket.on('unexpected-response', (request, response) => {
        response.resume();
        request.destroy();
        resolve(`status:${response.statusCode ?? 0}`);
      });
      socket.on('error', reject);
    });
  }

  it('echoes text with a valid assertion', async () => {
    const assertion = await signAssertion();
    expect(await exchange('/ws/echo', { 'x-dwaar-assertion': assertion }, 'namaste')).toBe('echo:namaste');
  });

  it('refuses the upgrade without a valid assertion', async () => {
    expect(await exchange('/ws/echo', {}, 'hi')).toBe('status:403');
    const forged = await signAssertion({ key: (await generateKeyPair('ES256')).privateKey });
    expect(await exchange('/ws/echo', { 'x-dwaar-assertion': forged }, 'hi')).toBe('status:403');
  });

  it('refuses a browser upgrade from a foreign origin', async () => {
    const assertion = await signAssertion();
    const headers = { 'x-dwaar-assertion': assertion };
    expect(await exchange('/ws/echo', { ...headers, origin: 'https://evil.example' }, 'hi')).toBe(
      'status:403',
    );
    expect(await exchange('/ws/echo', { ...headers, origin: 'http://boweb.localhost:8080' }, 'hi')).toBe(
      'echo:hi',
    );
  });

  it('closes open sockets when the app closes', async () => {
    const closing = await buildBoweb({ jwksUrl: jwks.url, audience: AUDIENCE });
    await closing.listen({ host: '127.0.0.1', port: 0 });
    const { port } = closing.server.address() as AddressInfo;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws/echo`, {
      headers: { 'x-dwaar-assertion': await signAssertion() },
    });
    await new Promise((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });
    const clientClosed = new Promise((resolve) => socket.on('close', resolve));
    await closing.close();
    await clientClosed;
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });

  it('refuses upgrades on other paths', async () => {
    const assertion = await signAssertion();
    expect(await exchange('/ws/other', { 'x-dwaar-assertion': assertion }, 'hi')).toBe('status:404');
  });
});

describe('BOWEB building blocks', () => {
  it('fails closed when the JWKS cannot be fetched', async () => {
    const verify = createAssertionVerifier({ jwksUrl: 'http://127.0.0.1:1/jwks.json', audience: AUDIENCE });
    const result = await verify(await signAssertion());
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await verify(undefined)).toMatchObject({ ok: false, reason: 'missing' });
    expect(await verify(['a', 'b'])).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('escapes all five HTML metacharacters', () => {
    expect(html`<p title="${`"'&<>`}">${'<b>'}</p>`.toString()).toBe(
      '<p title="&quot;&#39;&amp;&lt;&gt;">&lt;b&gt;</p>',
    );
    // Prettier re-indents html`` literals, so compare without whitespace.
    const list = html`<ul>
      ${['<a>', html`<li>ok</li>`]}
    </ul>`;
    expect(list.toString().replace(/\s+/g, '')).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
  });

  it('generates about twenty returns with valid GSTIN check characters', () => {
    expect(DEALER_RETURNS.length).toBe(20);
    for (const { gstin } of DEALER_RETURNS) {
      expect(gstin).toMatch(/^09[A-Z]{5}\d{4}[A-Z]1Z[0-9A-Z]$/);
      expect(gstin.at(-1)).toBe(computeGstinCheckChar(gstin.slice(0, 14)));
    }
    expect(computeGstinCheckChar('27AAPFU0939F1Z')).toBe('V');
  });
});
