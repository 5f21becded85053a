// The fixed-rate run: the open-loop generator (fixed-rate-client.ts) against each target in turn, in its
// own process, and the latency added by the proxies over `direct` at the same rate.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const CLIENT_SCRIPT = fileURLToPath(new URL('./fixed-rate-client.ts', import.meta.url));
/** Beyond the run itself: the tsx loader's start and the last answers. */
const EXTRA_S = 30;

export interface FixedRateSettings {
  readonly rate: number;
  readonly durationS: number;
  readonly warmupS: number;
  /** The generator's pool size: enough that a stall queues requests in the server, not in the client. */
  readonly connections: number;
}

export const fixedRateResultSchema = z.object({
  rate: z.number(),
  durationS: z.number(),
  recorded: z.number(),
  errors: z.number(),
  ok: z.number(),
  achievedRps: z.number(),
  maxInFlight: z.number(),
  p50Ms: z.number(),
  p90Ms: z.number(),
  p99Ms: z.number(),
  p999Ms: z.number(),
  maxMs: z.number(),
  sendLagP99Ms: z.number(),
  clientCpuUs: z.number(),
});
export type FixedRateResult = z.infer<typeof fixedRateResultSchema>;

export interface FixedRateTarget {
  readonly name: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Reads the generator's `RESULT {…}` line. */
export function parseClientOutput(stdout: string): FixedRateResult {
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the fixed-rate generator printed no result:\n${stdout}`);
  return fixedRateResultSchema.parse(JSON.parse(line.slice('RESULT '.length)));
}

export async function runFixedRate(
  target: FixedRateTarget,
  s: FixedRateSettings,
  bodyBytes: number,
  signal: AbortSignal,
): Promise<FixedRateResult> {
  const args = JSON.stringify({ url: target.url, headers: target.headers, bodyBytes, ...s });
  const { stdout } = await run(process.execPath, [RUN_TS, CLIENT_SCRIPT, args], {
    signal,
    timeout: (s.warmupS + s.durationS + EXTRA_S) * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 1024 * 1024,
  });
  return parseClientOutput(stdout);
}
