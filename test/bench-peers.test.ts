// The proxy benchmark's peers and generator, run for real on 127.0.0.1: nginx auth_request with the
// forward-auth endpoint, Caddy's reverse_proxy, and the open-loop fixed-rate generator.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CADDY_BIN, startCaddy } from '../bench/caddy.ts';
import { checkCounted, readCounters, verifyTargets } from '../bench/checks.ts';
import { createCleanup, spawnChild, type Cleanup } from '../bench/children.ts';
import { parseClientOutput, runFixedRate } from '../bench/fixed-rate.ts';
import { NGINX_BIN } from '../bench/nginx.ts';
import { probe } from '../bench/probe.ts';
import { freePort, startForwardAuth, startUpstream, type Target, type Upstream } from '../bench/targets.ts';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const CLIENT = fileURLToPath(new URL('../bench/fixed-rate-client.ts', import.meta.url));
const HAVE_PEERS = existsSync(NGINX_BIN) && existsSync(CADDY_BIN);

describe('the benchmark upstream and generator', () => {
  let cleanup: Cleanup;
  let upstream: Upstream;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    cleanup = createCleanup();
    upstream = await startUpstream(cleanup, signal);
  });
  afterAll(() => cleanup.run());

  const settings = { rate: 200, durationS: 1, warmupS: 0, connections: 16 };
  const direct = () => ({ name: 'direct', url: upstream.url, headers: {} });

  it('sends at the fixed rate and records every request', { timeout: 40_000 }, async () => {
    const before = await upstream.served.read();
    const result = await runFixedRate(direct(), settings, 1024, signal);
    expect(result.recorded).toBe(200);
    expect(result.errors).toBe(0);
    expect(result.ok).toBe(200);
    expect(result.achievedRps).toBeGreaterThan(150);
    expect(result.p50Ms).toBeLessThanOrEqual(result.p99Ms);
    expect((await upstream.served.read()) - before).toBeGreaterThanOrEqual(200);
  });

  // Two generator runs, each starting its own tsx process: slow on a busy machine.
  it('counts wrong bodies and refused connections as errors', { timeout: 60_000 }, async () => {
    const wrongSize = await runFixedRate(direct(), settings, 1000, signal);
    expect(wrongSize.errors).toBe(200);
    const nobody = { name: 'nobody', url: `http://127.0.0.1:${await freePort()}/`, headers: {} };
    const refused = await runFixedRate(nobody, settings, 1024, signal);
    expect(refused.errors).toBe(200);
    expect(refused.ok).toBe(0);
  });

  /**
   * Stops the generator itself for a second mid-run: the requests due meanwhile leave late. Measured from
   * when they were sent they would look fast; measured from their schedule, they waited up to a second.
   */
  async function runStalledGenerator() {
    const run = { url: upstream.url, headers: {}, bodyBytes: 1024, ...settings, durationS: 3 };
    const child = spawnChild('generator', process.execPath, [RUN_TS, CLIENT, JSON.stringify(run)], cleanup);
    const exited = new Promise((resolve) => child.proc.once('exit', resolve));
    const start = await upstream.served.read();
    while ((await upstream.served.read()) < start + 20) await new Promise((r) => setTimeout(r, 20));
    child.proc.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 1000));
    child.proc.kill('SIGCONT');
    await exited;
    return parseClientOutput(child.tail());
  }

  it('measures from the scheduled time, so a stalled generator shows up', { timeout: 40_000 }, async () => {
    const result = await runStalledGenerator();
    expect(result.errors).toBe(0);
    // A third of the requests were due during the stall: the slowest tenth waited half a second or more.
    expect(result.sendLagP99Ms).toBeGreaterThan(500);
    expect(result.p90Ms).toBeGreaterThan(500);
    // Each latency includes its own send lag, so each percentile of latency is at least that of the lag.
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.sendLagP99Ms);
  });
});

describe.skipIf(!HAVE_PEERS)('the peers', () => {
  let cleanup: Cleanup;
  let dir: string;
  let upstream: Upstream;
  let forwardAuth: Target;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    cleanup = createCleanup();
    dir = await mkdtemp(join(tmpdir(), 'bench-peers-'));
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    upstream = await startUpstream(cleanup, signal);
    forwardAuth = await startForwardAuth(upstream, dir, NGINX_BIN, cleanup, signal);
  });
  afterAll(() => cleanup.run());

  it('forward-auth: nginx asks the endpoint on every request and passes the user on', async () => {
    await verifyTargets([forwardAuth]);
    const counters = [upstream.served, ...forwardAuth.counters];
    const before = await readCounters(counters);
    for (let i = 0; i < 5; i++) {
      const r = await probe(`${forwardAuth.url}probe`, forwardAuth.headers);
      expect(r.status).toBe(200);
      expect(r.headers['x-bench-saw-user']).toBe('officer0');
    }
    await checkCounted(forwardAuth, counters, before, 5);
    await expect(checkCounted(forwardAuth, counters, before, 6)).rejects.toThrow(/saw 5/);
  });

  it('forward-auth: no cookie, a forged one or one for another name is refused with 401', async () => {
    expect((await probe(forwardAuth.url, {})).status).toBe(401);
    const cookie = forwardAuth.headers.Cookie ?? '';
    expect((await probe(forwardAuth.url, { Cookie: cookie.replace(/.$/, '_') })).status).toBe(401);
    expect((await probe(forwardAuth.url, { Cookie: cookie.replace(/^[^=]+/, 'other') })).status).toBe(401);
    // A refused request never reaches the upstream.
    const served = await upstream.served.read();
    await probe(forwardAuth.url, {});
    expect(await upstream.served.read()).toBe(served);
  });

  it('the checks fail a forward-auth target whose cookie is wrong', async () => {
    const broken = { ...forwardAuth, headers: { Cookie: '_oauth2_proxy=nope' } };
    await expect(verifyTargets([broken])).rejects.toThrow(
      /forward-auth: expected 200 with 1024 bytes, got 401/,
    );
  });

  it('caddy: reverse_proxy serves the upstream body with one worker', async () => {
    const port = await freePort();
    const caddy = await startCaddy(dir, port, new URL(upstream.url).port, cleanup);
    const target = {
      name: 'caddy',
      url: `http://127.0.0.1:${port}/`,
      headers: {},
      proxies: [caddy],
      counters: [],
    };
    const before = await upstream.served.read();
    await verifyTargets([target]);
    expect((await upstream.served.read()) - before).toBe(1);
    const environ = await readFile(`/proc/${caddy.pid}/environ`, 'utf8');
    expect(environ.split('\0')).toContain('GOMAXPROCS=1');
  });
});
