// Steady load through the front with one officer's resource cookie, from a process of its own, noting
// WHEN each failure happened (wrk only counts them): per-second buckets of answers and the time of every
// failure, so the benchmark can tell the moment a node died from what came after.
// Usage: nodes-load.ts <url> <host> <cookie> <connections> <seconds>; prints `RESULT <json>`.
import { Pool } from 'undici';

export interface Bucket {
  ok: number;
  /** 3xx: the gateway sending the officer to sign in again. */
  redirect: number;
  /** Any other status (502/503 from the front, 5xx from a node). */
  status: number;
  /** No answer at all (reset, refused, timeout). */
  error: number;
}

export interface LoadResult {
  /** Epoch ms when the load began; bucket i covers [startedAt + i s, startedAt + (i+1) s). */
  readonly startedAt: number;
  readonly buckets: readonly Bucket[];
  /** Epoch ms and what, of every request that was not the upstream's 200 (the first 1,000). */
  readonly failures: readonly { readonly at: number; readonly what: string }[];
}

const [url, host, cookie, connectionsArg, secondsArg] = process.argv.slice(2);
if (!url || !host || !cookie || !connectionsArg || !secondsArg)
  throw new Error('usage: nodes-load.ts <url> <host> <cookie> <connections> <seconds>');
const connections = Number(connectionsArg);
const pool = new Pool(url, { connections, headersTimeout: 10_000, bodyTimeout: 10_000 });
const startedAt = Date.now();
const endAt = startedAt + Number(secondsArg) * 1000;
const buckets: Bucket[] = [];
const failures: { at: number; what: string }[] = [];

function note(kind: keyof Bucket, what?: string): void {
  const at = Date.now();
  const i = Math.floor((at - startedAt) / 1000);
  for (let k = buckets.length; k <= i; k++) buckets.push({ ok: 0, redirect: 0, status: 0, error: 0 });
  const bucket = buckets[i];
  if (bucket) bucket[kind]++;
  if (what !== undefined && failures.length < 1000) failures.push({ at, what });
}

async function worker(): Promise<void> {
  while (Date.now() < endAt) {
    try {
      const res = await pool.request({ path: '/', method: 'GET', headers: { host, cookie } });
      await res.body.dump();
      if (res.statusCode === 200) note('ok');
      else if (res.statusCode >= 300 && res.statusCode < 400)
        note('redirect', `${res.statusCode} -> ${String(res.headers.location)}`);
      else note('status', String(res.statusCode));
    } catch (err) {
      note('error', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    }
  }
}

console.log(`READY ${startedAt}`);
await Promise.all(Array.from({ length: connections }, worker));
await pool.close();
const result: LoadResult = { startedAt, buckets, failures };
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
