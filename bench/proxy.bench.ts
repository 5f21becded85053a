// `npm run bench`: requests/s and p99 latency of a 1 KB upstream served directly, through nginx
// proxy_pass, and through Dwaar's gateway with a live session, in alternating rounds. See README.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCleanup, spawnChild, waitForReady, type Child, type Cleanup } from './children.ts';
import { readCpuUs } from './cpu.ts';
import { startNginx } from './nginx.ts';
import { probe, type ProbeResult } from './probe.ts';
import {
  formatGoal,
  formatRatios,
  formatRawRounds,
  formatSummary,
  type Measurement,
  type Results,
} from './report.ts';
import { runWrk, type LoadSettings } from './wrk.ts';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const UPSTREAM_SCRIPT = fileURLToPath(new URL('./upstream-server.ts', import.meta.url));
const GATEWAY_SCRIPT = fileURLToPath(new URL('./gateway-server.ts', import.meta.url));
const FLOOR_SCRIPT = fileURLToPath(new URL('./node-floor-proxy.ts', import.meta.url));
const RESOURCE_HOST = 'boweb.localhost';
const BODY_BYTES = 1024;
const GOAL_DWAAR_OVER_NGINX = 0.6;
/** Seeding, migrations and the tsx loader take a few seconds on a cold start. */
const START_TIMEOUT_MS = 60_000;
/** Lets closed connections and CPU settle between wrk runs. */
const PAUSE_MS = 300;

interface Settings {
  readonly rounds: number;
  readonly warmupS: number;
  readonly nodeFloor: boolean;
  readonly load: LoadSettings;
}

interface Upstream {
  readonly child: Child;
  /** With a trailing slash. */
  readonly url: string;
}

interface Target {
  readonly name: string;
  readonly url: string;
  /** Sent by wrk on every request; spelled `Host`/`Cookie`, as wrk needs (see wrk.ts). */
  readonly headers: Readonly<Record<string, string>>;
  /** The proxy process, whose CPU is charged to this target; undefined for `direct`. */
  readonly proxy: Child | undefined;
}

function readIntEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

function readSettings(): Settings {
  return {
    rounds: readIntEnv('BENCH_ROUNDS', 7, 1),
    warmupS: readIntEnv('BENCH_WARMUP_S', 2, 0),
    nodeFloor: process.env.BENCH_NODE_FLOOR === '1',
    load: {
      threads: readIntEnv('BENCH_THREADS', 1, 1),
      connections: readIntEnv('BENCH_CONNECTIONS', 50, 1),
      durationS: readIntEnv('BENCH_DURATION_S', 5, 1),
    },
  };
}

function countTargets(s: Settings): number {
  return s.nodeFloor ? 4 : 3;
}

/** Seconds of load the run will apply, for the banner. */
function estimateLoadSeconds(s: Settings): number {
  return countTargets(s) * (s.rounds * (s.load.durationS + PAUSE_MS / 1000) + s.warmupS);
}

