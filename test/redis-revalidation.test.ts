import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSessionSweeper } from '../src/session/index.ts';
import { translator } from '../src/i18n/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { Browser, csrfFrom, follow, signIn, walkToLogin } from './http-client.ts';
import { startTcpForwarder, type TcpForwarder } from './tcp-forwarder.ts';
import { TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';

// Issue 7 item 16: a node whose Redis link dropped while a session ended elsewhere must not go on
// serving that session. Node B reaches Redis through a relay the test cuts; node A's link stays up.
describe.skipIf(!TEST_REDIS_URL || !TEST_PG_URL)('session revalidation after a bus outage', () => {
  let a: TestApp;
  let b: TestApp;
  let upstream: EchoUpstream;
  let relay: TcpForwarder;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    relay = await startTcpForwarder(Number(new URL(TEST_REDIS_URL ?? '').port || 6379));
    a = await createTestApp({ dialect: 'postgres', redis: true, upstream: upstream.url });
    b = await createTestApp({
      dialect: 'postgres',
      redis: true,
      upstream: upstream.url,
      clock: a.clock,
      shared: { pgSchema: a.pgSchema ?? '', redisPrefix: a.redisPrefix },
      env: { REDIS_URL: relay.url(TEST_REDIS_URL ?? '') },
    });
  });
  afterEach(() => relay.restore());
  afterAll(async () => {
    relay.restore();
    await b.close();
    await a.close();
    await relay.close();
    await upstream.close();
  });

  /** Signs in on A; returns the browser and a second one presenting the same resource cookie to B. */
  async function sessionOnBoth() {
    const browser = new Browser();
    const landed = await follow(
      browser,
      await signIn(browser, a.portalOrigin, 'officer1', 'Officer@Dwaar1', `${a.bowebOrigin}/`),
    );
    expect(landed.status).toBe(200);
    const onB = new Browser();
    onB.setCookie('boweb.localhost', 'dwaar_rs', browser.cookie('boweb.localhost', 'dwaar_rs') ?? '');
    // B now holds the session in memory.
    expect((await onB.fetch(`${b.bowebOrigin}/`)).status).toBe(200);
    const sid = (browser.cookie('localhost', 'dwaar_sid') ?? '').split('.')[0] ?? '';
    return { browser, onB, sid };
  }

  it('after its link comes back, node B refuses a session logged out on A while B was cut off', async () => {
    const { browser, onB } = await sessionOnBoth();
    relay.cut();
    const webtop = await browser.fetch(`${a.portalOrigin}/webtop`);
    const out = await browser.fetch(`${a.portalOrigin}/logout`, { form: { _csrf: csrfFrom(webtop.body) } });
    expect(out.location).toBe(`${a.portalOrigin}/ended?reason=logout`);
    await new Promise((r) => setTimeout(r, 300)); // the notice is published, and lost for B
    relay.restore();
    const restored = Date.now();
    // No periodic check runs in this test: only the revalidation on reconnect can catch it.
    await vi.waitFor(async () => expect((await onB.fetch(`${b.bowebOrigin}/`)).status).toBe(302), {
      timeout: 6000,
      interval: 100,
    });
    expect(Date.now() - restored).toBeLessThan(6000);
  });

  it('with the link still cut, node B refuses a session revoked on A within the periodic check', async () => {
    const { onB, sid } = await sessionOnBoth();
    const sweeper = startSessionSweeper(b.deps);
    try {
      relay.cut();
      await a.deps.sessions.end(sid, 'revoked', 'hq-admin');
      const ended = Date.now();
      await vi.waitFor(async () => expect((await onB.fetch(`${b.bowebOrigin}/`)).status).toBe(302), {
        timeout: 8000,
        interval: 200,
      });
      expect(Date.now() - ended).toBeLessThan(7000); // the 5 s check, plus a request's slack
    } finally {
      await sweeper.stop();
    }
  });

  it('answers a sign-in on a node whose Redis is unreachable with 503 and the clear text, not 500', async () => {
    const browser = new Browser();
    const login = await walkToLogin(browser, b.portalOrigin);
    relay.cut();
    const reply = await browser.fetch(`${b.portalOrigin}/login`, {
      form: { _csrf: csrfFrom(login.body), userId: 'officer1', password: 'Officer@Dwaar1' },
    });
    expect(reply.status).toBe(503);
    expect(reply.body).toContain(translator('en')('ops.kvUnavailableBody'));
  });
});
