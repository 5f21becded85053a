// Summarises the rounds: medians per target, medians of per-round ratios, and the raw numbers.

export const TARGET_NAMES = ['direct', 'nginx', 'dwaar'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

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

export type Round = Readonly<Record<TargetName, Measurement>>;

const RATIOS = [
  ['dwaar', 'nginx'],
  ['dwaar', 'direct'],
  ['nginx', 'direct'],
] as const satisfies readonly (readonly [TargetName, TargetName])[];

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

function formatRps(rps: number): string {
  return Math.round(rps).toLocaleString('en-US');
}

function formatMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)}us` : `${ms.toFixed(2)}ms`;
}

function formatUs(us: number | undefined): string {
  return us === undefined ? '-' : `${us.toFixed(1)}us`;
}

function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatRawRounds(rounds: readonly Round[]): string {
  const rows = rounds.flatMap((round, i) =>
    TARGET_NAMES.map((name) => {
      const m = round[name];
      return [
        String(i + 1),
        name,
        formatRps(m.rps),
        formatMs(m.p99Ms),
        formatUs(m.proxyCpuUs),
        formatUs(m.upstreamCpuUs),
        String(m.errors),
      ];
    }),
  );
  const header = ['round', 'target', 'req/s', 'p99', 'proxy CPU/req', 'upstream CPU/req', 'errors'];
  return formatTable(header, rows);
}

export function formatSummary(rounds: readonly Round[]): string {
  const rows = TARGET_NAMES.map((name) => {
    const ms = rounds.map((r) => r[name]);
    return [
      name,
      formatRps(median(ms.map((m) => m.rps))),
      formatMs(median(ms.map((m) => m.p99Ms))),
      formatUs(medianOf(ms.map((m) => m.proxyCpuUs))),
      formatUs(medianOf(ms.map((m) => m.upstreamCpuUs))),
    ];
  });
  const header = ['target', 'median req/s', 'median p99', 'proxy CPU/req', 'upstream CPU/req'];
  return formatTable(header, rows);
}

export function formatRatios(rounds: readonly Round[]): string {
  const rows = RATIOS.map(([a, b]) => [
    `${a}/${b}`,
    `${median(rounds.map((r) => r[a].rps / r[b].rps)).toFixed(2)}x`,
    `${median(rounds.map((r) => r[a].p99Ms / r[b].p99Ms)).toFixed(2)}x`,
  ]);
  return formatTable(['ratio', 'req/s', 'p99'], rows);
}

/** The project's goal, stated in the output so nobody has to work it out. */
export function formatGoal(rounds: readonly Round[], goal: number): string {
  const ratio = median(rounds.map((r) => r.dwaar.rps / r.nginx.rps));
  const verdict = ratio >= goal ? 'met' : 'NOT met';
  return `goal dwaar/nginx req/s >= ${goal}: ${verdict} (${ratio.toFixed(2)})`;
}
