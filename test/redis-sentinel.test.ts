import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createRedisKv, type BusState, type Kv, redisOptions, redisTargetOf } from '../src/store/kv.ts';
import { freePort } from './create-test-app.ts';
import { startEchoUpstream } from './echo-upstream.ts';
import { Browser, csrfFrom } from './http-client.ts';
import { TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';
import { officerInBoweb, startTwoNodes } from './two-nodes.ts';

const REDIS_SERVER = '/usr/bin/redis-server';
const MASTER = 'm';
/** How long Sentinel may take to promote the replica and clients to follow (down-after is 1 s). */
const FAILOVER_BOUND_MS = 15_000;

/** One redis-server of our own on loopback; killed in afterAll whatever happens. */
function startRedis(args: readonly string[], processes: ChildProcess[]): ChildProcess {
  const child = spawn(REDIS_SERVER, [...args], { stdio: 'ignore' });
  processes.push(child);
  return child;
}

/** A short-lived client for asking one server something directly. */
async function ask<T>(port: number, question: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await question(r);
  } finally {
    r.disconnect();
  }
}

/** How many connections named "dwaar" (Dwaar's kv and bus links) the server at `port` holds. */
const dwaarClients = (port: number) =>
  ask(port, async (r) => {
    const list = String(await r.call('client', 'list'));
    return list.split('\n').filter((line) => / name=dwaar /.test(line)).length;
  });

const masterPortOf = (sentinelPort: number) =>
  ask(sentinelPort, async (r) => {
    const reply = await r.call('sentinel', 'get-master-addr-by-name', MASTER);
    return Array.isArray(reply) ? Number(reply[1]) : undefined;
  });

