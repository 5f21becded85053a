// `npm run bench:memory`: what N live sessions (10,000), each bound to BOWEB and used once, cost a
// gateway process in heap and RSS after garbage collection, against the same process just before
// (warm, with a few hundred sessions already); `-- --soak` then keeps them live under a steady stream of
// proxied requests for BENCH_SOAK_MIN minutes (10) and reports whether memory grows. See README.md.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { spawnChild, stopChild, type Cleanup } from './children.ts';
import { trendOf, writeSoakScript, type Sample } from './memory-soak.ts';
import {
  fmtInt,
  fmtMb,
  fmtRatio,
  freePort,
  readIntEnv,
  resultOf,
  RUN_TS,
  runBench,
  sleep,
  startScript,
  table,
  writeJsonIfAsked,
} from './storm-kit.ts';
import { parseWrk, WRK_BIN } from './wrk.ts';

const UPSTREAM = fileURLToPath(new URL('./upstream-server.ts', import.meta.url));
const GATEWAY = fileURLToPath(new URL('./memory-gateway.ts', import.meta.url));
const TOUCH = fileURLToPath(new URL('./memory-touch.ts', import.meta.url));
const GOAL_BYTES = 50 * 1024 * 1024;

const sessions = readIntEnv('BENCH_SESSIONS', 10_000, 1);
const warm = readIntEnv('BENCH_WARM_SESSIONS', 200, 1);
const soakAsked = process.argv.includes('--soak');
const soakMin = readIntEnv('BENCH_SOAK_MIN', soakAsked ? 10 : 0, 0);
const soakRate = readIntEnv('BENCH_SOAK_RATE', 500, 1);
const sampleS = readIntEnv('BENCH_SOAK_SAMPLE_S', 10, 1);
const SOAK_CONNECTIONS = 10;

interface Mem {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly sessions: number;
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(600_000) });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function touchAll(port: string, file: string, cleanup: Cleanup, signal: AbortSignal): Promise<void> {
  const child = spawnChild('touch', process.execPath, [RUN_TS, TOUCH, port, file, '16'], cleanup);
  const r = (await resultOf(child, 600_000, signal)) as { ok: number; bad: string[]; total: number };
  if (r.ok !== r.total) throw new Error(`proxied requests failed: ${r.bad.join(', ')}`);
}

async function soak(
  o: { dir: string; port: string; control: string; cookies: string },
  signal: AbortSignal,
): Promise<{ samples: Sample[]; requests: number; rps: number; errors: number }> {
  const delayMs = Math.max(0, Math.round((SOAK_CONNECTIONS * 1000) / soakRate));
  const script = await writeSoakScript(o.dir, o.cookies, `boweb.localhost:${o.port}`, delayMs);
  const args = ['-t1', `-c${SOAK_CONNECTIONS}`, `-d${soakMin * 60}s`, '--latency', '-s', script];
  const wrk = promisify(execFile)(WRK_BIN, [...args, `http://127.0.0.1:${o.port}/`], {
    signal,
    timeout: (soakMin * 60 + 30) * 1000,
    killSignal: 'SIGKILL',
  });
  const samples: Sample[] = [];
  const started = Date.now();
  let done = false;
  const finished = wrk.finally(() => (done = true));
  while (!done) {
    const m = (await getJson(`${o.control}/mem`)) as Mem;
    samples.push({ min: (Date.now() - started) / 60_000, rss: m.rss, heapUsed: m.heapUsed });
    console.log(
      `soak ${((Date.now() - started) / 1000).toFixed(0)} s: rss ${fmtMb(m.rss)}, heap ${fmtMb(m.heapUsed)}, ${m.sessions} sessions`,
    );
    const wake = Date.now() + sampleS * 1000;
    while (!done && Date.now() < wake) await sleep(200);
  }
  const { stdout } = await finished;
  const r = parseWrk(stdout);
  return { samples, requests: r.requests, rps: r.rps, errors: r.errors };
}

