import { expect } from 'vitest';
import { createTestApp, type TestApp, type TestAppOptions } from './create-test-app.ts';
import { Browser, follow, signIn } from './http-client.ts';

/** Two gateway nodes on one PostgreSQL schema and one Redis prefix, sharing a clock: a deployment of two. */
export async function startTwoNodes(
  o: Omit<TestAppOptions, 'dialect' | 'redis' | 'shared' | 'clock'>,
): Promise<{ a: TestApp; b: TestApp; close(): Promise<void> }> {
  const a = await createTestApp({ ...o, dialect: 'postgres', redis: true });
  const b = await createTestApp({
    ...o,
    dialect: 'postgres',
    redis: true,
    clock: a.clock,
    shared: { pgSchema: a.pgSchema ?? '', redisPrefix: a.redisPrefix },
  }).catch(async (err: unknown) => {
    await a.close();
    throw err;
  });
  return {
    a,
    b,
    async close() {
      await b.close();
      await a.close();
    },
  };
}

/** Signs officer1 in on `t` straight into BOWEB; the browser then holds a resource cookie. */
export async function officerInBoweb(t: TestApp): Promise<Browser> {
  const browser = new Browser();
  const landed = await follow(
    browser,
    await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.bowebOrigin}/`),
  );
  expect(landed.status).toBe(200);
  return browser;
}
