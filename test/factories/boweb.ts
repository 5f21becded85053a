import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import { BOWEB_DEMO_USERS } from '../../src/boweb/users.ts';

/**
 * The gateway as BOWEB's tests need it: a JWKS endpoint on a real port and assertions signed with its key
 * (or another), plus BOWEB's own login driven over `inject`.
 */

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export const AUDIENCE = 'boweb.localhost';
/** The gateway portal's origin the assertions name as `iss`. */
export const ISSUER = 'http://localhost:8080';
const KID = 'gateway-test-key';
export const IDENTITY = {
  sub: 'usr_1001',
  name: 'Anita Verma',
  zone: 'Lucknow Zone',
  district: 'Lucknow',
  wing: 'Audit',
  sid: 'sid_abc',
};
export const [DEMO_USER] = BOWEB_DEMO_USERS;

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

export interface SignOptions {
  readonly key?: KeyPair['privateKey'];
  readonly audience?: string | string[];
  readonly issuer?: string;
  /** Seconds relative to now. */
  readonly issuedAt?: number;
  readonly lifetime?: number;
  readonly claims?: Partial<typeof IDENTITY>;
}

export async function signAssertion(options: SignOptions = {}): Promise<string> {
  if (!jwks) throw new Error('useGatewayKeys() starts the keys in beforeAll');
  const { sub, ...claims } = { ...IDENTITY, ...options.claims };
  const iat = Math.floor(Date.now() / 1000) + (options.issuedAt ?? 0);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: KID })
    .setSubject(sub)
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetime ?? 60))
    .sign(options.key ?? jwks.keys.privateKey);
}

export function readCookie(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((cookie) => cookie.name === name)?.value;
}

export function readCsrfField(body: string): string {
  return /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
}

export async function getWithAssertion(
  app: FastifyInstance,
  url: string,
  cookies: Record<string, string> = {},
) {
  return app.inject({ method: 'GET', url, headers: { 'x-dwaar-assertion': await signAssertion() }, cookies });
}

export async function logIn(
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

export async function logInSession(app: FastifyInstance): Promise<string> {
  const response = await logIn(app, DEMO_USER?.password ?? '');
  const session = readCookie(response, 'BOWEB_SESSION');
  if (!session) throw new Error(`login failed with ${response.statusCode}`);
  return session;
}

let jwks: JwksServer | undefined;

/** Call at the top of a BOWEB test file: the JWKS server runs for the file's tests. */
export function useGatewayKeys(): { readonly url: () => string } {
  beforeAll(async () => {
    jwks = await startJwksServer();
  });
  afterAll(async () => {
    await jwks?.close();
    jwks = undefined;
  });
  return { url: () => jwks?.url ?? '' };
}
