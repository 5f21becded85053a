// `npm run bench:nodes`: two `dwaar start` nodes on one PostgreSQL database and one Redis prefix (both the
// benchmark's own), behind HAProxy round robin; wrk with a signed-in officer's resource cookie through
// the front (two nodes) vs straight at one node vs the upstream directly, in alternating rounds. Then
// steady load through the front while one node is SIGKILLed halfway: every failure after the first second
// that follows the kill, and every redirect to the portal (a re-login), is counted.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Browser, follow, signIn } from '../test/http-client.ts';
import { spawnChild, waitForReady, type Child, type Cleanup } from './children.ts';
import { startHaproxy } from './nodes-haproxy.ts';
import type { LoadResult } from './nodes-load.ts';
import { createStores, type BenchStores } from './nodes-stores.ts';
import { probe } from './probe.ts';
import { median } from './report.ts';
import {
  fmtInt,
  fmtRatio,
  freePort,
  readIntEnv,
  resultOf,
  RUN_TS,
  runBench,
  sleep,
  startScript,
  START_TIMEOUT_MS,
  table,
  writeJsonIfAsked,
} from './storm-kit.ts';
import { runWrk, type WrkResult } from './wrk.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UPSTREAM = fileURLToPath(new URL('./upstream-server.ts', import.meta.url));
const LOAD = fileURLToPath(new URL('./nodes-load.ts', import.meta.url));
const SECRET = 'bench-secret-not-for-production-0123456789';

const rounds = readIntEnv('BENCH_ROUNDS', 3, 1);
const durationS = readIntEnv('BENCH_DURATION_S', 5, 1);
const connections = readIntEnv('BENCH_CONNECTIONS', 50, 1);
const killRunS = readIntEnv('BENCH_KILL_RUN_S', 20, 4);
const adminPgUrl =
  process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Node {
  readonly name: string;
  readonly child: Child;
  readonly port: number;
}

/** Starts `node bin/dwaar.js start` and waits for its banner. */
async function startNode(
  name: string,
  o: { stores: BenchStores; dir: string; upstream: string; frontPort: number; boweb: boolean },
  cleanup: Cleanup,
): Promise<Node> {
  const port = await freePort();
  const data = join(o.dir, name);
  await mkdir(data);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    DWAAR_PORT: String(port),
    DWAAR_HOST: '127.0.0.1',
    DWAAR_PUBLIC_URL: `http://localhost:${o.frontPort}`,
    DWAAR_DATA: data,
    DATABASE_URL: o.stores.databaseUrl,
    REDIS_URL: o.stores.redisUrl,
    DWAAR_REDIS_PREFIX: o.stores.redisPrefix,
    DWAAR_SECRET: SECRET,
    DWAAR_BOWEB_PORT: String(await freePort()),
    DWAAR_DEV_SMTP_PORT: String(await freePort()),
    // The demo policy's BOWEB, pointed at the benchmark's 1 KB upstream (the demo back office still starts).
    DWAAR_BOWEB_UPSTREAM: o.upstream,
    DWAAR_DEMO_BOWEB: o.boweb ? '1' : '0',
    DWAAR_LOG_LEVEL: 'warn',
    // Only the demo's own passwords are hashed, once; the sign-in is not what is measured here.
    DWAAR_ARGON2_MEMORY: '1024',
    DWAAR_ARGON2_TIME: '1',
  };
  const child = spawnChild(
    `node ${name}`,
    process.execPath,
    [resolve(ROOT, 'bin/dwaar.js'), 'start'],
    cleanup,
    { env },
  );
  // A node killed outright leaves its back office running, by design: end that too.
  cleanup.add(() => {
    const pid = /BOWEB process\s+pid (\d+)/.exec(child.tail())?.[1];
    if (pid) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  const started = Date.now();
  while (!child.tail().includes('Dwaar is running.')) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null)
      throw new Error(`node ${name} exited:\n${child.tail()}`);
    if (Date.now() - started > START_TIMEOUT_MS)
      throw new Error(`node ${name} did not start:\n${child.tail()}`);
    await sleep(100);
  }
  return { name, child, port };
}

