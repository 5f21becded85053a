import { request } from 'undici';

/** One sample line of the Prometheus text format. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly samples: readonly Sample[];
  /** `# TYPE` of each metric family. */
  readonly types: ReadonlyMap<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/g;

function number(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** Parses Prometheus text exposition 0.0.4; throws on a line it cannot read, so bad output fails tests. */
export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1] ?? '', type[2] ?? '');
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL))
      labels[l[1] ?? ''] = (l[2] ?? '').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    const value = number(m[3] ?? '');
    // Prometheus reads floats as Go's ParseFloat does, NaN in any case (prom-client writes `Nan`).
    if (Number.isNaN(value) && m[3]?.toLowerCase() !== 'nan') throw new Error(`not a value: ${line}`);
    samples.push({ name: m[1] ?? '', labels, value });
  }
  return { samples, types };
}

/** The value of the one sample with this name whose labels include `labels`; undefined when none. */
export function valueOf(
  e: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = e.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** Scrapes `/metrics` of a gateway over loopback. */
export async function scrape(portalOrigin: string): Promise<Exposition> {
  const res = await request(`${portalOrigin}/metrics`);
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`);
  return parseExposition(body);
}
