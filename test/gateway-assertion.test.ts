import { connect } from 'node:net';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Subject } from '../src/session/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { Browser, signIn } from './http-client.ts';
import { handoffCallbackUrl } from './handoff-trip.ts';
import { TEST_DIALECTS } from './test-env.ts';

/**
 * The identity assertion is the gateway's alone: whatever `X-Dwaar-Assertion` headers a client sends, in
 * whatever casing and however many, the upstream receives exactly one, and it is the gateway's signed JWT.
 * The upstream records raw headers, since Node would join duplicates into one "client, gateway" value.
 */

const BOWEB = 'boweb.localhost';
const DMS = 'dms.localhost';
const HOSTS = [BOWEB, DMS] as const;

/** What a client might send in place of the gateway's assertion, as raw header lines. */
const SPOOFS: readonly (readonly [string, (forgedJwt: string) => readonly string[]])[] = [
  ['one header in canonical casing', () => ['X-Dwaar-Assertion: forged-canonical']],
  ['one header in lower case', () => ['x-dwaar-assertion: forged-lower']],
  [
    'two copies in different casings',
    () => ['x-dwaar-assertion: forged-one', 'X-DWAAR-ASSERTION: forged-two'],
  ],
  ['a validly signed token for someone else', (jwt) => [`X-Dwaar-Assertion: ${jwt}`]],
];

interface RawReply {
  status: number;
  head: string;
}

/**
 * Sends one request exactly as written (node:http and undici merge or refuse duplicate and re-cased
 * headers) and reads the status line. Upgrades stop reading at the end of the head.
 */
function rawRequest(port: number, lines: readonly string[], upgrade = false): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const done = () => {
      socket.destroy();
      const head = received.split('\r\n\r\n')[0] ?? '';
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head });
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (upgrade && received.includes('\r\n\r\n')) done();
    });
    socket.on('end', done);
    socket.on('error', reject);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** The values of every header named `lowerName` (any casing) in a raw `[name, value, …]` list. */
function valuesOf(raw: readonly string[] | undefined, lowerName: string): string[] {
  const values: string[] = [];
  for (let i = 0; raw && i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === lowerName) values.push(raw[i + 1] ?? '');
  }
  return values;
}

describe.each(TEST_DIALECTS)('identity assertion on %s', (dialect) => {
  let t: TestApp;
  let upstreams: Record<string, EchoUpstream>;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  let sid: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    upstreams = { [BOWEB]: await startEchoUpstream(), [DMS]: await startEchoUpstream() };
    t = await createTestApp({
      dialect,
      upstream: upstreams[BOWEB]?.url,
      extraResources: [{ id: 'dms', host: DMS, upstream: upstreams[DMS]?.url ?? '' }],
    });
    const browser = new Browser();
    const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(login.location).toBe(`${t.portalOrigin}/webtop`);
    sid = (browser.cookie('localhost', 'dwaar_sid') ?? '').split('.')[0] ?? '';
    for (const [id, host] of [
      ['boweb', BOWEB],
      ['dms', DMS],
    ] as const) {
      await browser.fetch(await handoffCallbackUrl(browser, t.portalOrigin, id));
      cookies[host] = browser.cookie(host, 'dwaar_rs') ?? '';
    }
    const keys = JSON.parse(
      (await browser.fetch(`${t.portalOrigin}/.well-known/jwks.json`)).body,
    ) as JSONWebKeySet;
    jwks = createLocalJWKSet(keys);
  });
  afterAll(async () => {
    await t.close();
    for (const u of Object.values(upstreams)) await u.close();
  });

  /** A genuinely signed assertion for hq.admin on `host`: valid, but not this session's. */
  function forgedJwt(host: string): string {
    const subject: Subject = {
      accountId: 4,
      userId: 'hq.admin',
      displayName: 'HQ Administrator',
      role: 'hq_admin',
      zone: null,
      district: null,
      wing: null,
    };
    return t.deps.signer.sign(subject, 'someone-elses-session', host, t.clock.now());
  }

  /** Checks the upstream of `host` got exactly one assertion, the gateway's for this session and host. */
  async function expectOnlyGatewayAssertion(host: string, sent: readonly string[]): Promise<void> {
    const received = valuesOf(upstreams[host]?.lastRaw(), 'x-dwaar-assertion');
    expect(received).toHaveLength(1);
    const [token = ''] = received;
    for (const line of sent) expect(token).not.toContain(line.slice(line.indexOf(':') + 1).trim());
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      audience: host,
      currentDate: new Date(t.clock.now()),
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: 'officer1', sid, aud: host });
  }

  describe.each(HOSTS)('on %s', (host) => {
    it.each(SPOOFS)('forwards only the gateway assertion when the client sends %s', async (_, spoof) => {
      const sent = spoof(forgedJwt(host));
      const before = upstreams[host]?.count() ?? 0;
      const reply = await rawRequest(t.port, [
        'GET /records HTTP/1.1',
        `Host: ${host}:${String(t.port)}`,
        `Cookie: dwaar_rs=${cookies[host] ?? ''}`,
        ...sent,
        'Connection: close',
      ]);
      expect(reply.status).toBe(200);
      expect(upstreams[host]?.count()).toBe(before + 1);
      await expectOnlyGatewayAssertion(host, sent);
    });

    it('forwards only the gateway assertion on a WebSocket upgrade carrying spoofed ones', async () => {
      const sent = [
        'x-dwaar-assertion: forged-one',
        'X-DWAAR-ASSERTION: forged-two',
        `X-Dwaar-Assertion: ${forgedJwt(host)}`,
      ];
      const reply = await rawRequest(
        t.port,
        [
          'GET /ws HTTP/1.1',
          `Host: ${host}:${String(t.port)}`,
          `Cookie: dwaar_rs=${cookies[host] ?? ''}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          ...sent,
        ],
        true,
      );
      expect(reply.status).toBe(101);
      await vi.waitFor(() => {
        expect(valuesOf(upstreams[host]?.lastRaw(), 'sec-websocket-key')).toEqual([
          'dGhlIHNhbXBsZSBub25jZQ==',
        ]);
      });
      await expectOnlyGatewayAssertion(host, sent);
    });
  });

  it("names the portal as iss, a fresh jti per token, and the session's sid", async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const reply = await rawRequest(t.port, [
        'GET /records HTTP/1.1',
        `Host: ${BOWEB}:${String(t.port)}`,
        `Cookie: dwaar_rs=${cookies[BOWEB] ?? ''}`,
        'Connection: close',
      ]);
      expect(reply.status).toBe(200);
      tokens.push(valuesOf(upstreams[BOWEB]?.lastRaw(), 'x-dwaar-assertion')[0] ?? '');
      // Past the reuse window, so the second request carries a newly signed token.
      t.clock.advance(31_000);
    }
    const payloads = await Promise.all(
      tokens.map(async (token) => {
        const { payload } = await jwtVerify(token, jwks, {
          audience: BOWEB,
          issuer: t.portalOrigin,
          currentDate: new Date(t.clock.now() - 31_000),
        });
        return payload;
      }),
    );
    for (const payload of payloads) {
      expect(payload).toMatchObject({ iss: t.portalOrigin, aud: BOWEB, sid });
      expect(payload.jti).toMatch(/^[\w-]{22}$/);
    }
    expect(payloads[0]?.jti).not.toBe(payloads[1]?.jti);
  });
});
