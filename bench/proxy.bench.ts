// `npm run bench`: requests/s, p99 and CPU per request of a 1 KB upstream served directly and through
// nginx proxy_pass, Caddy reverse_proxy, nginx auth_request with a forward-auth endpoint, a bare Node relay
// and Dwaar's gateway with a live session, in alternating rounds; then a fixed-rate (open-loop) pass for
// the latency each adds. Every figure that matters is a ratio within the same run. See README.md.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BODY_BYTES, verifyTargets } from './checks.ts';
import { createCleanup, type Cleanup } from './children.ts';
import type { FixedRateSettings } from './fixed-rate.ts';
import {
  computeAdded,
  evaluateLatencyGoal,
  formatAdded,
  formatFixedRate,
  formatLatencyGoal,
} from './fixed-rate-report.ts';
import { describeMachine, type MachineInfo } from './machine.ts';
import {
  evaluateGoals,
  formatGoals,
  formatRatios,
  formatRawRounds,
  formatSummary,
  summarizeRatios,
  summarizeTargets,
  type Goal,
  type Results,
} from './report.ts';
import {
  PAUSE_MS,
  runFixedRatePass,
  runRounds,
  warmUp,
  type FixedRateRun,
  type RoundSettings,
} from './rounds.ts';
import { START_TIMEOUT_MS, startTargets, TARGET_NAMES, type Target } from './targets.ts';
import { ensureTools, MissingToolsError, type ToolPaths } from './tools.ts';

/** Issue 12's aims for Dwaar's throughput, as median per-round req/s ratios. */
const GOALS: readonly Goal[] = [
  { a: 'dwaar', b: 'node-floor', atLeast: 0.95 },
  { a: 'dwaar', b: 'caddy', atLeast: 1.5 },
  { a: 'dwaar', b: 'forward-auth', atLeast: 2.5 },
  { a: 'dwaar', b: 'nginx', atLeast: 0.6 },
];
/** Measured in the fixed-rate pass: the baseline, the reference proxy, and Dwaar. */
const FIXED_RATE_TARGETS: readonly string[] = ['direct', 'nginx', 'dwaar'];
/** Enough that a stall queues requests at the server, not in the generator's pool. */
const FIXED_RATE_CONNECTIONS = 128;
const FIXED_RATE_WARMUP_S = 1;

interface Settings {
  /** The targets measured (BENCH_TARGETS), in TARGET_NAMES order. */
  readonly targets: readonly string[];
  readonly rounds: RoundSettings;
  /** Undefined when BENCH_RATE_S=0 skips the fixed-rate pass. */
  readonly fixedRate: FixedRateSettings | undefined;
  readonly jsonPath: string | undefined;
}

function readIntEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

/** BENCH_TARGETS=nginx,dwaar measures a subset (for quick runs while working on one); all by default. */
function readTargets(): readonly string[] {
  const raw = process.env.BENCH_TARGETS;
  if (!raw) return TARGET_NAMES;
  const wanted = raw.split(',').map((t) => t.trim());
  const unknown = wanted.filter((t) => !(TARGET_NAMES as readonly string[]).includes(t));
  if (unknown.length > 0)
    throw new Error(`BENCH_TARGETS: unknown ${unknown.join(', ')}; known: ${TARGET_NAMES.join(', ')}`);
  return TARGET_NAMES.filter((t) => wanted.includes(t));
}

function readSettings(wrkBin: string): Settings {
  const rateS = readIntEnv('BENCH_RATE_S', 10, 0);
  const rate = readIntEnv('BENCH_RATE', 2000, 1);
  return {
    targets: readTargets(),
    rounds: {
      rounds: readIntEnv('BENCH_ROUNDS', 5, 1),
      warmupS: readIntEnv('BENCH_WARMUP_S', 2, 0),
      wrkBin,
      load: {
        threads: readIntEnv('BENCH_THREADS', 1, 1),
        connections: readIntEnv('BENCH_CONNECTIONS', 50, 1),
        durationS: readIntEnv('BENCH_DURATION_S', 5, 1),
      },
    },
    fixedRate:
      rateS === 0
        ? undefined
        : { rate, durationS: rateS, warmupS: FIXED_RATE_WARMUP_S, connections: FIXED_RATE_CONNECTIONS },
    jsonPath: process.env.BENCH_JSON || undefined,
  };
}

/** Seconds of load the run will apply, for the banner. */
function estimateLoadSeconds(s: Settings): number {
  const r = s.rounds;
  const rounds = s.targets.length * (r.rounds * (r.load.durationS + PAUSE_MS / 1000) + r.warmupS);
  const fixed = s.fixedRate
    ? FIXED_RATE_TARGETS.filter((t) => s.targets.includes(t)).length *
      (s.fixedRate.durationS + s.fixedRate.warmupS + 2)
    : 0;
  return rounds + fixed;
}

/** Generous upper bound for the whole run, after which it is aborted rather than left hanging. */
function computeTimeBudgetMs(s: Settings): number {
  return (estimateLoadSeconds(s) * 1.2 + s.targets.length * s.rounds.rounds) * 1000 + 3 * START_TIMEOUT_MS;
}

interface Outcome {
  readonly results: Results;
  readonly fixedRate: readonly FixedRateRun[];
}