const budgetMs = 15 * 60_000 + soakMin * 60_000 * 1.5;
await runBench(budgetMs, async (cleanup, signal) => {
  console.log(
    `dwaar sessions memory: node ${process.version}, ${availableParallelism()} CPUs, ${fmtInt(sessions)} sessions` +
      (soakMin > 0 ? `, then a ${soakMin}-minute soak at ${soakRate} req/s` : ''),
  );
  const dir = await mkdtemp(join(tmpdir(), 'dwaar-memory-'));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  const { fields: up } = await startScript('upstream', UPSTREAM, [], cleanup, signal);
  const upstream = `http://127.0.0.1:${up[0]}/`;
  // Two gateway processes with the same history (the same seeding, the same warm-up sessions), the second
  // also holding N more sessions: RSS after GC depends on what the process did before (the allocator
  // keeps freed pages), so only two processes that did the same are comparable.
  const measure = async (extra: number) => {
    const own = join(dir, extra === 0 ? 'baseline' : 'loaded');
    await mkdir(own);
    const { child, fields } = await startScript(
      extra === 0 ? 'gateway (baseline)' : 'gateway',
      GATEWAY,
      [String(await freePort()), own, upstream, String(warm + sessions)],
      cleanup,
      signal,
      { nodeArgs: ['--expose-gc'] },
    );
    const [port = '', controlPort] = fields;
    const control = `http://127.0.0.1:${controlPort}`;
    // Warm: a few hundred sessions opened and used, so JIT, caches and maps exist in both processes.
    const warmed = (await getJson(`${control}/sessions?n=${warm}`)) as { file: string };
    await touchAll(port, warmed.file, cleanup, signal);
    let file = warmed.file;
    if (extra > 0) {
      const opened = (await getJson(`${control}/sessions?n=${extra}`)) as { file: string };
      await touchAll(port, opened.file, cleanup, signal);
      file = opened.file;
    }
    const mem = (await getJson(`${control}/mem`)) as Mem;
    if (mem.sessions !== warm + extra)
      throw new Error(`expected ${warm + extra} live sessions, the gateway holds ${mem.sessions}`);
    return { child, port, control, file, mem };
  };
  const base = await measure(0);
  const before = base.mem;
  await stopChild(base.child);
  const loaded = await measure(sessions);
  const after = loaded.mem;
  const { port, control } = loaded;
  const opened = { file: loaded.file };

  const per = (k: keyof Mem) => (after[k] - before[k]) / sessions;
  const row = (name: string, k: 'rss' | 'heapUsed' | 'external') => [
    name,
    fmtMb(before[k]),
    fmtMb(after[k]),
    fmtMb(after[k] - before[k]),
    `${fmtInt(per(k))} B`,
    fmtRatio(after[k] / before[k]),
  ];
  console.log(
    `\n${fmtInt(sessions)} live sessions (each bound to BOWEB and used once), after GC; ` +
      `before = a twin process with the same seeding and only the ${warm} warm-up sessions\n`,
  );
  console.log(
    table(
      ['memory', 'before', 'after', 'added', 'per session', 'after/before'],
      [row('RSS', 'rss'), row('heap used', 'heapUsed'), row('external', 'external')],
    ),
  );
  // RSS after GC also moves with pages the allocator kept from earlier work, so the goal is judged on the
  // larger of the RSS added and the live bytes added (heap used + external).
  const added = Math.max(
    after.rss - before.rss,
    after.heapUsed - before.heapUsed + after.external - before.external,
  );
  const scaled = (added / sessions) * 10_000;
  console.log(
    `\ngoal: <= 50 MB for 10,000 sessions (the larger of RSS and heap + external added): ` +
      `${scaled <= GOAL_BYTES ? 'met' : 'NOT met'} (${fmtMb(scaled)})`,
  );

  let soakResult: Awaited<ReturnType<typeof soak>> | undefined;
  if (soakMin > 0) {
    console.log(
      `\nsoak: ${soakMin} min, about ${soakRate} req/s over all sessions, memory sampled every ${sampleS} s`,
    );
    soakResult = await soak({ dir, port, control, cookies: opened.file }, signal);
    const end = (await getJson(`${control}/mem`)) as Mem;
    if (end.sessions !== warm + sessions)
      throw new Error(`sessions were lost during the soak: ${end.sessions} left of ${warm + sessions}`);
    const rss = trendOf(soakResult.samples, (s) => s.rss);
    const heap = trendOf(soakResult.samples, (s) => s.heapUsed);
    const trendRow = (name: string, t: typeof rss) => [
      name,
      `${fmtInt(t.slope)} B/min`,
      fmtMb(t.growth),
      fmtMb(t.noise),
      t.grows ? 'GROWS' : 'flat',
    ];
    console.log(
      `\nSoak: ${fmtInt(soakResult.requests)} requests (${fmtInt(soakResult.rps)} req/s), ${soakResult.errors} errors, ` +
        `${soakResult.samples.length} samples\n`,
    );
    console.log(
      table(
        ['memory', 'slope', 'growth over soak', 'noise (sd)', 'verdict'],
        [trendRow('RSS', rss), trendRow('heap used', heap)],
      ),
    );
    console.log(
      '\n"grows" = the fitted line rises over the soak by more than 3x the samples\' scatter around it and by more than 2 MB',
    );
    if (soakResult.errors > 0) throw new Error(`${soakResult.errors} soak requests failed`);
  }
  await writeJsonIfAsked({
    benchmark: 'sessions-memory',
    date: new Date().toISOString(),
    node: process.version,
    sessions,
    warmSessions: warm,
    before,
    after,
    perSessionBytes: { rss: per('rss'), heapUsed: per('heapUsed'), external: per('external') },
    bytesFor10k: scaled,
    goalMet: scaled <= GOAL_BYTES,
    soak: soakResult && {
      minutes: soakMin,
      requests: soakResult.requests,
      rps: soakResult.rps,
      errors: soakResult.errors,
      samples: soakResult.samples,
      rss: trendOf(soakResult.samples, (s) => s.rss),
      heapUsed: trendOf(soakResult.samples, (s) => s.heapUsed),
    },
  });
});
