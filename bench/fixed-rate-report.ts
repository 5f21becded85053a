// The fixed-rate run's table, the latency each proxy adds over `direct`, and the goal for Dwaar's.
import type { FixedRateRun } from './rounds.ts';
import { formatMs, formatRps, formatTable } from './report.ts';

/** Issue 12: at 2,000 requests/s Dwaar adds at most 1 ms to the 99th percentile. */
export const GOAL_ADDED_P99_MS = 1;

export interface AddedLatency {
  readonly target: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
}

/** Each proxy's percentiles minus direct's, measured in the same pass. */
export function computeAdded(runs: readonly FixedRateRun[]): AddedLatency[] {
  const direct = runs.find((r) => r.target === 'direct')?.result;
  if (!direct) return [];
  return runs
    .filter((r) => r.target !== 'direct')
    .map(({ target, result }) => ({
      target,
      p50Ms: result.p50Ms - direct.p50Ms,
      p99Ms: result.p99Ms - direct.p99Ms,
      p999Ms: result.p999Ms - direct.p999Ms,
    }));
}

/** A signed duration: the added latency may come out negative within the noise. */
function formatDelta(ms: number): string {
  return ms < 0 ? `-${formatMs(-ms)}` : `+${formatMs(ms)}`;
}

export function formatFixedRate(runs: readonly FixedRateRun[]): string {
  const rows = runs.map(({ target, result: r }) => [
    target,
    formatRps(r.achievedRps),
    formatMs(r.p50Ms),
    formatMs(r.p90Ms),
    formatMs(r.p99Ms),
    formatMs(r.p999Ms),
    formatMs(r.maxMs),
    formatMs(r.sendLagP99Ms),
    `${r.clientCpuUs.toFixed(0)}us`,
    String(r.errors),
  ]);
  const header = [
    'target',
    'sent/s',
    'p50',
    'p90',
    'p99',
    'p99.9',
    'max',
    'send lag p99',
    'generator CPU/req',
    'errors',
  ];
  return formatTable(header, rows, 1);
}

export function formatAdded(added: readonly AddedLatency[]): string {
  const rows = added.map((a) => [
    `${a.target} - direct`,
    formatDelta(a.p50Ms),
    formatDelta(a.p99Ms),
    formatDelta(a.p999Ms),
  ]);
  return formatTable(['added latency', 'p50', 'p99', 'p99.9'], rows, 1);
}

export interface LatencyGoal {
  readonly atMostMs: number;
  readonly valueMs: number;
  readonly met: boolean;
}

export function evaluateLatencyGoal(added: readonly AddedLatency[]): LatencyGoal | undefined {
  const dwaar = added.find((a) => a.target === 'dwaar');
  if (!dwaar) return undefined;
  return { atMostMs: GOAL_ADDED_P99_MS, valueMs: dwaar.p99Ms, met: dwaar.p99Ms <= GOAL_ADDED_P99_MS };
}

export function formatLatencyGoal(goal: LatencyGoal, rate: number): string {
  const verdict = goal.met ? 'met' : 'NOT met';
  return `goal: dwaar p99 added over direct at ${rate} req/s <= ${goal.atMostMs}ms: ${verdict} (${formatDelta(goal.valueMs)})`;
}
