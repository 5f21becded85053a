// Experiment: Dwaar's gateway with parts swapped, to find where its per-request CPU goes.
// Usage: variant-server.ts <mode> <port> <upstream-url>; modes: full | nofastify
import { createServer } from 'node:http';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createDeps } from '../../src/deps.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { createGatewayHandler } from '../../src/gateway/gateway-handler.ts';
import { hostnameOf } from '../../src/gateway/resources.ts';
import { loadSubject } from '../../src/login/subject.ts';

const [mode, portArg, upstream] = process.argv.slice(2);
const port = Number(portArg);
const config = loadConfig({
  DWAAR_PORT: String(port),
  DWAAR_HOST: '127.0.0.1',
  DWAAR_SECRET: 'bench-secret-not-for-production-0123456789',
  DATABASE_URL: 'sqlite::memory:',
  DWAAR_LOG_LEVEL: 'silent',
  DWAAR_ARGON2_MEMORY: '1024',
  DWAAR_ARGON2_TIME: '1',
});
const deps = await createDeps(config, {
  logger: pino({ level: 'silent' }),
  prepare: async ({ store, passwords, audit, clock }) => {
    await seedDemo(
      { db: store.db, passwords, audit, now: clock.now() },
      { bowebUpstream: upstream ?? '', closedOfficers: 38, officersPerOpenDistrict: 1 },
    );
  },
});
const account = await deps.store.db
  .selectFrom('accounts')
  .selectAll()
  .where('user_id', '=', 'officer1')
  .executeTakeFirstOrThrow();
const loaded = await loadSubject(deps.store.db, deps.resources, deps.clock, account.id);
if (!loaded) throw new Error('no subject');
const { session } = await deps.sessions.create({
  subject: loaded.subject,
  grantedHosts: loaded.grantedHosts,
  ip: '127.0.0.1',
  userAgent: 'bench',
  deviceId: null,
  disclaimerVersion: 1,
  mfa: false,
});
const token = await deps.sessions.bind(session, 'boweb.localhost');
if (mode === 'full') {
  const app = await buildApp(deps);
  await app.listen(port, '127.0.0.1');
} else {
  const gateway = createGatewayHandler(deps);
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const route = deps.resources.byHost(hostnameOf(req.headers.host));
    if (route) gateway.handle(req, res, route);
    else res.end();
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
}
console.log(`READY ${port} dwaar_rs=${token}`);
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => process.exit(0));
