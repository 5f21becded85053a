// An open-loop load generator: requests leave at fixed intervals whatever the server's pace, and each
// latency is measured from when its request was *scheduled*, not when it was sent. wrk (closed loop) waits
// for an answer before sending the next request, so a stall delays the requests that would have seen it
// and they go unrecorded ("coordinated omission"); here a stall shows up in every request it delays.
// Runs in its own process, so nothing it measures shares its event loop.
// Usage: fixed-rate-client.ts '<json settings>'; prints `RESULT <json>` when done.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { z } from 'zod';
import { summarize } from './latency-stats.ts';

const argsSchema = z.object({
  url: z.url(),
  headers: z.record(z.string(), z.string()),
  rate: z.number().int().positive(),
  durationS: z.number().int().positive(),
  warmupS: z.number().int().nonnegative(),
  connections: z.number().int().positive(),
  bodyBytes: z.number().int().nonnegative(),
});

const args = argsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const url = new URL(args.url);
const pool = new Pool(url.origin, {
  connections: args.connections,
  pipelining: 1,
  keepAliveTimeout: 30_000,
  headersTimeout: 10_000,
  bodyTimeout: 10_000,
});
const headers: Record<string, string> = Object.fromEntries(
  Object.entries(args.headers).map(([k, v]) => [k.toLowerCase(), v]),
);

const intervalMs = 1000 / args.rate;
const warmupCount = args.rate * args.warmupS;
const total = warmupCount + args.rate * args.durationS;
/** Recorded (post-warm-up) requests: latency from the scheduled time, and how late the send was. */
const latencies = new Float64Array(total - warmupCount);
const lags = new Float64Array(total - warmupCount);
let errors = 0;
let ok = 0;
let inFlight = 0;
let maxInFlight = 0;

function record(index: number, scheduledAt: number, sentAt: number, good: boolean): void {
  const doneAt = performance.now();
  inFlight--;
  if (good) ok++;
  if (index < warmupCount) return;
  if (!good) errors++;
  latencies[index - warmupCount] = doneAt - scheduledAt;
  lags[index - warmupCount] = sentAt - scheduledAt;
}

/**
 * One request through undici's low-level dispatch: no stream or promise per request, so the generator's
 * own cost per request stays small and it keeps its schedule on a busy machine.
 */
function send(index: number, scheduledAt: number): Promise<void> {
  const sentAt = performance.now();
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  return new Promise((resolve) => {
    let status = 0;
    let bytes = 0;
    const finish = (good: boolean) => {
      record(index, scheduledAt, sentAt, good);
      resolve();
    };
    pool.dispatch(
      { origin: url.origin, path: url.pathname, method: 'GET', headers },
      {
        onRequestStart() {
          // Nothing to keep: requests are never aborted.
        },
        onResponseStart(_ctrl, statusCode) {
          status = statusCode;
        },
        onResponseData(_ctrl, chunk) {
          bytes += chunk.length;
        },
        onResponseEnd() {
          finish(status === 200 && bytes === args.bodyBytes);
        },
        onResponseError() {
          finish(false);
        },
      },
    );
  });
}

/** Sends every request whose time has come, then sleeps until the next one is due. */
function schedule(startAt: number, pending: Promise<void>[], done: () => void): void {
  let next = 0;
  const tick = () => {
    const now = performance.now();
    for (; next < total && startAt + next * intervalMs <= now; next++)
      pending.push(send(next, startAt + next * intervalMs));
    if (next >= total) done();
    else setTimeout(tick, Math.max(0, startAt + next * intervalMs - performance.now()));
  };
  tick();
}

const cpuBefore = process.cpuUsage();
const startAt = performance.now() + 20;
const pending: Promise<void>[] = [];
await new Promise<void>((resolve) => schedule(startAt, pending, resolve));
/** How long sending took: the rate the generator really achieved (below `rate` if it fell behind). */
const sendingS = (performance.now() - startAt) / 1000;
await Promise.all(pending);
/** The generator's own CPU per request: if it is a large share of a core, the machine limits the run. */
const cpu = process.cpuUsage(cpuBefore);
await pool.close();

const latency = summarize(latencies);
const lag = summarize(lags);
const result = {
  rate: args.rate,
  durationS: args.durationS,
  recorded: latencies.length,
  errors,
  /** Answered 200 with the full body, warm-up included: the upstream must have served at least these. */
  ok,
  achievedRps: total > 1 ? (total - 1) / sendingS : args.rate,
  maxInFlight,
  ...latency,
  sendLagP99Ms: lag.p99Ms,
  clientCpuUs: (cpu.user + cpu.system) / total,
};
console.log(`RESULT ${JSON.stringify(result)}`);
