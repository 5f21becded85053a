import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { handoffCallbackUrl } from './handoff-trip.ts';
import { Browser, signIn } from './http-client.ts';

/**
 * Issue 7, items 2 to 4: what the upstream sees of the client's request (hop-by-hop lists, underscore
 * names, Host, absolute-form targets), what the browser sees of the upstream's cookies, and what a foreign
 * Host gets. Requests are written raw with node:net, since undici would normalise exactly what is tested.
 */

/** The cookies the test upstream tries to plant on every answer. */
const UPSTREAM_COOKIES = [
  'dwaar_sid=planted; Path=/',
  'dwaar_rs=planted; Path=/',
  '__Host-dwaar_rs=planted; Path=/; Secure',
  'DWAAR_LANG=hi; Path=/',
  'WIDE=1; Path=/; Domain=localhost',
  'DOTTED=1; Path=/; domain=.LOCALHOST',
  'OWN=1; Path=/',
  'SCOPED=1; Path=/; Domain=boweb.localhost',
];

interface Seen {
  url: string;
  raw: string[];
}

/** An upstream that records the request target and raw headers, and answers with `UPSTREAM_COOKIES`. */
async function startRecordingUpstream(): Promise<{ url: string; last(): Seen | undefined; server: Server }> {
  let last: Seen | undefined;
  const server = createServer((req, res) => {
    last = { url: req.url ?? '', raw: req.rawHeaders };
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': UPSTREAM_COOKIES });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, last: () => last, server };
}

/** Writes one request exactly as given and returns the response head. */
function rawRequest(port: number, lines: readonly string[]): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) socket.end();
    });
    socket.on('close', () => {
      const head = received.split('\r\n\r\n')[0] ?? '';
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head });
    });
    socket.on('error', reject);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

function valuesOf(raw: readonly string[] | undefined, lowerName: string): string[] {
  const values: string[] = [];
  for (let i = 0; raw && i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === lowerName) values.push(raw[i + 1] ?? '');
  }
  return values;
}

describe('proxy headers', () => {
  let t: TestApp;
  let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
  let cookie: string;
  let host: string;

  beforeAll(async () => {
    upstream = await startRecordingUpstream();
    t = await createTestApp({ upstream: upstream.url });
    host = `boweb.localhost:${String(t.port)}`;
    const browser = new Browser();
    await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    await browser.fetch(await handoffCallbackUrl(browser, t.portalOrigin, 'boweb'));
    cookie = browser.cookie('boweb.localhost', 'dwaar_rs') ?? '';
    expect(cookie).not.toBe('');
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
  });

  const get = (target: string, extra: readonly string[] = []) =>
    rawRequest(t.port, [`GET ${target} HTTP/1.1`, `Host: ${host}`, `Cookie: dwaar_rs=${cookie}`, ...extra]);

  describe('item 2: hop-by-hop lists and underscores', () => {
    it("keeps the gateway's assertion and forwarding fields when the client's Connection lists them", async () => {
      const reply = await get('/records', [
        'Connection: keep-alive, X-Dwaar-Assertion, X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host',
        'X-Private: hop-only',
        'Connection: x-private',
      ]);
      expect(reply.status).toBe(200);
      const raw = upstream.last()?.raw;
      expect(valuesOf(raw, 'x-dwaar-assertion')).toHaveLength(1);
      expect(valuesOf(raw, 'x-dwaar-assertion')[0]).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(valuesOf(raw, 'x-forwarded-for')).toEqual(['127.0.0.1']);
      expect(valuesOf(raw, 'x-forwarded-proto')).toEqual(['http']);
      expect(valuesOf(raw, 'x-forwarded-host')).toEqual([host]);
      expect(valuesOf(raw, 'x-private')).toEqual([]);
    });

    it('drops client header names containing underscores', async () => {
      const reply = await get('/records', [
        'X_Dwaar_Assertion: forged',
        'X_Forwarded_For: 6.6.6.6',
        'Some_Header: x',
      ]);
      expect(reply.status).toBe(200);
      const names = (upstream.last()?.raw ?? []).filter((_, i) => i % 2 === 0);
      expect(names.filter((n) => n.includes('_'))).toEqual([]);
      expect(names.filter((n) => n.toLowerCase() === 'x-dwaar-assertion')).toHaveLength(1);
    });
  });

  describe('item 3: the upstream authority is the configured one', () => {
    it("sends the upstream's configured host, not the client's Host", async () => {
      expect((await get('/records')).status).toBe(200);
      const raw = upstream.last()?.raw;
      expect(valuesOf(raw, 'host')).toEqual([new URL(upstream.url).host]);
      expect(valuesOf(raw, 'x-forwarded-host')).toEqual([host]);
    });

    it('reduces an absolute-form target to origin form', async () => {
      const reply = await get('http://evil.example/steal?x=1');
      expect(reply.status).toBe(200);
      expect(upstream.last()?.url).toBe('/steal?x=1');
      expect(valuesOf(upstream.last()?.raw, 'host')).toEqual([new URL(upstream.url).host]);
    });

    it('answers 421 to a Host that is neither the portal nor a resource', async () => {
      for (const foreign of [
        'evil.example',
        `evil.example:${String(t.port)}`,
        `127.0.0.2:${String(t.port)}`,
      ]) {
        const reply = await rawRequest(t.port, ['GET / HTTP/1.1', `Host: ${foreign}`, 'Connection: close']);
        expect(reply.status).toBe(421);
        expect(reply.head.toLowerCase()).not.toContain('set-cookie');
      }
      const portal = await rawRequest(t.port, ['GET / HTTP/1.1', `Host: localhost:${String(t.port)}`]);
      expect(portal.status).toBe(200);
      // Probes and back offices read these over loopback.
      for (const path of ['/healthz', '/.well-known/jwks.json']) {
        const machine = await rawRequest(t.port, [
          `GET ${path} HTTP/1.1`,
          `Host: 127.0.0.1:${String(t.port)}`,
        ]);
        expect(machine.status).toBe(200);
      }
    });
  });

  describe("item 4: the upstream cannot set the gateway's cookies", () => {
    it('drops Set-Cookie for dwaar_* names and for domains covering the portal', async () => {
      const browser = new Browser();
      browser.setCookie('boweb.localhost', 'dwaar_rs', cookie);
      const reply = await browser.fetch(`${t.bowebOrigin}/records`);
      expect(reply.status).toBe(200);
      const set = reply.headers['set-cookie'];
      expect(Array.isArray(set) ? set : [set]).toEqual([
        'OWN=1; Path=/',
        'SCOPED=1; Path=/; Domain=boweb.localhost',
      ]);
    });
  });
});
