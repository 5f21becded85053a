// The proxy benchmark's own logic: the forward-auth peer's cookie, percentiles, ratios and goals, the
// generator's output parsing, and finding (or installing) the peers' binaries.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tamper } from '../bench/checks.ts';
import { parseClientOutput } from '../bench/fixed-rate.ts';
import { computeAdded, evaluateLatencyGoal } from '../bench/fixed-rate-report.ts';
import {
  COOKIE_MAX_AGE_S,
  COOKIE_NAME,
  readCookie,
  signCookie,
  verifyCookie,
} from '../bench/forward-auth-cookie.ts';
import { percentile, summarize } from '../bench/latency-stats.ts';
import { evaluateGoals, summarizeRatios, type Measurement, type Results } from '../bench/report.ts';
import { ensureTools, MissingToolsError, TOOLS, type Tool } from '../bench/tools.ts';

const SECRET = Buffer.alloc(32, 7);
const NOW = 1_750_000_000;

describe('the forward-auth cookie (oauth2-proxy style)', () => {
  const cookie = signCookie(SECRET, 'session-1', NOW);

  it('verifies its own cookie and returns the session id', () => {
    expect(cookie.split('|')).toHaveLength(3);
    expect(verifyCookie(SECRET, cookie, NOW + 60)).toBe('session-1');
  });

  it('refuses a forged signature, another secret, or a changed value', () => {
    expect(verifyCookie(SECRET, tamper(cookie), NOW)).toBeUndefined();
    expect(verifyCookie(Buffer.alloc(32, 8), cookie, NOW)).toBeUndefined();
    const [, issued, signature] = cookie.split('|');
    const otherValue = Buffer.from('session-2').toString('base64url');
    expect(verifyCookie(SECRET, `${otherValue}|${issued}|${signature}`, NOW)).toBeUndefined();
  });

  it('refuses an expired, a future or a malformed cookie', () => {
    expect(verifyCookie(SECRET, cookie, NOW + COOKIE_MAX_AGE_S + 1)).toBeUndefined();
    expect(verifyCookie(SECRET, cookie, NOW - 1)).toBeUndefined();
    expect(verifyCookie(SECRET, 'abc', NOW)).toBeUndefined();
    expect(verifyCookie(SECRET, 'a|b|c|d', NOW)).toBeUndefined();
    const [value, , signature] = cookie.split('|');
    expect(verifyCookie(SECRET, `${value}|1e9|${signature}`, NOW)).toBeUndefined();
    // A signature of the wrong length must not throw from timingSafeEqual.
    expect(verifyCookie(SECRET, `${value}|${NOW}|short`, NOW)).toBeUndefined();
  });

  it('reads its cookie among others in a Cookie header', () => {
    expect(readCookie(`a=1; ${COOKIE_NAME}=${cookie}; b=2`, COOKIE_NAME)).toBe(cookie);
    expect(readCookie('a=1; b=2', COOKIE_NAME)).toBeUndefined();
    expect(readCookie(undefined, COOKIE_NAME)).toBeUndefined();
  });
});

describe('percentiles', () => {
  it('takes the nearest rank', () => {
    const sorted = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(500);
    expect(percentile(sorted, 0.99)).toBe(990);
    expect(percentile(sorted, 0.999)).toBe(999);
    expect(percentile(sorted, 1)).toBe(1000);
    expect(percentile(new Float64Array(0), 0.99)).toBeNaN();
  });

  it('summarises unsorted latencies', () => {
    const s = summarize(Float64Array.from([5, 1, 4, 2, 3]));
    expect(s).toEqual({ p50Ms: 3, p90Ms: 5, p99Ms: 5, p999Ms: 5, maxMs: 5 });
  });
});

function m(rps: number, proxyCpuUs?: number): Measurement {
  return { rps, p99Ms: 10, requests: rps * 5, errors: 0, proxyCpuUs, upstreamCpuUs: 20 };
}

describe('ratios and goals', () => {
  const results: Results = {
    targets: ['direct', 'nginx', 'caddy', 'dwaar'],
    rounds: [
      [m(20_000), m(16_000, 15), m(6_000, 50), m(9_000, 40)],
      [m(20_000), m(10_000, 15), m(6_000, 50), m(3_000, 40)],
      [m(20_000), m(16_000, 15), m(4_000, 50), m(8_000, 40)],
    ],
  };

  it('takes the median of per-round ratios, and skips pairs with a target not measured', () => {
    const ratios = summarizeRatios(results);
    const dwaarNginx = ratios.find((r) => r.ratio === 'dwaar/nginx');
    // Per round 0.5625, 0.3, 0.5: the median is 0.5 (the ratio of medians would be 0.5).
    expect(dwaarNginx?.rps).toBeCloseTo(0.5);
    expect(dwaarNginx?.proxyCpu).toBeCloseTo(40 / 15);
    expect(ratios.find((r) => r.ratio === 'dwaar/caddy')?.rps).toBeCloseTo(1.5);
    expect(ratios.some((r) => r.ratio.includes('forward-auth') || r.ratio.includes('node-floor'))).toBe(
      false,
    );
    expect(Number.isNaN(ratios.find((r) => r.ratio === 'dwaar/direct')?.proxyCpu)).toBe(true);
  });

  it('says which goals are met', () => {
    const goals = evaluateGoals(results, [
      { a: 'dwaar', b: 'caddy', atLeast: 1.5 },
      { a: 'dwaar', b: 'nginx', atLeast: 0.6 },
      { a: 'dwaar', b: 'forward-auth', atLeast: 2.5 },
    ]);
    expect(goals.map((g) => [g.b, g.met])).toEqual([
      ['caddy', true],
      ['nginx', false],
    ]);
  });
});

