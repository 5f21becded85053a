import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisKv, type Kv } from '../src/store/kv.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, follow, signIn } from './http-client.ts';
import { handoffCallbackUrl } from './handoff-trip.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';

describe.skipIf(!TEST_REDIS_URL)('Redis kv', () => {
  let kv: Kv;
  beforeAll(async () => {
    kv = await createRedisKv(TEST_REDIS_URL ?? '', `dwaar-test:${randomBytes(6).toString('hex')}:`);
  });
  afterAll(async () => {
    await kv.close();
  });

  it('hands out a one-time value once', async () => {
    await kv.set('code', 'v', 10_000);
    expect(await Promise.all([kv.take('code'), kv.take('code')])).toEqual(['v', undefined]);
  });

  it('counts atomically and expires the counter', async () => {
    const counts = await Promise.all(Array.from({ length: 10 }, () => kv.incr('n', 200)));
    expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await kv.incr('n', 200)).toBe(1);
  });

  it('delivers published notices to subscribers', async () => {
    const got: string[] = [];
    await kv.subscribe('bus', (m) => got.push(m));
    await kv.publish('bus', 'hello');
    await vi.waitFor(() => expect(got).toEqual(['hello']));
  });
});

describe.skipIf(!TEST_REDIS_URL || !TEST_PG_URL)('two gateway nodes on PostgreSQL and Redis', () => {
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

  it('serves a session made on one node from the other, and ends it on both at logout', async () => {
    const browser = new Browser();
    const landed = await follow(
      browser,
      await signIn(browser, a.portalOrigin, 'officer1', 'Officer@Dwaar1', `${a.bowebOrigin}/`),
    );
    expect(landed.status).toBe(200);
    const rs = browser.cookie('boweb.localhost', 'dwaar_rs') ?? '';
    const onB = new Browser();
    onB.setCookie('boweb.localhost', 'dwaar_rs', rs);
    expect((await onB.fetch(`${b.bowebOrigin}/`)).status).toBe(200);

    const webtop = await browser.fetch(`${a.portalOrigin}/webtop`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(webtop.body)?.[1] ?? '';
    await browser.fetch(`${a.portalOrigin}/logout`, { form: { _csrf: csrf } });
    // Node B had the session cached; the Redis notice must drop it without a database read.
    await vi.waitFor(async () => expect((await onB.fetch(`${b.bowebOrigin}/`)).status).toBe(302));
  });

  it('redeems a hand-off code on any node, once', async () => {
    const browser = new Browser();
    await signIn(browser, a.portalOrigin, 'officer1', 'Officer@Dwaar1');
    const callback = (await handoffCallbackUrl(browser, a.portalOrigin, 'boweb')).replace(
      `:${a.port}`,
      `:${b.port}`,
    );
    const redeemed = await browser.fetch(callback);
    expect(redeemed.headers['set-cookie']).toBeDefined();
    const replay = await new Browser().fetch(callback.replace(`:${b.port}`, `:${a.port}`));
    expect(replay.headers['set-cookie']).toBeUndefined();
  });
});
