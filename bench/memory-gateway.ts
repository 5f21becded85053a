// The memory benchmark's gateway: Dwaar in its own process (run with --expose-gc) with the demo data and
// N more officers, BOWEB pointed at the benchmark's upstream. A second, tiny HTTP server lets the
// benchmark drive it: `/mem` collects garbage and answers heap and RSS; `/sessions?n=N` opens N sessions
// (one per officer, as their sign-ins would) and binds each to BOWEB, writing the resource cookies to
// <dir>/cookies-<k>.txt, one a line, and answering `{ file, ms }`.
// Usage: memory-gateway.ts <port> <dir> <upstream-url> <officers>; prints `READY <port> <control-port>`.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { loadSubject } from '../src/login/subject.ts';
import { resourceCookieName } from '../src/web/cookies.ts';
import { acknowledgeClause, seedOfficers } from './storm-seed.ts';

const RESOURCE_HOST = 'boweb.localhost';

const [portArg, dir, upstream, countArg] = process.argv.slice(2);
if (!portArg || !dir || !upstream || !countArg)
  throw new Error('usage: memory-gateway.ts <port> <dir> <upstream-url> <officers>');
const dataDir: string = dir;
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');

const config = loadConfig({
  DWAAR_PORT: portArg,
  DWAAR_HOST: '127.0.0.1',
  DWAAR_SECRET: 'bench-secret-not-for-production-0123456789',
  // A file, not :memory:, so the database's pages are not counted as the sessions' memory.
  DATABASE_URL: `sqlite:${join(dir, 'memory.sqlite')}`,
  DWAAR_DATA: dir,
  DWAAR_LOG_LEVEL: 'silent',
  // Only the demo's few passwords are hashed; nobody signs in with them here.
  DWAAR_ARGON2_MEMORY: '1024',
  DWAAR_ARGON2_TIME: '1',
  DWAAR_BOWEB_UPSTREAM: upstream,
  DWAAR_POLICY_WATCH: '0',
  // Sessions must outlive a long soak: a day of idle time, so only the soak's own length bounds it.
  DWAAR_IDLE_TIMEOUT: String(24 * 3600),
  DWAAR_ABSOLUTE_TIMEOUT: String(24 * 3600),
});
const deps = await createDeps(config, {
  logger: pino({ level: 'silent' }),
  prepare: async ({ store, passwords, audit, clock }) => {
    await seedDemo(
      { db: store.db, passwords, audit, now: clock.now() },
      { closedOfficers: 38, officersPerOpenDistrict: 1 },
    );
  },
});
const officers = await seedOfficers(deps.store.db, {
  count: Number(countArg),
  now: deps.clock.now(),
  prefix: 'mem',
});
await acknowledgeClause(
  deps.store.db,
  officers.map((o) => o.accountId),
  deps.clock.now(),
);
let nextOfficer = 0;
let batch = 0;

/** Opens `n` sessions for the next `n` officers, each bound to BOWEB as the portal's hand-off does. */
async function openSessions(n: number): Promise<{ file: string; ms: number }> {
  const started = performance.now();
  const cookies: string[] = [];
  for (let i = 0; i < n; i++) {
    const officer = officers[nextOfficer++];
    if (!officer) throw new Error('not enough officers seeded');
    const loaded = await loadSubject(deps.store.db, officer.accountId);
    if (!loaded) throw new Error(`${officer.userId} has no account`);
    const { session } = await deps.sessions.create({
      subject: loaded.subject,
      person: loaded.person,
      facts: { secondFactor: 'totp', deviceTrusted: true, posture: null },
      ip: `10.0.${(i >> 8) & 255}.${i & 255}`,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0',
      deviceId: null,
      disclaimerVersion: 1,
    });
    if (deps.access.decide(session, 'boweb', '127.0.0.1').effect !== 'allow')
      throw new Error(`${officer.userId} has no access to ${RESOURCE_HOST}`);
    cookies.push(`${resourceCookieName(false)}=${await deps.sessions.bind(session, RESOURCE_HOST)}`);
  }
  const file = join(dataDir, `cookies-${batch++}.txt`);
  await writeFile(file, `${cookies.join('\n')}\n`);
  return { file, ms: performance.now() - started };
}

function memory() {
  // Twice: the first pass may only schedule finalisers whose memory the second frees.
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    sessions: deps.sessions.size(),
  };
}

const app = await buildApp(deps);
const port = await app.listen(Number(portArg), '127.0.0.1');
const control = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://control');
  const answer = (body: unknown): void => void res.end(JSON.stringify(body));
  if (url.pathname === '/mem') answer(memory());
  else if (url.pathname === '/sessions') {
    openSessions(Number(url.searchParams.get('n'))).then(answer, (err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  } else {
    res.statusCode = 404;
    res.end();
  }
});
control.listen(0, '127.0.0.1', () => {
  const address = control.address();
  console.log(`READY ${port} ${typeof address === 'object' && address ? address.port : 0}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
