// `npm run bench:storm`: N officers (2,000) sign in at once over HTTP through every step of the portal
// (device check, trust, disclaimer, password, TOTP code, acknowledgement), against a baseline of N bare
// argon2id verifications at the same cost and concurrency, measured in the same run. Reports the total
// time, sign-ins/s, their ratio, p50/p99 sign-in latency and the gateway's longest event-loop delay.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { readCpuUs } from './cpu.ts';
import { probe } from './probe.ts';
import type { StormClientResult } from './storm-clients.ts';
import {
  fmtInt,
  fmtMs,
  fmtRatio,
  freePort,
  percentile,
  readIntEnv,
  resultOf,
  runBench,
  startScript,
  table,
  writeJsonIfAsked,
} from './storm-kit.ts';
import { spawnChild } from './children.ts';
import { RUN_TS } from './storm-kit.ts';

const GATEWAY = fileURLToPath(new URL('./storm-gateway.ts', import.meta.url));
const CLIENTS = fileURLToPath(new URL('./storm-clients.ts', import.meta.url));
const BASELINE = fileURLToPath(new URL('./storm-baseline.ts', import.meta.url));
const GOAL_RATIO = 1.25;
const GOAL_LOOP_MS = 50;

const officers = readIntEnv('BENCH_STORM_OFFICERS', 2000, 1);
// 2,000 browsers at once on one 2-core machine would mostly measure socket queues; 100 in flight keeps
// the gateway's argon2 pool (4 threads) and both cores saturated all the same.
const concurrency = readIntEnv('BENCH_STORM_CONCURRENCY', 100, 1);
/** Extra officers signed in before the storm (not measured), so JIT and first-use caches are warm. */
const warmup = readIntEnv('BENCH_STORM_WARMUP', 50, 0);
/** A loose upper bound: on a slow machine argon2 at production cost takes ~50 ms a hash per core. */
const phaseTimeoutMs = Math.max(120_000, officers * 200);

/** CPU of the gateway's main thread alone (the event loop; argon2 runs on libuv's pool), in µs. */
function mainThreadCpuUs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e6;
  } catch {
    return undefined;
  }
}

interface Phase {
  readonly totalMs: number;
  readonly latenciesMs: readonly number[];
  readonly cpuS: number | undefined;
}

function cpuSeconds(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : (after - before) / 1e6;
}

async function runChild(
  name: string,
  script: string,
  args: string[],
  cleanup: Parameters<typeof startScript>[3],
  signal: AbortSignal,
): Promise<unknown> {
  const child = spawnChild(name, process.execPath, [RUN_TS, script, ...args], cleanup);
  return resultOf(child, phaseTimeoutMs, signal);
}

