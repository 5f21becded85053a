// The login storm's gateway: Dwaar in its own process with the demo data and N more officers who each
// have a password and an authenticator app, hashed with the production argon2id cost (m=19456, t=2).
// A second, tiny HTTP server answers the benchmark about the event loop: `/eld/start` resets a
// monitorEventLoopDelay histogram, `/eld/stop` answers its max and p99 since then (JSON).
// Usage: storm-gateway.ts <port> <dir> <officers>; writes <dir>/officers.json ({ userId, totpSecret }[])
// and prints `READY <port> <control-port>` once listening.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { seedOfficers, STORM_PASSWORD } from './storm-seed.ts';

const [portArg, dir, countArg] = process.argv.slice(2);
if (!portArg || !dir || !countArg) throw new Error('usage: storm-gateway.ts <port> <dir> <officers>');

const config = loadConfig({
  DWAAR_PORT: portArg,
  DWAAR_HOST: '127.0.0.1',
  DWAAR_SECRET: 'bench-secret-not-for-production-0123456789',
  // A file, as a single node runs by default; the in-memory kv holds flows and counters.
  DATABASE_URL: `sqlite:${join(dir, 'storm.sqlite')}`,
  DWAAR_DATA: dir,
  DWAAR_LOG_LEVEL: 'silent',
  // The storm comes from many addresses: the bench's client says which in X-Forwarded-For.
  DWAAR_TRUSTED_PROXIES: '127.0.0.1',
  DWAAR_POLICY_WATCH: '0',
  // No DWAAR_ARGON2_*: production's default cost, the point of the benchmark.
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
  prefix: 'storm',
  credentials: { passwordHash: await deps.passwords.hash(STORM_PASSWORD), keyring: deps.keyring },
});
await writeFile(join(dir, 'officers.json'), JSON.stringify(officers));

const app = await buildApp(deps);
const port = await app.listen(Number(portArg), '127.0.0.1');

// 1 ms resolution: a block of 50 ms must show as ~50 ms, not be rounded into the sampling interval.
let eld = monitorEventLoopDelay({ resolution: 1 });
const control = createServer((req, res) => {
  if (req.url === '/eld/start') {
    eld.disable();
    eld = monitorEventLoopDelay({ resolution: 1 });
    eld.enable();
    res.end('{}');
    return;
  }
  if (req.url === '/eld/stop') {
    eld.disable();
    const ms = (ns: number) => ns / 1e6;
    res.end(JSON.stringify({ maxMs: ms(eld.max), p99Ms: ms(eld.percentile(99)), meanMs: ms(eld.mean) }));
    return;
  }
  res.statusCode = 404;
  res.end();
});
control.listen(0, '127.0.0.1', () => {
  const address = control.address();
  const controlPort = typeof address === 'object' && address ? address.port : 0;
  console.log(`READY ${port} ${controlPort}`);
});

// Exit through process.exit on a signal, so exit hooks (such as --cpu-prof when profiling) run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