/** Generous upper bound for the whole run, after which it is aborted rather than left hanging. */
function computeTimeBudgetMs(s: Settings): number {
  return (estimateLoadSeconds(s) + countTargets(s) * s.rounds) * 1000 + 2 * START_TIMEOUT_MS;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts a TypeScript server script and waits for its `READY <port> …` line. */
async function startScript(
  name: string,
  script: string,
  args: readonly string[],
  cleanup: Cleanup,
  signal: AbortSignal,
): Promise<{ child: Child; port: number; fields: string[] }> {
  const child = spawnChild(name, process.execPath, [RUN_TS, script, ...args], cleanup);
  const [port, ...fields] = await waitForReady(child, START_TIMEOUT_MS, signal);
  if (!port || !Number.isInteger(Number(port))) throw new Error(`${name} printed no port:\n${child.tail()}`);
  return { child, port: Number(port), fields };
}

async function startUpstream(cleanup: Cleanup, signal: AbortSignal): Promise<Upstream> {
  const { child, port } = await startScript('upstream', UPSTREAM_SCRIPT, [], cleanup, signal);
  return { child, url: `http://127.0.0.1:${port}/` };
}

async function startDwaar(upstream: Upstream, cleanup: Cleanup, signal: AbortSignal): Promise<Target> {
  const args = [String(await freePort()), upstream.url];
  const { child, port, fields } = await startScript('dwaar', GATEWAY_SCRIPT, args, cleanup, signal);
  const [cookie] = fields;
  if (!cookie) throw new Error(`dwaar printed no cookie:\n${child.tail()}`);
  return {
    name: 'dwaar',
    url: `http://127.0.0.1:${port}/`,
    headers: { Host: `${RESOURCE_HOST}:${port}`, Cookie: cookie },
    proxy: child,
  };
}

async function startNodeFloor(upstream: Upstream, cleanup: Cleanup, signal: AbortSignal): Promise<Target> {
  const { child, port } = await startScript('node-floor', FLOOR_SCRIPT, [upstream.url], cleanup, signal);
  return { name: 'node-floor', url: `http://127.0.0.1:${port}/`, headers: {}, proxy: child };
}

async function startTargets(s: Settings, dir: string, cleanup: Cleanup, signal: AbortSignal) {
  const upstream = await startUpstream(cleanup, signal);
  const nginxPort = await freePort();
  const nginx = await startNginx(dir, nginxPort, new URL(upstream.url).port, cleanup);
  const targets: Target[] = [
    { name: 'direct', url: upstream.url, headers: {}, proxy: undefined },
    { name: 'nginx', url: `http://127.0.0.1:${nginxPort}/`, headers: {}, proxy: nginx },
    await startDwaar(upstream, cleanup, signal),
  ];
  if (s.nodeFloor) targets.push(await startNodeFloor(upstream, cleanup, signal));
  return { upstream, targets };
}

function describeProbe(r: ProbeResult): string {
  const location = r.headers.location ? ` -> ${r.headers.location}` : '';
  return `${r.status}${location}, ${r.bodyBytes} bytes`;
}

/** Fails loudly unless the target serves the upstream's 200 and 1 KB body. */
async function verifyServes(target: Target): Promise<void> {
  const r = await probe(target.url, target.headers);
  if (r.status !== 200 || r.bodyBytes !== BODY_BYTES)
    throw new Error(`${target.name}: expected 200 with ${BODY_BYTES} bytes, got ${describeProbe(r)}`);
}

/** The measured Dwaar path must be the authenticated one: assertion added, cookie stripped, refused without it. */
async function verifyDwaarPath(target: Target): Promise<void> {
  const seen = await probe(`${target.url}probe`, target.headers);
  if (seen.headers['x-bench-saw-assertion'] !== 'true' || seen.headers['x-bench-saw-cookie'] !== 'false')
    throw new Error('dwaar: the upstream got no assertion, or got the resource cookie');
  const anonymous = await probe(target.url, { Host: target.headers.Host ?? '' });
  if (anonymous.status !== 302)
    throw new Error(`dwaar: expected 302 to the portal without a cookie, got ${describeProbe(anonymous)}`);
}

async function verifyTargets(targets: readonly Target[]): Promise<void> {
  for (const target of targets) await verifyServes(target);
  for (const target of targets) if (target.name === 'dwaar') await verifyDwaarPath(target);
}

async function readServed(upstream: Upstream): Promise<number> {
  const r = await probe(`${upstream.url}count`, {});
  const served = Number(r.headers['x-bench-served']);
  if (r.status !== 200 || !Number.isInteger(served)) throw new Error('upstream /count did not answer');
  return served;
}

/**
 * Every request wrk counted must have reached the upstream (a few more may have, cut off at the end):
 * otherwise the proxy answered some by itself (a redirect, a portal page) and the round is void.
 */
function checkServed(target: Target, wrkRequests: number, served: number): void {
  if (served < wrkRequests)
    throw new Error(`${target.name}: wrk counted ${wrkRequests} requests but the upstream served ${served}`);
}

function computeCpuPerRequest(before: number | undefined, after: number | undefined, requests: number) {
  return before === undefined || after === undefined ? undefined : (after - before) / requests;
}

async function measure(
  target: Target,
  upstream: Upstream,
  load: LoadSettings,
  signal: AbortSignal,
): Promise<Measurement> {
  const servedBefore = await readServed(upstream);
  const proxyBefore = target.proxy && readCpuUs(target.proxy.pid);
  const upstreamBefore = readCpuUs(upstream.child.pid);
  const result = await runWrk(target.url, target.headers, load, signal);
  const proxyAfter = target.proxy && readCpuUs(target.proxy.pid);
  const upstreamAfter = readCpuUs(upstream.child.pid);
  if (result.requests === 0) throw new Error(`${target.name}: wrk completed no requests`);
  checkServed(target, result.requests, (await readServed(upstream)) - servedBefore);
  return {
    ...result,
    proxyCpuUs: computeCpuPerRequest(proxyBefore, proxyAfter, result.requests),
    upstreamCpuUs: computeCpuPerRequest(upstreamBefore, upstreamAfter, result.requests),
  };
}

function describeRound(
  index: number,
  total: number,
  targets: readonly Target[],
  round: Measurement[],
): string {
  const parts = round.map((m, i) => {
    const errors = m.errors > 0 ? ` (${m.errors} errors!)` : '';
    return `${targets[i]?.name ?? '?'} ${Math.round(m.rps)} req/s p99 ${m.p99Ms.toFixed(2)}ms${errors}`;
  });
  return `round ${index + 1}/${total}: ${parts.join(' | ')}`;
}

async function runRounds(
  targets: readonly Target[],
  upstream: Upstream,
  s: Settings,
  signal: AbortSignal,
): Promise<Measurement[][]> {
  const rounds: Measurement[][] = [];
  for (let i = 0; i < s.rounds; i++) {
    const round: Measurement[] = [];
    for (const target of targets) {
      round.push(await measure(target, upstream, s.load, signal));
      await sleep(PAUSE_MS);
    }
    rounds.push(round);
    console.log(describeRound(i, s.rounds, targets, round));
  }
  return rounds;
}

/** JIT, connection pools and caches warm up before anything is recorded. */
async function warmUp(targets: readonly Target[], s: Settings, signal: AbortSignal): Promise<void> {
  if (s.warmupS === 0) return;
  const load = { ...s.load, durationS: s.warmupS };
  for (const target of targets) await runWrk(target.url, target.headers, load, signal);
}

function printReport(results: Results, s: Settings): void {
  const { threads, connections, durationS } = s.load;
  console.log(`\nRaw rounds (wrk -t${threads} -c${connections} -d${durationS}s --latency, 1 KB body)\n`);
  console.log(formatRawRounds(results));
  console.log(`\nMedians over ${results.rounds.length} rounds\n`);
  console.log(formatSummary(results));
  console.log(
    '\nRatios: median of per-round ratios (req/s: higher is better; p99 and CPU/req: lower is better)\n',
  );
  console.log(formatRatios(results));
  console.log(`\n${formatGoal(results, GOAL_DWAAR_OVER_NGINX)}`);
}

async function runBenchmark(s: Settings, cleanup: Cleanup, signal: AbortSignal): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dwaar-bench-'));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  const { upstream, targets } = await startTargets(s, dir, cleanup, signal);
  await verifyTargets(targets);
  console.log(
    'checked: every target serves 200 with 1 KB; dwaar adds the assertion and redirects without a session',
  );

  await warmUp(targets, s, signal);
  const rounds = await runRounds(targets, upstream, s, signal);
  // The session must still be live at the end, or the last rounds measured something else.
  await verifyTargets(targets);
  printReport({ targets: targets.map((t) => t.name), rounds }, s);
}

async function main(): Promise<number> {
  const s = readSettings();
  const abort = new AbortController();
  const onSignal = (name: NodeJS.Signals) => abort.abort(new Error(`interrupted by ${name}`));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const budget = computeTimeBudgetMs(s);
  setTimeout(() => abort.abort(new Error(`time budget of ${budget / 1000} s exceeded`)), budget).unref();

  console.log(
    `dwaar proxy benchmark: node ${process.version}, ${availableParallelism()} CPUs, ` +
      `${s.rounds} rounds, about ${Math.round(estimateLoadSeconds(s))} s of load`,
  );
  const cleanup = createCleanup();
  try {
    await runBenchmark(s, cleanup, abort.signal);
    return 0;
  } catch (err) {
    console.error('\nbenchmark failed:', abort.signal.aborted ? abort.signal.reason : err);
    return abort.signal.aborted ? 130 : 1;
  } finally {
    await cleanup.run();
  }
}

// Exit explicitly: every child and temp dir is gone by now, and a stray handle must not hang the run.
process.exit(await main());
