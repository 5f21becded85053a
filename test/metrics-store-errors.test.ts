import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { scrape, valueOf } from './metrics-exposition.ts';
import { startTcpForwarder, type TcpForwarder } from './tcp-forwarder.ts';
import { TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// PostgreSQL and Redis each behind a TCP relay the test breaks; the store-errors series must move.
describe.skipIf(!TEST_PG_URL || !TEST_REDIS_URL)('store errors in /metrics', () => {
  let t: TestApp;
  let pgRelay: TcpForwarder;
  let redisRelay: TcpForwarder;
  const errors = async (store: string) =>
    valueOf(await scrape(t.portalOrigin), 'dwaar_store_errors_total', { store }) ?? 0;

  beforeAll(async () => {
    pgRelay = await startTcpForwarder(Number(new URL(TEST_PG_URL ?? '').port || 5432));
    redisRelay = await startTcpForwarder(Number(new URL(TEST_REDIS_URL ?? '').port || 6379));
    t = await createTestApp({
      dialect: 'postgres',
      redis: true,
      env: {
        DATABASE_URL: pgRelay.url(TEST_PG_URL ?? ''),
        REDIS_URL: redisRelay.url(TEST_REDIS_URL ?? ''),
        DWAAR_DB_CONNECT_TIMEOUT_MS: '1000',
      },
    });
  }, 60_000);
  afterAll(async () => {
    pgRelay.restore();
    redisRelay.restore();
    await t.close();
    await pgRelay.close();
    await redisRelay.close();
  });

  it(
    'counts a Redis command that finds it unavailable, and the notice bus dropping',
    { timeout: 60_000 },
    async () => {
      const before = await errors('redis');
      redisRelay.cut();
      try {
        // The bus's link dropped: counted once, however often it then tries to reconnect.
        await vi.waitFor(async () => expect(await errors('redis')).toBe(before + 1), { timeout: 5_000 });
        // A command that finds Redis unavailable (after the client's own retries, which take a while).
        await expect(t.deps.kv.get('anything')).rejects.toMatchObject({ code: 'KV_UNAVAILABLE' });
        expect(await errors('redis')).toBe(before + 2);
      } finally {
        redisRelay.restore();
      }
    },
  );

  it('counts database faults, and reads the database gauges as NaN while it is down', async () => {
    pgRelay.cut();
    try {
      // Pooled connections dropped (counted as they go); then each query that fails is counted.
      await sleep(300);
      const during = await scrape(t.portalOrigin);
      expect(valueOf(during, 'dwaar_active_sessions')).toBeNaN();
      const before = valueOf(during, 'dwaar_store_errors_total', { store: 'database' }) ?? 0;
      for (let i = 0; i < 3; i++)
        await expect(t.deps.store.db.selectFrom('accounts').select('id').execute()).rejects.toMatchObject({
          code: 'DATABASE_UNAVAILABLE',
        });
      // The scrape's own two probes failed too (after it had read the counters).
      expect(await errors('database')).toBeGreaterThanOrEqual(before + 3);
    } finally {
      pgRelay.restore();
    }
    expect(valueOf(await scrape(t.portalOrigin), 'dwaar_active_sessions')).toBeGreaterThanOrEqual(0);
  });
});