// Issue 12: Redis through Sentinel. A master, a replica and one Sentinel of the test's own, on free ports.
describe.skipIf(!TEST_REDIS_URL || !existsSync(REDIS_SERVER))('Redis through Sentinel', () => {
  const processes: ChildProcess[] = [];
  let dir = '';
  let masterPort = 0;
  let replicaPort = 0;
  let sentinelPort = 0;
  let master: ChildProcess | undefined;
  let kv: Kv | undefined;
  const busStates: BusState[] = [];
  const prefix = `dwaar-test:${randomBytes(6).toString('hex')}:`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dwaar-sentinel-'));
    [masterPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
    const server = (port: number, name: string) => {
      mkdirSync(join(dir, name));
      return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'].concat([
        '--dir',
        join(dir, name),
        '--daemonize',
        'no',
      ]);
    };
    master = startRedis(server(masterPort, 'master'), processes);
    startRedis(
      [...server(replicaPort, 'replica'), '--replicaof', '127.0.0.1', String(masterPort)],
      processes,
    );
    await vi.waitFor(
      async () =>
        expect(await ask(replicaPort, (r) => r.info('replication'))).toContain('master_link_status:up'),
      { timeout: 10_000, interval: 100 },
    );
    // Sentinel rewrites its configuration file, so it lives in the writable temp directory.
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${MASTER} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${MASTER} 1000`,
        `sentinel failover-timeout ${MASTER} 5000`,
        '',
      ].join('\n'),
    );
    startRedis([conf, '--sentinel'], processes);
    // The Sentinel finds the replica in the master's INFO; without it there is nobody to promote.
    await vi.waitFor(
      async () => {
        const replicas = await ask(sentinelPort, (r) => r.call('sentinel', 'replicas', MASTER));
        expect(JSON.stringify(replicas)).toContain(String(replicaPort));
      },
      { timeout: 15_000, interval: 200 },
    );
  }, 40_000);

  afterAll(async () => {
    await kv?.close().catch(() => undefined);
    for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds its target from the configuration: Sentinels for the host, REDIS_URL for password and db', () => {
    const config = loadConfig({
      DWAAR_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      REDIS_URL: 'redis://:pw@ignored.example:1/3',
      DWAAR_REDIS_SENTINELS: `127.0.0.1:${sentinelPort}, sentinel-2.internal:26379`,
      DWAAR_REDIS_MASTER: MASTER,
    });
    expect(redisTargetOf(config)).toEqual({
      url: 'redis://:pw@ignored.example:1/3',
      sentinel: {
        nodes: [
          { host: '127.0.0.1', port: sentinelPort },
          { host: 'sentinel-2.internal', port: 26379 },
        ],
        name: MASTER,
      },
    });
    const sentinel = { nodes: [{ host: '127.0.0.1', port: sentinelPort }], name: MASTER };
    expect(redisOptions({ url: 'redis://u:p%40ss@ignored:1/3', sentinel })).toMatchObject({
      sentinels: [{ host: '127.0.0.1', port: sentinelPort }],
      name: MASTER,
      username: 'u',
      password: 'p@ss',
      db: 3,
    });
    expect(redisOptions({ url: 'rediss://ignored/0', sentinel })).toMatchObject({
      tls: {},
      enableTLSForSentinelMode: true,
    });
    expect(redisOptions({ sentinel }).tls).toBeUndefined();
    expect(() => redisOptions({ url: 'redis://ignored/x', sentinel })).toThrow(/database is a number/);
    expect(() =>
      loadConfig({
        DWAAR_SECRET: 'test-secret-test-secret-test-secret-0123456789',
        DWAAR_REDIS_SENTINELS: '127.0.0.1',
      }),
    ).toThrow(/DWAAR_REDIS_SENTINELS.*host:port/);
  });

  it('fails to start, saying so, when no Sentinel answers or none knows the master', async () => {
    const nobody = { nodes: [{ host: '127.0.0.1', port: await freePort() }], name: MASTER };
    const started = Date.now();
    await expect(createRedisKv({ sentinel: nobody }, prefix, { connectTimeoutMs: 500 })).rejects.toThrow(
      /no master reached in 500 ms/,
    );
    const unknown = { nodes: [{ host: '127.0.0.1', port: sentinelPort }], name: 'not-watched' };
    await expect(createRedisKv({ sentinel: unknown }, prefix, { connectTimeoutMs: 500 })).rejects.toThrow(
      /no master reached/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('sets, gets, counts, publishes and subscribes on the master the Sentinel names', async () => {
    // The URL's host is a port nothing listens on: only its database (2) may count.
    kv = await createRedisKv(
      {
        url: 'redis://127.0.0.1:9/2',
        sentinel: { nodes: [{ host: '127.0.0.1', port: sentinelPort }], name: MASTER },
      },
      prefix,
    );
    kv.onBusState((s) => busStates.push(s));
    await kv.set('code', 'v', 60_000);
    expect(await kv.get('code')).toBe('v');
    expect(await ask(masterPort, async (r) => (await r.select(2), r.get(`${prefix}code`)))).toBe('v');
    expect(await kv.take('code')).toBe('v');
    expect(await kv.take('code')).toBeUndefined();
    expect(await kv.incr('n', 60_000)).toBe(1);
    expect(await kv.incr('n', 60_000)).toBe(2);
    const got: string[] = [];
    await kv.subscribe('bus', (m) => got.push(m));
    await kv.publish('bus', 'hello');
    await vi.waitFor(() => expect(got).toEqual(['hello']));
    // The command link and the subscriber, both on the master.
    expect(await dwaarClients(masterPort)).toBe(2);
  });

  it.skipIf(!TEST_PG_URL)(
    'shares sessions across two nodes, and after the master dies serves new sign-ins and revocations',
    async () => {
      const upstream = await startEchoUpstream();
      const nodes = await startTwoNodes({
        upstream: upstream.url,
        env: { DWAAR_REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, DWAAR_REDIS_MASTER: MASTER },
      });
      try {
        const { a, b } = nodes;
        // Each node's kv and bus links are on the Sentinel's master, not on REDIS_URL's server.
        expect(await dwaarClients(masterPort)).toBeGreaterThanOrEqual(2 + 4);

        const signInAndShare = async () => {
          const browser = await officerInBoweb(a);
          const onB = new Browser();
          onB.setCookie('boweb.localhost', 'dwaar_rs', browser.cookie('boweb.localhost', 'dwaar_rs') ?? '');
          expect((await onB.fetch(`${b.bowebOrigin}/`)).status).toBe(200);
          return { browser, onB };
        };
        const logOutOnA = async (browser: Browser, onB: Browser) => {
          const webtop = await browser.fetch(`${a.portalOrigin}/webtop`);
          await browser.fetch(`${a.portalOrigin}/logout`, { form: { _csrf: csrfFrom(webtop.body) } });
          // B had the session cached; only the notice over Redis drops it within the second.
          await vi.waitFor(async () => expect((await onB.fetch(`${b.bowebOrigin}/`)).status).toBe(302), {
            timeout: 1_000,
          });
        };

        const before = await signInAndShare();
        await logOutOnA(before.browser, before.onB);

        const killedAt = Date.now();
        master?.kill('SIGKILL');
        await vi.waitFor(
          async () => {
            // Should this fail, the Sentinel's own view says why (e.g. TILT mode on a starved machine).
            const why = await ask(sentinelPort, (r) => r.info('sentinel'));
            expect(await masterPortOf(sentinelPort), why).toBe(replicaPort);
          },
          { timeout: FAILOVER_BOUND_MS, interval: 200 },
        );
        const promotedMs = Date.now() - killedAt;
        // Every client follows to the new master: the test's kv, and both nodes' kv and bus.
        await vi.waitFor(
          async () => {
            await kv?.set('after', 'ok', 60_000);
            await a.deps.kv.set('probe', 'a', 60_000);
            await b.deps.kv.set('probe', 'b', 60_000);
            expect(await dwaarClients(replicaPort), 'Dwaar links on the new master').toBeGreaterThanOrEqual(
              2 + 4,
            );
          },
          { timeout: FAILOVER_BOUND_MS, interval: 200 },
        );
        const resumedMs = Date.now() - killedAt;
        console.log(
          `Sentinel failover: promoted after ${promotedMs} ms, clients resumed after ${resumedMs} ms`,
        );
        expect(await kv?.get('after')).toBe('ok');
        // The subscriber's link dropped (notices may have been missed) and came back on the new master;
        // the Sentinel's switch-master notice may cycle it once more.
        expect(busStates[0]).toBe('down');
        expect(busStates.at(-1)).toBe('up');
        const got: string[] = [];
        await kv?.subscribe('after-failover', (m) => got.push(m));
        await kv?.publish('after-failover', 'still here');
        await vi.waitFor(() => expect(got).toEqual(['still here']));

        // What the design promises after a failover: new sign-ins work on both nodes, revocations reach B.
        const after = await signInAndShare();
        await logOutOnA(after.browser, after.onB);
      } finally {
        await nodes.close();
        await upstream.close();
      }
    },
    90_000,
  );
});