describe('the fixed-rate result', () => {
  const result = {
    rate: 2000,
    durationS: 10,
    recorded: 20_000,
    errors: 0,
    ok: 22_000,
    achievedRps: 1999,
    maxInFlight: 4,
    p50Ms: 0.4,
    p90Ms: 0.6,
    p99Ms: 1.2,
    p999Ms: 3,
    maxMs: 9,
    sendLagP99Ms: 0.3,
    clientCpuUs: 20,
  };

  it('parses the generator line and refuses anything else', () => {
    expect(parseClientOutput(`noise\nRESULT ${JSON.stringify(result)}\n`)).toEqual(result);
    expect(() => parseClientOutput('no result here')).toThrow(/printed no result/);
    expect(() => parseClientOutput(`RESULT ${JSON.stringify({ ...result, p99Ms: 'slow' })}`)).toThrow();
  });

  it('computes the added latency over direct and the goal', () => {
    const direct = { target: 'direct', result };
    const dwaar = { target: 'dwaar', result: { ...result, p50Ms: 0.7, p99Ms: 2.5, p999Ms: 5 } };
    const runs = [direct, dwaar];
    const added = computeAdded(runs);
    expect(added).toHaveLength(1);
    expect(added[0]?.p99Ms).toBeCloseTo(1.3);
    expect(evaluateLatencyGoal(added)).toMatchObject({ met: false });
    const close = computeAdded([direct, { target: 'dwaar', result: { ...result, p99Ms: 2.1 } }]);
    expect(evaluateLatencyGoal(close)).toMatchObject({ met: true });
    expect(computeAdded([dwaar])).toEqual([]);
  });
});

describe('finding the peers', () => {
  let dir: string;
  /** The real tools, but looked for at Debian paths that do not exist here, so only `bin` counts. */
  let tools: Tool[];
  let bin: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-tools-'));
    bin = join(dir, 'bin');
    await mkdir(bin);
    tools = TOOLS.map((t) => ({ ...t, debianPath: join(dir, 'nowhere', t.name) }));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function script(name: string, body = 'exit 0'): Promise<void> {
    await writeFile(join(bin, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(bin, name), 0o755);
  }

  const log = () => undefined;

  it('finds tools on PATH', async () => {
    for (const name of ['nginx', 'caddy', 'wrk']) await script(name);
    const paths = await ensureTools({ searchPath: bin, uid: 1000, log, tools });
    expect(paths).toEqual({ nginx: join(bin, 'nginx'), caddy: join(bin, 'caddy'), wrk: join(bin, 'wrk') });
  });

  it('says plainly what to install when one is missing and it cannot install', async () => {
    await script('nginx');
    await script('wrk');
    await script('apt-get');
    const run = ensureTools({ searchPath: bin, uid: 1000, log, tools });
    await expect(run).rejects.toBeInstanceOf(MissingToolsError);
    await expect(run).rejects.toThrow(/needs caddy.*\n.*apt-get install -y caddy/);
  });

  it('installs the missing ones with apt-get when root', async () => {
    await script('nginx');
    await script('wrk');
    // apt-get as the test sees it: records its arguments and "installs" caddy into the same directory.
    await script(
      'apt-get',
      `echo "$@" >> ${join(dir, 'apt.log')}\nprintf '#!/bin/sh\\n' > ${bin}/caddy\nchmod +x ${bin}/caddy`,
    );
    const lines: string[] = [];
    const paths = await ensureTools({ searchPath: bin, uid: 0, log: (l) => lines.push(l), tools });
    expect(paths.caddy).toBe(join(bin, 'caddy'));
    expect(lines.join('\n')).toMatch(/installing caddy/);
  });

  it('reports a failed installation', async () => {
    await script('apt-get', 'exit 100');
    const run = ensureTools({ searchPath: bin, uid: 0, log, tools });
    await expect(run).rejects.toThrow(/apt-get install failed[\s\S]*needs nginx, caddy, wrk/);
  });
});
