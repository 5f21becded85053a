// Runs wrk in its own process and reads its report.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const WRK_BIN = '/usr/bin/wrk';
const run = promisify(execFile);

export interface LoadSettings {
  readonly threads: number;
  readonly connections: number;
  readonly durationS: number;
}

export interface WrkResult {
  readonly rps: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** Socket errors plus non-2xx/3xx answers: a round with any is suspect. */
  readonly errors: number;
}

const MS_PER_UNIT: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function matchNumber(text: string, pattern: RegExp, what: string): RegExpMatchArray {
  const m = text.match(pattern);
  if (!m) throw new Error(`wrk output has no ${what}:\n${text}`);
  return m;
}

/** wrk prints durations as `850.00us`, `2.31ms`, `1.02s`, …; returns milliseconds. */
export function parseDurationMs(value: string, unit: string): number {
  const factor = MS_PER_UNIT[unit];
  if (factor === undefined) throw new Error(`unknown wrk time unit: ${unit}`);
  return Number(value) * factor;
}

function sumErrors(text: string): number {
  const socket = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const status = text.match(/Non-2xx or 3xx responses: (\d+)/);
  return socketErrors + (status ? Number(status[1]) : 0);
}

/** Parses wrk's text report (run with `--latency`). */
export function parseWrk(text: string): WrkResult {
  const rps = matchNumber(text, /^Requests\/sec:\s+([\d.]+)/m, 'Requests/sec');
  const p99 = matchNumber(text, /^\s*99(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$/m, '99% latency');
  const requests = matchNumber(text, /^\s*(\d+) requests in /m, 'request count');
  return {
    rps: Number(rps[1]),
    p99Ms: parseDurationMs(p99[1] ?? '', p99[2] ?? ''),
    requests: Number(requests[1]),
    errors: sumErrors(text),
  };
}

/**
 * wrk replaces its own Host header only when the script's header is spelled `Host`; a `host` would be
 * sent as a second Host header, and servers keep the first. Title-case every name to be safe.
 */
function canonicalName(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** One wrk run against `url`; the headers go on every request (Host overrides the URL's). */
export async function runWrk(
  url: string,
  headers: Readonly<Record<string, string>>,
  load: LoadSettings,
  signal: AbortSignal,
  bin: string = WRK_BIN,
): Promise<WrkResult> {
  const args = [`-t${load.threads}`, `-c${load.connections}`, `-d${load.durationS}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${canonicalName(name)}: ${value}`);
  args.push(url);
  const { stdout } = await run(bin, args, {
    signal,
    // wrk stops itself after the duration; this only catches a hang.
    timeout: (load.durationS + 15) * 1000,
    killSignal: 'SIGKILL',
  });
  return parseWrk(stdout);
}
