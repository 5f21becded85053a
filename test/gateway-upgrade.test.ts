import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { Browser, follow, signIn } from './http-client.ts';
import { TEST_DIALECTS, TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';
import { useAppWithEcho } from './app-with-echo.ts';

// Issue 7 item 1: only WebSocket is tunnelled, only after the upstream's 101, from the resource's own
// Origin, and a tunnel never outlives its session.

/** A raw TCP upstream that records every byte it receives and answers each connection with `answer`. */
async function startRawUpstream(answer: string) {
  let received = '';
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let mine = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      mine += chunk.toString('latin1');
      // One answer per request head, and the connection kept open, as a keep-alive upstream would.
      for (let end = mine.indexOf('\r\n\r\n'); end >= 0; end = mine.indexOf('\r\n\r\n')) {
        mine = mine.slice(end + 4);
        socket.write(answer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    received: () => received,
    reset: () => (received = ''),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Writes `chunks` to the gateway one after the other (each after the previous answer began, or at once),
 * and collects what comes back until the gateway closes the connection or `waitMs` passes.
 */
function exchange(
  port: number,
  first: string,
  then?: string,
  waitMs = 1500,
): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let sent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, waitMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (then && !sent && text.includes('\r\n\r\n')) {
        sent = true;
        socket.write(then);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.write(first);
  });
}

const WS_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** Signs officer1 in and completes the hand-off to BOWEB (whose upstream answers `landing`). */
async function officerAt(t: TestApp, landing = 200): Promise<Browser> {
  const browser = new Browser();
  const landed = await follow(
    browser,
    await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.bowebOrigin}/`),
  );
  expect(landed.status).toBe(landing);
  expect(browser.cookie('boweb.localhost', 'dwaar_rs')).toBeDefined();
  return browser;
}

const rsCookie = (browser: Browser) => `dwaar_rs=${browser.cookie('boweb.localhost', 'dwaar_rs') ?? ''}`;

/** Opens a WebSocket through the gateway; resolves with the open socket or the refusal's status. */
function openWs(
  t: TestApp,
  headers: Record<string, string>,
  origin: string | undefined = t.bowebOrigin,
): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/ws`, {
      headers: { host: `boweb.localhost:${t.port}`, ...headers },
      ...(origin === undefined ? {} : { origin }),
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

async function echoOnce(ws: WebSocket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    ws.once('message', (data: Buffer) => resolve(data.toString('utf8')));
    ws.once('error', reject);
    ws.send(text);
  });
}

const closed = (ws: WebSocket) =>
  new Promise<void>((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) resolve();
    else ws.once('close', () => resolve());
  });

async function logout(browser: Browser, t: TestApp): Promise<void> {
  const webtop = await browser.fetch(`${t.portalOrigin}/webtop`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(webtop.body)?.[1] ?? '';
  await browser.fetch(`${t.portalOrigin}/logout`, { form: { _csrf: csrf } });
}

describe.each(TEST_DIALECTS)('WebSocket upgrades on %s', (dialect) => {
  let t: TestApp;
  let raw: Awaited<ReturnType<typeof startRawUpstream>>;

  beforeAll(async () => {
    raw = await startRawUpstream('HTTP/1.1 404 Not Found\r\ncontent-length: 10\r\n\r\nnot here\r\n');
    t = await createTestApp({ dialect, upstream: raw.url });
  });
  afterAll(async () => {
    await t.close();
    await raw.close();
  });

  it('refuses Upgrade: h2c and never lets a pipelined request with forged headers reach the upstream', async () => {
    const browser = await officerAt(t, 404);
    raw.reset();
    const smuggled =
      `GET /second HTTP/1.1\r\nHost: boweb.localhost\r\nX-Dwaar-Assertion: forged.assertion.value\r\n` +
      `X-Forwarded-For: 6.6.6.6\r\n\r\n`;
    const reply = await exchange(
      t.port,
      `GET / HTTP/1.1\r\nHost: boweb.localhost:${t.port}\r\nCookie: ${rsCookie(browser)}\r\n` +
        `Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n` +
        smuggled,
    );
    expect(reply.text).toMatch(/^HTTP\/1\.1 403 /);
    expect(reply.closed).toBe(true);
    expect(raw.received()).not.toContain('/second');
    expect(raw.received()).not.toContain('forged.assertion.value');
    expect(raw.received()).not.toContain('6.6.6.6');
  });

  it.each([
    ['TLS/1.0', 403],
    ['websocket, h2c', 403],
  ])('refuses Upgrade: %s with %i and closes', async (upgrade, status) => {
    const browser = await officerAt(t, 404);
    const reply = await exchange(
      t.port,
      `GET / HTTP/1.1\r\nHost: boweb.localhost:${t.port}\r\nCookie: ${rsCookie(browser)}\r\n` +
        `Connection: Upgrade\r\nUpgrade: ${upgrade}\r\nSec-WebSocket-Key: ${WS_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(reply.text).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(reply.closed).toBe(true);
  });

  it('refuses a WebSocket handshake without its key or with another version', async () => {
    const browser = await officerAt(t, 404);
    const head = `GET / HTTP/1.1\r\nHost: boweb.localhost:${t.port}\r\nCookie: ${rsCookie(browser)}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n`;
    expect((await exchange(t.port, `${head}Sec-WebSocket-Version: 13\r\n\r\n`)).text).toMatch(
      /^HTTP\/1\.1 400 /,
    );
    const v8 = await exchange(
      t.port,
      `${head}Sec-WebSocket-Key: ${WS_KEY}\r\nSec-WebSocket-Version: 8\r\n\r\n`,
    );
    expect(v8.text).toMatch(/^HTTP\/1\.1 426 /);
    expect(v8.text.toLowerCase()).toContain('sec-websocket-version: 13');
  });

  it('relays an upstream 404 to an upgrade as a plain response and closes: no tunnel', async () => {
    const browser = await officerAt(t, 404);
    raw.reset();
    const reply = await exchange(
      t.port,
      `GET /ws HTTP/1.1\r\nHost: boweb.localhost:${t.port}\r\nCookie: ${rsCookie(browser)}\r\n` +
        `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: ${WS_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      `GET /after HTTP/1.1\r\nHost: boweb.localhost\r\nX-Dwaar-Assertion: forged.after\r\n\r\n`,
    );
    expect(reply.text).toMatch(/^HTTP\/1\.1 404 /);
    expect(reply.text).toContain('not here');
    expect(reply.closed).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(raw.received()).toContain('GET /ws ');
    expect(raw.received()).not.toContain('/after');
    expect(raw.received()).not.toContain('forged.after');
  });
});

describe.each(TEST_DIALECTS)('WebSocket tunnels on %s', (dialect) => {
  let t: TestApp;
  let upstream: EchoUpstream;
  useAppWithEcho(dialect, (app, echo) => {
    t = app;
    upstream = echo;
  });

  it('carries a real WebSocket from the resource origin to the upstream and back', async () => {
    const ws = await openWs(t, { cookie: rsCookie(await officerAt(t)) });
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
    expect(await echoOnce(ws, 'namaste')).toBe('echo:namaste');
    expect(typeof upstream.last()?.['x-dwaar-assertion']).toBe('string');
    ws.close();
  });

  it.each([
    ['another host', (t: TestApp) => `http://evil.localhost:${t.port}`],
    ['another port', (t: TestApp) => `http://boweb.localhost:${t.port + 1}`],
    ['another scheme', (t: TestApp) => `https://boweb.localhost:${t.port}`],
    ['the portal', (t: TestApp) => t.portalOrigin],
  ])('refuses a WebSocket whose Origin is %s with 403', async (_name, origin) => {
    const result = await openWs(t, { cookie: rsCookie(await officerAt(t)) }, origin(t));
    if (typeof result !== 'number') result.close();
    expect(result).toBe(403);
  });

  it('closes the live tunnel at logout on the portal', async () => {
    const browser = await officerAt(t);
    const ws = await openWs(t, { cookie: rsCookie(browser) });
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
    expect(await echoOnce(ws, 'one')).toBe('echo:one');
    await logout(browser, t);
    await vi.waitFor(() => expect(ws.readyState).toBe(WebSocket.CLOSED), { timeout: 3000 });
  });

  it('closes the live tunnel when the idle limit passes, however many frames it carries', async () => {
    const ws = await openWs(t, { cookie: rsCookie(await officerAt(t)) });
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
    t.clock.advance(10 * 60_000);
    expect(await echoOnce(ws, 'still here')).toBe('echo:still here'); // frames are not activity
    t.clock.advance(6 * 60_000);
    await vi.waitFor(() => expect(ws.readyState).toBe(WebSocket.CLOSED), { timeout: 4000 });
  });

  it('closes the live tunnel at the absolute limit even while the officer keeps working', async () => {
    const browser = await officerAt(t);
    const ws = await openWs(t, { cookie: rsCookie(browser) });
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
    const absoluteMs = t.deps.config.session.absoluteTimeoutS * 1000;
    for (let spent = 0; spent + 10 * 60_000 < absoluteMs; spent += 10 * 60_000) {
      t.clock.advance(10 * 60_000);
      expect((await browser.fetch(`${t.bowebOrigin}/`)).status).toBe(200); // not idle
    }
    expect(ws.readyState).toBe(WebSocket.OPEN);
    t.clock.advance(10 * 60_000);
    await closed(ws);
  });
});

describe.skipIf(!TEST_REDIS_URL || !TEST_PG_URL)('WebSocket tunnels across two nodes', () => {
  let a: TestApp;
  let b: TestApp;
  let upstream: EchoUpstream;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    a = await createTestApp({ dialect: 'postgres', redis: true, upstream: upstream.url });
    b = await createTestApp({
      dialect: 'postgres',
      redis: true,
      upstream: upstream.url,
      clock: a.clock,
      shared: { pgSchema: a.pgSchema ?? '', redisPrefix: a.redisPrefix },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await upstream.close();
  });

  it('closes a tunnel on node B when the session is revoked on node A', async () => {
    const browser = await officerAt(a);
    const ws = await openWs(b, { cookie: rsCookie(browser) }, `http://boweb.localhost:${b.port}`);
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
    expect(await echoOnce(ws, 'on b')).toBe('echo:on b');
    const sid = (browser.cookie('localhost', 'dwaar_sid') ?? '').split('.')[0] ?? '';
    await a.deps.sessions.end(sid, 'revoked', 'hq-admin');
    await vi.waitFor(() => expect(ws.readyState).toBe(WebSocket.CLOSED), { timeout: 3000 });
  });
});
