import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.ts';
import { Browser, follow } from './http-client.ts';
import { trySignIn } from './sign-in-steps.ts';
import { SLOW_BODY, startSlowUpstream, type SlowUpstream } from './slow-upstream.ts';

// Issue 12: graceful shutdown of a real `dwaar start` process on SIGTERM, with requests and a WebSocket
// tunnel in flight. The back office is the test's own (slow) upstream; the policy's BOWEB points at it.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the process's exit once it has exited, or throws after `ms`. */
async function exitOf(gw: GatewayProcess, ms: number) {
  const started = Date.now();
  while (gw.alive()) {
    if (Date.now() - started > ms) throw new Error(`still running after ${ms} ms:\n${gw.output()}`);
    await sleep(20);
  }
  return { ...gw.exit(), afterMs: Date.now() - started };
}

/** The JSON log lines with `event` (pino), parsed. */
function events(gw: GatewayProcess, event: string): Record<string, unknown>[] {
  return gw
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes(`"event":"${event}"`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Whether a new TCP connection to `port` is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

const cookieFor = (b: Browser, host: string) =>
  [...(b.jar.get(host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');

describe('graceful shutdown of a gateway process', () => {
  let upstream: SlowUpstream;
  let dir: string;
  let gw: GatewayProcess | undefined;

  beforeEach(async () => {
    upstream = await startSlowUpstream();
    dir = await mkdtemp(join(tmpdir(), 'dwaar-shutdown-'));
  });

  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
    await upstream.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(graceMs: number): Promise<{ gw: GatewayProcess; officer: Browser }> {
    const started = await startGatewayProcess({
      DWAAR_DATA: dir,
      DWAAR_DEMO_BOWEB: '0',
      DWAAR_BOWEB_UPSTREAM: upstream.url,
      DWAAR_SHUTDOWN_GRACE_MS: String(graceMs),
    });
    gw = started;
    const officer = new Browser();
    const home = await follow(
      officer,
      await trySignIn(started.portalOrigin, officer, 'officer1', 'Officer@Dwaar1', `${started.bowebOrigin}/`),
    );
    expect([home.status, home.body]).toEqual([200, expect.stringContaining('back office home')]);
    return { gw: started, officer };
  }

  it('finishes requests in flight, refuses new connections, says draining, and exits 0 with its drain logged', async () => {
    const { gw, officer } = await start(8_000);
    // Two proxied requests mid-body, and a readiness probe whose head is still arriving as SIGTERM lands.
    const inFlight = officer.fetch(`${gw.bowebOrigin}/slow?ms=2500`);
    const second = officer.fetch(`${gw.bowebOrigin}/slow?ms=2000`);
    const probe = connect(gw.port, '127.0.0.1');
    let probed = '';
    probe.on('data', (c: Buffer) => (probed += c.toString('latin1')));
    const probeClosed = new Promise<void>((resolve) => probe.once('close', () => resolve()));
    probe.write(`GET /readyz HTTP/1.1\r\nhost: localhost:${gw.port}\r\n`);
    await sleep(500);
    process.kill(gw.pid, 'SIGTERM');
    await sleep(300);
    expect(await refused(gw.port)).toBe(true);
    expect(gw.alive()).toBe(true);
    probe.write('\r\n');
    await probeClosed;
    expect(probed).toMatch(/^HTTP\/1\.1 503 /);
    expect(probed.toLowerCase()).toContain('connection: close');
    expect(probed).toContain('{"status":"draining"}');

    for (const reply of [await inFlight, await second])
      expect([reply.status, reply.body.length, reply.body === SLOW_BODY]).toEqual([
        200,
        SLOW_BODY.length,
        true,
      ]);

    const exit = await exitOf(gw, 8_000);
    expect([exit.code, exit.signal]).toEqual([0, null]);
    const [begin] = events(gw, 'drain.start');
    const [end] = events(gw, 'drain.end');
    expect(begin).toMatchObject({ inFlight: 2, tunnels: 0, graceMs: 8_000 });
    expect(end).toMatchObject({ inFlight: 2, cutRequests: 0, cutTunnels: 0 });
    expect(Number(end?.ms)).toBeLessThan(8_000);
  }, 60_000);

  it('cuts a request that outlives the grace period and still exits 0 soon after the deadline', async () => {
    const { gw, officer } = await start(1_500);
    const slow = officer.fetch(`${gw.bowebOrigin}/slow?ms=30000`).then(
      (r) => ({ ok: true as const, length: r.body.length }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    await sleep(500);
    process.kill(gw.pid, 'SIGTERM');
    const exit = await exitOf(gw, 1_500 + 3_000);
    expect([exit.code, exit.signal]).toEqual([0, null]);
    expect(exit.afterMs).toBeGreaterThanOrEqual(1_400);
    // The cut answer never arrived whole.
    const result = await slow;
    expect(result.ok ? result.length : -1).not.toBe(SLOW_BODY.length);
    expect(events(gw, 'drain.end')[0]).toMatchObject({ inFlight: 1, cutRequests: 1 });
  }, 60_000);

  it('closes a live WebSocket tunnel with 1001 Going Away, the back office sees the close, and exits 0 early', async () => {
    const { gw, officer } = await start(8_000);
    const ws = new WebSocket(`ws://127.0.0.1:${gw.port}/socket`, {
      headers: {
        host: `boweb.localhost:${gw.port}`,
        origin: gw.bowebOrigin,
        cookie: cookieFor(officer, 'boweb.localhost'),
      },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const echoed = new Promise<string>((resolve) => ws.once('message', (d: Buffer) => resolve(d.toString())));
    ws.send('hello');
    expect(await echoed).toBe('echo:hello');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );

    process.kill(gw.pid, 'SIGTERM');
    expect((await closed).code).toBe(1001);
    const exit = await exitOf(gw, 8_000);
    expect([exit.code, exit.signal]).toEqual([0, null]);
    expect(exit.afterMs).toBeLessThan(4_000);
    // The browser's answering close went through to the back office: a clean close on both sides.
    expect(upstream.closeCodes()).toEqual([1001]);
    expect(events(gw, 'drain.start')[0]).toMatchObject({ tunnels: 2 });
    expect(events(gw, 'drain.end')[0]).toMatchObject({ cutTunnels: 0 });
  }, 60_000);

  it('exits at once with code 1 on a second SIGTERM during the drain, saying so', async () => {
    const { gw, officer } = await start(20_000);
    void officer.fetch(`${gw.bowebOrigin}/slow?ms=30000`).catch(() => undefined);
    await sleep(500);
    process.kill(gw.pid, 'SIGTERM');
    await sleep(300);
    expect(gw.alive()).toBe(true);
    process.kill(gw.pid, 'SIGTERM');
    const exit = await exitOf(gw, 2_000);
    expect([exit.code, exit.signal]).toEqual([1, null]);
    expect(gw.output()).toContain('SIGTERM again during shutdown; exiting now');
  }, 60_000);
});
