import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.ts';
import { Browser, follow } from './http-client.ts';
import { trySignIn } from './sign-in-steps.ts';
import { startSlowUpstream, type SlowUpstream } from './slow-upstream.ts';
import { TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';

// Issue 12: `dwaar start --workers N` (node:cluster) on PostgreSQL and Redis, and its refusal without them.

const ROOT = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request on a connection of its own (so cluster's round robin picks a worker for each). */
function once(
  port: number,
  host: string,
  path: string,
  cookie = '',
): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { host, cookie, connection: 'close' } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
      },
    );
    req.once('error', reject);
    req.end();
  });
}

interface Health {
  pid: number;
  worker: number | null;
}

async function healthOf(gw: GatewayProcess): Promise<Health> {
  const reply = await once(gw.port, `localhost:${gw.port}`, '/healthz');
  return JSON.parse(reply.body) as Health;
}

/** The worker pids that answer `/healthz` over `tries` fresh connections. */
async function servingPids(gw: GatewayProcess, tries = 8): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < tries; i++) pids.add((await healthOf(gw)).pid);
  return pids;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const cookieFor = (b: Browser, host: string) =>
  [...(b.jar.get(host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');

/** `dwaar start ARGS`, to its exit (the refusals below come before anything starts). */
function runStart(args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolvePromise) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/dwaar.js'), 'start', ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          DWAAR_SECRET: 'cluster-test-secret-cluster-test-secret-0123',
          ...env,
        },
        timeout: 90_000,
      },
      (err, stdout, stderr) =>
        resolvePromise({
          status: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

describe('dwaar start --workers N refuses what cannot share state', () => {
  it('refuses two workers on SQLite or without Redis, names what is missing, and checks the count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dwaar-cluster-refuse-'));
    try {
      // Started together: each start of the CLI takes seconds on a busy machine.
      const [sqlite, noRedis, zero, tooMany] = await Promise.all([
        runStart(['--workers', '2'], { DWAAR_DATA: dir }),
        // By the environment too, and PostgreSQL alone is not enough.
        runStart([], {
          DWAAR_DATA: dir,
          DWAAR_WORKERS: '2',
          DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
        }),
        runStart(['--workers', '0'], { DWAAR_DATA: dir }),
        runStart(['--workers', '65'], { DWAAR_DATA: dir }),
      ]);
      expect(sqlite.status).toBe(1);
      expect(sqlite.stderr).toContain('needs state shared between processes');
      expect(sqlite.stderr).toContain('a PostgreSQL DATABASE_URL and REDIS_URL');
      expect(sqlite.stdout).not.toContain('Dwaar is running.');
      expect(noRedis.status).toBe(1);
      expect(noRedis.stderr).toContain('set REDIS_URL (or DWAAR_REDIS_SENTINELS)');
      expect(noRedis.stderr).not.toContain('PostgreSQL DATABASE_URL');
      for (const r of [zero, tooMany])
        expect([r.status, r.stderr]).toEqual([1, expect.stringContaining('whole number from 1 to 64')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.skipIf(!TEST_PG_URL || !TEST_REDIS_URL)(
  'dwaar start with two workers on PostgreSQL and Redis',
  () => {
    const dbName = `dwaar_cluster_${randomBytes(4).toString('hex')}`;
    let gw: GatewayProcess;
    let upstream: SlowUpstream;
    let dir: string;

    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      await admin(`create database ${dbName}`);
      upstream = await startSlowUpstream();
      dir = await mkdtemp(join(tmpdir(), 'dwaar-cluster-'));
      const url = new URL(TEST_PG_URL ?? '');
      url.pathname = `/${dbName}`;
      gw = await startGatewayProcess({
        DATABASE_URL: url.toString(),
        REDIS_URL: TEST_REDIS_URL ?? '',
        DWAAR_REDIS_PREFIX: `dwaar-cluster-${randomBytes(4).toString('hex')}:`,
        DWAAR_WORKERS: '2',
        DWAAR_DATA: dir,
        DWAAR_DEMO_BOWEB: '0',
        DWAAR_BOWEB_UPSTREAM: upstream.url,
        DWAAR_SHUTDOWN_GRACE_MS: '3000',
      });
    }, 120_000);

    afterAll(async () => {
      await gw?.stop();
      await upstream?.close();
      await rm(dir, { recursive: true, force: true });
      await admin(`drop database if exists ${dbName} with (force)`);
    });

    it('serves from two worker processes, shares sessions between them, replaces a killed worker, and stops with exit 0', async () => {
      expect(gw.output().match(/Dwaar is running\./g)).toHaveLength(1);
      expect(gw.output()).toMatch(/Gateway workers\s+2 processes/);
      const first = await servingPids(gw);
      expect(first.size).toBe(2);
      expect(first.has(gw.pid)).toBe(false);
      const workers = new Set<number | null>();
      for (let i = 0; i < 4; i++) workers.add((await healthOf(gw)).worker);
      expect([...workers].sort()).toEqual([1, 2]);

      const officer = new Browser();
      const home = await follow(
        officer,
        await trySignIn(gw.portalOrigin, officer, 'officer1', 'Officer@Dwaar1', `${gw.bowebOrigin}/`),
      );
      expect(home.status).toBe(200);
      const cookie = cookieFor(officer, 'boweb.localhost');
      const proxied = () => once(gw.port, `boweb.localhost:${gw.port}`, '/', cookie);
      for (let i = 0; i < 4; i++) expect((await proxied()).body).toContain('back office home');

      // Kill one worker outright: the other serves every request, with the session, while a new one starts.
      const [a, b] = [...first] as [number, number];
      process.kill(a, 'SIGKILL');
      await sleep(200);
      for (let i = 0; i < 6; i++) {
        const r = await proxied();
        expect([r.status, r.body]).toEqual([200, expect.stringContaining('back office home')]);
        expect((await healthOf(gw)).pid).toBe(b);
      }
      // The replacement takes as long as any start (seconds; more on a busy machine).
      let now = await servingPids(gw);
      for (const until = Date.now() + 90_000; now.size < 2 && Date.now() < until;) {
        await sleep(250);
        now = await servingPids(gw, 4);
      }
      expect(now.size).toBe(2);
      expect(now.has(a)).toBe(false);
      const replacement = [...now].find((p) => p !== b) ?? 0;
      expect(gw.output()).toContain('gateway worker exited; forking a replacement');

      // Then kill the other: the replacement, a process that never saw the sign-in, serves the session.
      process.kill(b, 'SIGKILL');
      await sleep(200);
      for (let i = 0; i < 4; i++) {
        const r = await proxied();
        expect([r.status, r.body]).toEqual([200, expect.stringContaining('back office home')]);
        expect((await healthOf(gw)).pid).toBe(replacement);
      }

      process.kill(gw.pid, 'SIGTERM');
      for (let i = 0; i < 200 && gw.alive(); i++) await sleep(50);
      expect(gw.exit()).toEqual({ code: 0, signal: null });
      // Nothing serves the port any more: every worker is gone with the primary.
      await expect(healthOf(gw)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(alive(b)).toBe(false);
      expect(alive(replacement)).toBe(false);
      expect(gw.output()).toContain('"event":"drain.end"');
    }, 240_000);
  },
);