/** Signs officer1 in through the front, straight into BOWEB; returns the resource cookie. */
async function officerCookie(frontPort: number): Promise<string> {
  const browser = new Browser();
  const boweb = `http://boweb.localhost:${frontPort}`;
  const landed = await follow(
    browser,
    await signIn(browser, `http://localhost:${frontPort}`, 'officer1', 'Officer@Dwaar1', `${boweb}/`),
  );
  if (landed.status !== 200) throw new Error(`officer1 did not land in BOWEB: ${landed.status}`);
  const jar = browser.jar.get('boweb.localhost');
  const entry = [...(jar ?? [])].find(([name]) => name.startsWith('dwaar_'));
  if (!entry) throw new Error('no resource cookie for boweb.localhost');
  return `${entry[0]}=${entry[1]}`;
}

interface Target {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

async function throughput(targets: readonly Target[], signal: AbortSignal) {
  const load = { threads: 1, connections, durationS };
  const results: WrkResult[][] = [];
  for (let r = 0; r < rounds; r++) {
    const round: WrkResult[] = [];
    for (const t of targets) {
      const check = await probe(t.url, t.headers);
      if (check.status !== 200 || check.bodyBytes !== 1024) throw new Error(`${t.name}: got ${check.status}`);
      round.push(await runWrk(t.url, t.headers, load, signal));
      await sleep(300);
    }
    console.log(
      `round ${r + 1}/${rounds}: ${round.map((m, i) => `${targets[i]?.name} ${fmtInt(m.rps)} req/s${m.errors ? ` (${m.errors} errors!)` : ''}`).join(' | ')}`,
    );
    results.push(round);
  }
  return results;
}

await runBench(20 * 60_000, async (cleanup, signal) => {
  console.log(
    `dwaar two nodes: node ${process.version}, ${availableParallelism()} CPUs, HAProxy 2.6 round robin`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'dwaar-nodes-'));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  const stores = await createStores(adminPgUrl, redisUrl, cleanup);
  const { fields: up } = await startScript('upstream', UPSTREAM, [], cleanup, signal);
  const upstream = `http://127.0.0.1:${up[0]}/`;
  const frontPort = await freePort();
  // One after the other: the first migrates and seeds the demo, the second finds it done.
  const a = await startNode('a', { stores, dir, upstream, frontPort, boweb: true }, cleanup);
  const b = await startNode('b', { stores, dir, upstream, frontPort, boweb: false }, cleanup);
  await startHaproxy(
    dir,
    frontPort,
    [a, b].map((n) => ({ name: n.name, port: n.port })),
    cleanup,
  );
  const cookie = await officerCookie(frontPort);
  const host = (port: number) => `boweb.localhost:${port}`;
  const targets: Target[] = [
    { name: 'direct', url: upstream, headers: {} },
    { name: 'one node', url: `http://127.0.0.1:${a.port}/`, headers: { Host: host(a.port), Cookie: cookie } },
    {
      name: 'two nodes',
      url: `http://127.0.0.1:${frontPort}/`,
      headers: { Host: host(frontPort), Cookie: cookie },
    },
  ];
  // The session made through the front must work on each node by itself (it lives in PostgreSQL and Redis).
  for (const n of [a, b]) {
    const r = await probe(`http://127.0.0.1:${n.port}/`, { Host: host(n.port), Cookie: cookie });
    if (r.status !== 200) throw new Error(`node ${n.name} refused the session: ${r.status}`);
  }
  console.log("checked: the officer's BOWEB cookie works on both nodes and through the front");
  await runWrk(
    targets[2]?.url ?? '',
    targets[2]?.headers ?? {},
    { threads: 1, connections, durationS: 2 },
    signal,
  );
  const results = await throughput(targets, signal);

  // The kill: steady load through the front, node a SIGKILLed halfway.
  console.log(
    `\nkill run: ${killRunS} s of load through the front (${connections} connections), node a killed at ${killRunS / 2} s`,
  );
  const loader = spawnChild(
    'load',
    process.execPath,
    [
      RUN_TS,
      LOAD,
      `http://127.0.0.1:${frontPort}`,
      host(frontPort),
      cookie,
      String(connections),
      String(killRunS),
    ],
    cleanup,
  );
  // Timed from the moment the load runs, not from the spawn (the TypeScript loader takes a second or two).
  await waitForReady(loader, START_TIMEOUT_MS, signal);
  const loaded = resultOf(loader, (killRunS + 60) * 1000, signal) as Promise<LoadResult>;
  await sleep((killRunS / 2) * 1000);
  const killedAt = Date.now();
  a.child.proc.kill('SIGKILL');
  const load = await loaded;
  const after = load.failures.filter((f) => f.at >= killedAt + 1000);
  const within = load.failures.filter((f) => f.at >= killedAt && f.at < killedAt + 1000);
  const before = load.failures.filter((f) => f.at < killedAt);
  const relogins = load.failures.filter((f) => f.what.startsWith('3') && f.at >= killedAt);
  const killSecond = Math.floor((killedAt - load.startedAt) / 1000);
  const bucketRows = load.buckets.map((bk, i) => [
    `${i}${i === killSecond ? ' (kill)' : ''}`,
    fmtInt(bk.ok),
    String(bk.redirect),
    String(bk.status),
    String(bk.error),
  ]);

  const series = (i: number) => results.map((round) => round[i]?.rps ?? Number.NaN);
  const ratioOf = (x: number, y: number) =>
    median(results.map((round) => (round[x]?.rps ?? NaN) / (round[y]?.rps ?? NaN)));
  console.log(`\nThroughput (wrk -t1 -c${connections} -d${durationS}s, 1 KB body, ${rounds} rounds)\n`);
  console.log(
    table(
      ['target', 'median req/s', 'errors'],
      targets.map((t, i) => [
        t.name,
        fmtInt(median(series(i))),
        String(results.reduce((s, r) => s + (r[i]?.errors ?? 0), 0)),
      ]),
    ),
  );
  console.log('\nRatios (median of per-round ratios)\n');
  console.log(
    table(
      ['ratio', 'req/s'],
      [
        ['two nodes / one node', fmtRatio(ratioOf(2, 1))],
        ['two nodes / direct', fmtRatio(ratioOf(2, 0))],
        ['one node / direct', fmtRatio(ratioOf(1, 0))],
      ],
    ),
  );
  console.log("\nKill run, per second (after the kill every request must still be the upstream's 200)\n");
  console.log(table(['second', 'ok', 'redirect', 'other status', 'no answer'], bucketRows));
  const total = load.buckets.reduce((s, bk) => s + bk.ok + bk.redirect + bk.status + bk.error, 0);
  console.log(
    `\nrequests ${fmtInt(total)}; failed before the kill ${before.length}, in its first second ${within.length}, after it ${after.length} (goal 0: ${after.length === 0 ? 'met' : 'NOT met'}); re-logins after the kill ${relogins.length} (goal 0: ${relogins.length === 0 ? 'met' : 'NOT met'})`,
  );
  if (within.length + after.length > 0)
    console.log(
      `failures: ${[...within, ...after]
        .slice(0, 5)
        .map((f) => `${f.at - killedAt} ms after: ${f.what}`)
        .join('; ')}`,
    );
  await writeJsonIfAsked({
    benchmark: 'two-nodes',
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    wrk: { connections, durationS, rounds },
    rps: Object.fromEntries(targets.map((t, i) => [t.name, series(i)])),
    ratios: { twoOverOne: ratioOf(2, 1), twoOverDirect: ratioOf(2, 0), oneOverDirect: ratioOf(1, 0) },
    kill: {
      runS: killRunS,
      killSecond,
      total,
      failedBefore: before.length,
      failedFirstSecond: within.length,
      failedAfter: after.length,
      relogins: relogins.length,
      buckets: load.buckets,
    },
  });
});
