// Summarises the rounds: medians per target, medians of per-round ratios, and the raw numbers.

export interface Measurement {
  readonly rps: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly errors: number;
  /** CPU of the proxy process per request (undefined for `direct`, or without /proc). */
  readonly proxyCpuUs: number | undefined;
  /** CPU of the upstream process per request. */
  readonly upstreamCpuUs: number | undefined;
}

export interface Results {
  readonly targets: readonly string[];
  /** One entry per round, each with a measurement per target in the order of `targets`. */
  readonly rounds: readonly (readonly Measurement[])[];
}

/** Ratios to print, numerator over denominator; pairs naming an absent target are skipped. */
const RATIOS: readonly (readonly [string, string])[] = [
  ['dwaar', 'node-floor'],
  ['dwaar', 'caddy'],
  ['dwaar', 'forward-auth'],
  ['dwaar', 'nginx'],
  ['dwaar', 'direct'],
  ['node-floor', 'nginx'],
  ['caddy', 'nginx'],
  ['forward-auth', 'nginx'],
  ['nginx', 'direct'],
];

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

function medianOf(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === values.length && known.length > 0 ? median(known) : undefined;
}

/** The measurements of one target across rounds. */
function series(results: Results, target: string): Measurement[] {
  const index = results.targets.indexOf(target);
  return results.rounds.flatMap((round) => {
    const m = round[index];
    return m ? [m] : [];
  });
}

/** Median over rounds of `a/b`, from the two targets' values in the same round. */
function medianRatio(results: Results, a: string, b: string, value: (m: Measurement) => number): number {
  const as = series(results, a);
  const bs = series(results, b);
  return median(as.flatMap((m, i) => (bs[i] ? [value(m) / value(bs[i])] : [])));
}

export function formatRps(rps: number): string {
  return Math.round(rps).toLocaleString('en-US');
}

export function formatMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)}us` : `${ms.toFixed(2)}ms`;
}

function formatUs(us: number | undefined): string {
  return us === undefined ? '-' : `${us.toFixed(1)}us`;
}

/** Text columns (the first `textColumns`) are left-aligned, numbers right-aligned. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns: number,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < textColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatRawRounds(results: Results): string {
  const rows = results.rounds.flatMap((round, r) =>
    round.map((m, t) => [
      String(r + 1),
      results.targets[t] ?? '?',
      formatRps(m.rps),
      formatMs(m.p99Ms),
      formatUs(m.proxyCpuUs),
      formatUs(m.upstreamCpuUs),
      String(m.errors),
    ]),
  );
  const header = ['round', 'target', 'req/s', 'p99', 'proxy CPU/req', 'upstream CPU/req', 'errors'];
  return formatTable(header, rows, 2);
}

export function formatSummary(results: Results): string {
  const rows = summarizeTargets(results).map((t) => [
    t.target,
    formatRps(t.rps),
    formatMs(t.p99Ms),
    formatUs(t.proxyCpuUs),
    formatUs(t.upstreamCpuUs),
  ]);
  const header = ['target', 'median req/s', 'median p99', 'proxy CPU/req', 'upstream CPU/req'];
  return formatTable(header, rows, 1);
}

function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '-';
}

export interface RatioSummary {
  readonly ratio: string;
  readonly rps: number;
  readonly p99: number;
  /** NaN when either side has no CPU figure (`direct`, or no /proc). */
  readonly proxyCpu: number;
}

export interface TargetSummary {
  readonly target: string;
  readonly rps: number;
  readonly p99Ms: number;
  readonly proxyCpuUs: number | undefined;
  readonly upstreamCpuUs: number | undefined;
}

/** Per-target medians over the rounds. */
export function summarizeTargets(results: Results): TargetSummary[] {
  return results.targets.map((target) => {
    const ms = series(results, target);
    return {
      target,
      rps: median(ms.map((m) => m.rps)),
      p99Ms: median(ms.map((m) => m.p99Ms)),
      proxyCpuUs: medianOf(ms.map((m) => m.proxyCpuUs)),
      upstreamCpuUs: medianOf(ms.map((m) => m.upstreamCpuUs)),
    };
  });
}

/** The medians of per-round ratios, for every pair in RATIOS whose targets were measured. */
export function summarizeRatios(results: Results): RatioSummary[] {
  const present = RATIOS.filter(([a, b]) => results.targets.includes(a) && results.targets.includes(b));
  return present.map(([a, b]) => ({
    ratio: `${a}/${b}`,
    rps: medianRatio(results, a, b, (m) => m.rps),
    p99: medianRatio(results, a, b, (m) => m.p99Ms),
    proxyCpu: medianRatio(results, a, b, (m) => m.proxyCpuUs ?? Number.NaN),
  }));
}

export function formatRatios(results: Results): string {
  const rows = summarizeRatios(results).map((r) => [
    r.ratio,
    formatRatio(r.rps),
    formatRatio(r.p99),
    formatRatio(r.proxyCpu),
  ]);
  return formatTable(['ratio', 'req/s', 'p99', 'proxy CPU/req'], rows, 1);
}

/** A throughput goal: the median per-round req/s ratio `a/b` at least `atLeast`. */
export interface Goal {
  readonly a: string;
  readonly b: string;
  readonly atLeast: number;
}

export interface GoalOutcome extends Goal {
  readonly value: number;
  readonly met: boolean;
}

export function evaluateGoals(results: Results, goals: readonly Goal[]): GoalOutcome[] {
  return goals
    .filter((g) => results.targets.includes(g.a) && results.targets.includes(g.b))
    .map((g) => {
      const value = medianRatio(results, g.a, g.b, (m) => m.rps);
      return { ...g, value, met: value >= g.atLeast };
    });
}

/** One line per goal, stated in the output so nobody has to work it out. */
export function formatGoals(outcomes: readonly GoalOutcome[]): string {
  return outcomes
    .map((o) => {
      const verdict = o.met ? 'met' : 'NOT met';
      return `goal: ${o.a}/${o.b} req/s >= ${o.atLeast}: ${verdict} (${o.value.toFixed(2)})`;
    })
    .join('\n');
}

/** The project's goal, stated in the output so nobody has to work it out. */
export function formatGoal(results: Results, goal: number): string {
  const ratio = medianRatio(results, 'dwaar', 'nginx', (m) => m.rps);
  const verdict = ratio >= goal ? 'met' : 'NOT met';
  return `goal: dwaar/nginx req/s >= ${goal}: ${verdict} (${ratio.toFixed(2)})`;
}
