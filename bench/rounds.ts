// The measured runs: wrk rounds over every target in turn, and the fixed-rate pass, each checked against
// the counters so that only requests that really reached the upstream are counted.
import { checkCounted, readCounters } from './checks.ts';
import { readCpuUs } from './cpu.ts';
import { runFixedRate, type FixedRateResult, type FixedRateSettings } from './fixed-rate.ts';
import type { Measurement } from './report.ts';
import type { Target, Upstream } from './targets.ts';
import { runWrk, type LoadSettings } from './wrk.ts';

/** Lets closed connections and CPU settle between runs. */
export const PAUSE_MS = 300;

export interface RoundSettings {
  readonly rounds: number;
  readonly warmupS: number;
  readonly load: LoadSettings;
  readonly wrkBin: string;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** CPU time of all the target's processes together, or undefined without /proc (or for `direct`). */
function readTargetCpuUs(target: Target): number | undefined {
  if (target.proxies.length === 0) return undefined;
  let total = 0;
  for (const child of target.proxies) {
    const us = readCpuUs(child.pid);
    if (us === undefined) return undefined;
    total += us;
  }
  return total;
}

function perRequest(before: number | undefined, after: number | undefined, requests: number) {
  return before === undefined || after === undefined ? undefined : (after - before) / requests;
}

async function measure(
  target: Target,
  upstream: Upstream,
  s: RoundSettings,
  signal: AbortSignal,
): Promise<Measurement> {
  const counters = [upstream.served, ...target.counters];
  const countedBefore = await readCounters(counters);
  const proxyBefore = readTargetCpuUs(target);
  const upstreamBefore = readCpuUs(upstream.child.pid);
  const result = await runWrk(target.url, target.headers, s.load, signal, s.wrkBin);
  const proxyAfter = readTargetCpuUs(target);
  const upstreamAfter = readCpuUs(upstream.child.pid);
  if (result.requests === 0) throw new Error(`${target.name}: wrk completed no requests`);
  await checkCounted(target, counters, countedBefore, result.requests);
  return {
    ...result,
    proxyCpuUs: perRequest(proxyBefore, proxyAfter, result.requests),
    upstreamCpuUs: perRequest(upstreamBefore, upstreamAfter, result.requests),
  };
}

function describeRound(index: number, total: number, targets: readonly Target[], round: Measurement[]) {
  const parts = round.map((m, i) => {
    const errors = m.errors > 0 ? ` (${m.errors} errors!)` : '';
    return `${targets[i]?.name ?? '?'} ${Math.round(m.rps)}${errors}`;
  });
  return `round ${index + 1}/${total} req/s: ${parts.join(' | ')}`;
}

/** Every round runs every target once, in the same order, so each ratio compares runs seconds apart. */
export async function runRounds(
  targets: readonly Target[],
  upstream: Upstream,
  s: RoundSettings,
  signal: AbortSignal,
): Promise<Measurement[][]> {
  const rounds: Measurement[][] = [];
  for (let i = 0; i < s.rounds; i++) {
    const round: Measurement[] = [];
    for (const target of targets) {
      round.push(await measure(target, upstream, s, signal));
      await sleep(PAUSE_MS);
    }
    rounds.push(round);
    console.log(describeRound(i, s.rounds, targets, round));
  }
  return rounds;
}

/** JIT, connection pools and caches warm up before anything is recorded. */
export async function warmUp(
  targets: readonly Target[],
  s: RoundSettings,
  signal: AbortSignal,
): Promise<void> {
  if (s.warmupS === 0) return;
  const load = { ...s.load, durationS: s.warmupS };
  for (const target of targets) await runWrk(target.url, target.headers, load, signal, s.wrkBin);
}

export interface FixedRateRun {
  readonly target: string;
  readonly result: FixedRateResult;
}

/** The open-loop generator against each target in turn, checked like the rounds. */
export async function runFixedRatePass(
  targets: readonly Target[],
  upstream: Upstream,
  s: FixedRateSettings,
  bodyBytes: number,
  signal: AbortSignal,
): Promise<FixedRateRun[]> {
  const runs: FixedRateRun[] = [];
  for (const target of targets) {
    const counters = [upstream.served, ...target.counters];
    const before = await readCounters(counters);
    const result = await runFixedRate(target, s, bodyBytes, signal);
    await checkCounted(target, counters, before, result.ok);
    runs.push({ target: target.name, result });
    console.log(
      `fixed rate ${s.rate}/s: ${target.name} p50 ${result.p50Ms.toFixed(2)}ms ` +
        `p99 ${result.p99Ms.toFixed(2)}ms p99.9 ${result.p999Ms.toFixed(2)}ms errors ${result.errors}`,
    );
    await sleep(PAUSE_MS);
  }
  return runs;
}