function printRounds(o: Outcome, s: Settings): void {
  const { threads, connections, durationS } = s.rounds.load;
  console.log(`\nRaw rounds (wrk -t${threads} -c${connections} -d${durationS}s --latency, 1 KB body)\n`);
  console.log(formatRawRounds(o.results));
  console.log(`\nMedians over ${o.results.rounds.length} rounds (CPU/req: all of a proxy's processes)\n`);
  console.log(formatSummary(o.results));
  // A subset of targets (BENCH_TARGETS) may leave no pair to compare.
  if (summarizeRatios(o.results).length === 0) return;
  console.log(
    '\nRatios: median of per-round ratios (req/s: higher is better; p99 and CPU/req: lower is better)\n',
  );
  console.log(formatRatios(o.results));
  const goals = evaluateGoals(o.results, GOALS);
  if (goals.length > 0) console.log(`\n${formatGoals(goals)}`);
}

function printFixedRate(o: Outcome, fixedRate: FixedRateSettings): void {
  const { rate, durationS } = fixedRate;
  console.log(
    `\nFixed rate: ${rate} req/s for ${durationS} s each, open loop, latency from the scheduled send\n`,
  );
  console.log(formatFixedRate(o.fixedRate));
  const added = computeAdded(o.fixedRate);
  if (added.length === 0) return;
  console.log(`\n${formatAdded(added)}`);
  const goal = evaluateLatencyGoal(added);
  if (goal) console.log(`\n${formatLatencyGoal(goal, rate)}`);
}

function printReport(o: Outcome, s: Settings): void {
  printRounds(o, s);
  if (s.fixedRate && o.fixedRate.length > 0) printFixedRate(o, s.fixedRate);
}

/** Everything measured, raw and summarised, with the machine: what `BENCH_JSON` writes. */
function toJson(o: Outcome, s: Settings, machine: MachineInfo): unknown {
  const added = computeAdded(o.fixedRate);
  // NaN (a ratio with no CPU figure) is not JSON: write null.
  const finite = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? null : n);
  return {
    machine,
    settings: {
      rounds: s.rounds.rounds,
      warmupS: s.rounds.warmupS,
      load: s.rounds.load,
      fixedRate: s.fixedRate,
    },
    targets: o.results.targets,
    rounds: o.results.rounds.map((round) =>
      round.map((m, i) => ({ target: o.results.targets[i], ...m, proxyCpuUs: finite(m.proxyCpuUs) })),
    ),
    medians: summarizeTargets(o.results).map((t) => ({
      ...t,
      proxyCpuUs: finite(t.proxyCpuUs),
      upstreamCpuUs: finite(t.upstreamCpuUs),
    })),
    ratios: summarizeRatios(o.results).map((r) => ({ ...r, proxyCpu: finite(r.proxyCpu) })),
    goals: evaluateGoals(o.results, GOALS),
    fixedRate: {
      runs: o.fixedRate,
      added,
      goal: evaluateLatencyGoal(added) ?? null,
    },
  };
}

async function runBenchmark(tools: ToolPaths, s: Settings, cleanup: Cleanup, signal: AbortSignal) {
  const dir = await mkdtemp(join(tmpdir(), 'dwaar-bench-'));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  const started = await startTargets(tools, dir, cleanup, signal);
  const upstream = started.upstream;
  const targets = started.targets.filter((t) => s.targets.includes(t.name));
  await verifyTargets(targets);
  console.log(
    'checked: every target serves 200 with 1 KB; dwaar adds the assertion and redirects without a session; ' +
      'forward-auth passes the user on and answers 401 without a cookie or with a forged one',
  );

  await warmUp(targets, s.rounds, signal);
  const rounds = await runRounds(targets, upstream, s.rounds, signal);
  const fixedTargets = targets.filter((t: Target) => FIXED_RATE_TARGETS.includes(t.name));
  const fixedRate = s.fixedRate
    ? await runFixedRatePass(fixedTargets, upstream, s.fixedRate, BODY_BYTES, signal)
    : [];
  // The sessions must still be live at the end, or the last runs measured something else.
  await verifyTargets(targets);
  const outcome = { results: { targets: targets.map((t) => t.name), rounds }, fixedRate };
  printReport(outcome, s);
  if (s.jsonPath) {
    await writeFile(
      s.jsonPath,
      `${JSON.stringify(toJson(outcome, s, await describeMachine(tools)), null, 2)}\n`,
    );
    console.log(`\nwrote ${s.jsonPath}`);
  }
}

async function main(): Promise<number> {
  let tools: ToolPaths;
  try {
    tools = await ensureTools({
      searchPath: process.env.PATH ?? '',
      uid: process.getuid?.(),
      log: console.log,
    });
  } catch (err) {
    console.error(err instanceof MissingToolsError ? err.message : err);
    return 1;
  }
  let s: Settings;
  try {
    s = readSettings(tools.wrk);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  }
  const abort = new AbortController();
  const onSignal = (name: NodeJS.Signals) => abort.abort(new Error(`interrupted by ${name}`));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const budget = computeTimeBudgetMs(s);
  setTimeout(
    () => abort.abort(new Error(`time budget of ${Math.round(budget / 1000)} s exceeded`)),
    budget,
  ).unref();

  const machine = await describeMachine(tools);
  console.log(
    `dwaar proxy benchmark: ${machine.cpuModel}, ${machine.cores} CPUs, node ${machine.node}; ` +
      `${s.rounds.rounds} rounds, about ${Math.round(estimateLoadSeconds(s))} s of load`,
  );
  const cleanup = createCleanup();
  try {
    await runBenchmark(tools, s, cleanup, abort.signal);
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
