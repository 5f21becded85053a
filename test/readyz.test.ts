import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, freePort, type TestApp } from './create-test-app.ts';
import { Browser, follow, signIn } from './http-client.ts';
import { SLOW_BODY, startSlowUpstream, type SlowUpstream } from './slow-upstream.ts';
import { startTcpForwarder, type TcpForwarder } from './tcp-forwarder.ts';
import { TEST_REDIS_URL } from './test-env.ts';

// Issue 12: readiness names each dependency (database, Redis, upstreams, data directory) and the drain;
// liveness stays liveness, and says which process answered.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function probe(t: TestApp, path = '/readyz') {
  const reply = await new Browser().fetch(`${t.portalOrigin}${path}`);
  return { status: reply.status, body: JSON.parse(reply.body) as Record<string, unknown> };
}

describe('readiness and liveness', () => {
  let t: TestApp | undefined;
  let upstream: SlowUpstream | undefined;
  let relay: TcpForwarder | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await t?.close();
    await upstream?.close();
    await relay?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    t = upstream = relay = dir = undefined;
  });

  it('is ready when every check passes, and liveness names the process', async () => {
    upstream = await startSlowUpstream();
    t = await createTestApp({ upstream: upstream.url });
    expect(await probe(t)).toEqual({
      status: 200,
      body: { status: 'ok', database: 'ok', storage: 'ok', upstreams: { boweb: 'ok' }, dataDir: 'ok' },
    });
    expect(await probe(t, '/healthz')).toEqual({
      status: 200,
      body: { status: 'ok', database: 'sqlite', pid: process.pid, worker: null },
    });
  });

  it('names an upstream nobody listens on, and only that one', async () => {
    const closed = await freePort();
    upstream = await startSlowUpstream();
    t = await createTestApp({
      upstream: `http://127.0.0.1:${closed}`,
      extraResources: [{ id: 'dms', host: 'dms.localhost', upstream: upstream.url }],
    });
    const { status, body } = await probe(t);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'unavailable',
      database: 'ok',
      upstreams: { boweb: 'unreachable', dms: 'ok' },
      dataDir: 'ok',
      failing: ['upstream:boweb'],
    });
    // Liveness does not care: the process serves.
    expect((await probe(t, '/healthz')).status).toBe(200);
  });

  it('names a data directory that takes no write (a regular file where the directory was)', async () => {
    upstream = await startSlowUpstream();
    dir = await mkdtemp(join(tmpdir(), 'dwaar-readyz-'));
    const data = join(dir, 'data');
    t = await createTestApp({ upstream: upstream.url, env: { DWAAR_DATA: data } });
    expect((await probe(t)).status).toBe(200);
    // Root writes through chmod 0555, so the directory is made unusable another real way.
    await rm(data, { recursive: true, force: true });
    await writeFile(data, 'not a directory');
    await sleep(3_100); // the cached answer expires
    const { status, body } = await probe(t);
    expect(status).toBe(503);
    expect(body).toMatchObject({ dataDir: 'not writable', database: 'ok', failing: ['dataDir'] });
  });

  it.skipIf(!TEST_REDIS_URL)(
    'names Redis when it stops answering, and is ready again when it is back',
    async () => {
      upstream = await startSlowUpstream();
      relay = await startTcpForwarder(Number(new URL(TEST_REDIS_URL ?? '').port || 6379));
      t = await createTestApp({
        upstream: upstream.url,
        redis: true,
        env: { REDIS_URL: relay.url(TEST_REDIS_URL ?? '') },
      });
      expect(await probe(t)).toMatchObject({ status: 200, body: { status: 'ok', redis: 'ok' } });
      relay.cut();
      const down = await probe(t);
      expect(down).toMatchObject({
        status: 503,
        body: { status: 'unavailable', redis: 'unreachable', database: 'ok', failing: ['redis'] },
      });
      relay.restore();
      let back = await probe(t);
      for (let i = 0; i < 50 && back.status !== 200; i++) {
        await sleep(100);
        back = await probe(t);
      }
      expect(back).toMatchObject({ status: 200, body: { redis: 'ok' } });
    },
  );

  it('answers 503 draining from the first moment of a drain, while a request in flight finishes', async () => {
    upstream = await startSlowUpstream();
    t = await createTestApp({ upstream: upstream.url });
    const officer = new Browser();
    const home = await follow(
      officer,
      await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.bowebOrigin}/`),
    );
    expect(home.status).toBe(200);
    const inFlight = officer.fetch(`${t.bowebOrigin}/slow?ms=800`);
    await sleep(200);
    const drained = t.app.drain(5_000);
    expect(t.app.draining()).toBe(true);
    const ready = await t.app.web.inject({ url: '/readyz', headers: { host: `localhost:${t.port}` } });
    expect([ready.statusCode, ready.json()]).toEqual([503, { status: 'draining' }]);
    const reply = await inFlight;
    expect([reply.status, reply.body === SLOW_BODY]).toEqual([200, true]);
    expect(await drained).toMatchObject({ inFlight: 1, cutRequests: 0 });
  });
});