await runBench(3 * phaseTimeoutMs + 120_000, async (cleanup, signal) => {
  console.log(
    `dwaar login storm: node ${process.version}, ${availableParallelism()} CPUs, ${officers} officers, ` +
      `${concurrency} at a time, argon2id m=19456 t=2`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'dwaar-storm-'));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));

  // Baseline first, alone on the machine, as the storm will be.
  const base = (await runChild(
    'baseline',
    BASELINE,
    [String(officers), String(concurrency)],
    cleanup,
    signal,
  )) as {
    totalMs: number;
    latenciesMs: number[];
  };
  const baseline: Phase = { totalMs: base.totalMs, latenciesMs: base.latenciesMs, cpuS: undefined };
  console.log(`baseline: ${officers} verifications in ${fmtMs(base.totalMs)}`);

  const { child: gateway, fields } = await startScript(
    'gateway',
    GATEWAY,
    [String(await freePort()), dir, String(officers + warmup)],
    cleanup,
    signal,
  );
  const [port, controlPort] = fields;
  const portal = `http://localhost:${port}`;
  const control = `http://127.0.0.1:${controlPort}`;
  const file = join(dir, 'officers.json');
  if (warmup > 0) {
    const warm = (await runChild(
      'warm-up',
      CLIENTS,
      [portal, file, String(Math.min(concurrency, warmup)), '0', String(warmup)],
      cleanup,
      signal,
    )) as StormClientResult;
    if (warm.okCount !== warmup) throw new Error(`warm-up sign-ins failed: ${warm.failures.join('; ')}`);
  }
  await probe(`${control}/eld/start`, {});
  const cpuBefore = readCpuUs(gateway.pid);
  const mainBefore = mainThreadCpuUs(gateway.pid);
  const storm = (await runChild(
    'clients',
    CLIENTS,
    [portal, file, String(concurrency), String(warmup), String(warmup + officers)],
    cleanup,
    signal,
  )) as StormClientResult;
  const cpuAfter = readCpuUs(gateway.pid);
  const mainS = cpuSeconds(mainBefore, mainThreadCpuUs(gateway.pid));
  const eldReply = await fetch(`${control}/eld/stop`);
  const eld = (await eldReply.json()) as { maxMs: number; p99Ms: number; meanMs: number };
  const stormPhase: Phase = {
    totalMs: storm.totalMs,
    latenciesMs: storm.latenciesMs,
    cpuS: cpuSeconds(cpuBefore, cpuAfter),
  };
  console.log(`storm: ${storm.okCount} sign-ins in ${fmtMs(storm.totalMs)}, ${storm.failures.length} failed`);
  if (storm.failures.length > 0) console.log(`first failures:\n  ${storm.failures.join('\n  ')}`);

  const rate = (p: Phase, n: number) => (n / p.totalMs) * 1000;
  const ratio = storm.totalMs / baseline.totalMs;
  const row = (name: string, p: Phase, n: number) => [
    name,
    fmtInt(n),
    fmtMs(p.totalMs),
    rate(p, n).toFixed(1),
    fmtMs(percentile(p.latenciesMs, 50)),
    fmtMs(percentile(p.latenciesMs, 99)),
    p.cpuS === undefined ? '-' : `${p.cpuS.toFixed(1)} s`,
  ];
  console.log(
    `\nLogin storm (${concurrency} in flight; storm = every sign-in step over HTTP, baseline = bare argon2id verify)\n`,
  );
  console.log(
    table(
      ['run', 'done', 'total', 'per s', 'p50', 'p99', 'gateway CPU'],
      [row('baseline', baseline, officers), row('storm', stormPhase, storm.okCount)],
    ),
  );
  console.log(
    `\nstorm/baseline total time: ${fmtRatio(ratio)} (goal <= ${GOAL_RATIO}x: ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'})`,
  );
  console.log(
    `gateway event loop during the storm: max ${fmtMs(eld.maxMs)}, p99 ${fmtMs(eld.p99Ms)}, mean ${fmtMs(eld.meanMs)} ` +
      `(goal max <= ${GOAL_LOOP_MS} ms: ${eld.maxMs <= GOAL_LOOP_MS ? 'met' : 'NOT met'})`,
  );
  if (mainS !== undefined)
    console.log(
      `gateway main thread CPU: ${mainS.toFixed(1)} s (${((mainS * 1000) / Math.max(1, storm.okCount)).toFixed(1)} ms per sign-in, outside argon2)`,
    );
  console.log(
    `HTTP requests in the storm: ${fmtInt(storm.requests)} (${(storm.requests / Math.max(1, storm.okCount)).toFixed(1)} per sign-in)`,
  );
  await writeJsonIfAsked({
    benchmark: 'login-storm',
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    officers,
    concurrency,
    baseline: {
      totalMs: baseline.totalMs,
      perS: rate(baseline, officers),
      p50Ms: percentile(baseline.latenciesMs, 50),
      p99Ms: percentile(baseline.latenciesMs, 99),
    },
    storm: {
      ok: storm.okCount,
      failed: officers - storm.okCount,
      totalMs: storm.totalMs,
      perS: rate(stormPhase, storm.okCount),
      p50Ms: percentile(storm.latenciesMs, 50),
      p99Ms: percentile(storm.latenciesMs, 99),
      gatewayCpuS: stormPhase.cpuS,
      gatewayMainThreadCpuS: mainS,
      requests: storm.requests,
      eventLoop: eld,
    },
    ratio,
    goals: { ratio: ratio <= GOAL_RATIO, eventLoop: eld.maxMs <= GOAL_LOOP_MS },
  });
  if (storm.okCount !== officers) throw new Error(`${officers - storm.okCount} sign-ins failed`);
});
