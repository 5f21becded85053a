// Runs Dwaar's gateway for the benchmark in its own process, seeded with the demo data and with
// BOWEB pointed at the benchmark upstream. Creates a logged-in session bound to BOWEB, so measured
// requests take the full proxy path (resource-cookie check and signed X-Dwaar-Assertion).
// Usage: gateway-server.ts <port> <upstream-url>; prints `READY <port> <cookie>` once listening.
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDeps, type Deps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { loadSubject } from '../src/login/subject.ts';
import { resourceCookieName } from '../src/web/cookies.ts';

const RESOURCE_HOST = 'boweb.localhost';
const OFFICER = 'officer1';

function readArgs(): { port: number; upstream: string } {
  const [port, upstream] = process.argv.slice(2);
  if (!port || !upstream) throw new Error('usage: gateway-server.ts <port> <upstream-url>');
  return { port: Number(port), upstream };
}

async function startDeps(port: number, upstream: string): Promise<Deps> {
  const config = loadConfig({
    DWAAR_PORT: String(port),
    DWAAR_HOST: '127.0.0.1',
    DWAAR_SECRET: 'bench-secret-not-for-production-0123456789',
    DATABASE_URL: 'sqlite::memory:',
    DWAAR_LOG_LEVEL: 'silent',
    // Only the seeded demo passwords are hashed; nobody signs in with them here.
    DWAAR_ARGON2_MEMORY: '1024',
    DWAAR_ARGON2_TIME: '1',
    // The demo's own policy file, its BOWEB pointed at the benchmark's upstream.
    DWAAR_BOWEB_UPSTREAM: upstream,
    DWAAR_POLICY_WATCH: '0',
  });
  return createDeps(config, {
    logger: pino({ level: 'silent' }),
    prepare: async ({ store, passwords, audit, clock }) => {
      await seedDemo(
        { db: store.db, passwords, audit, now: clock.now() },
        { closedOfficers: 38, officersPerOpenDistrict: 1 },
      );
    },
  });
}

/** Signs the demo officer in and binds the session to BOWEB, as the portal hand-off would. */
async function signInOfficer(deps: Deps): Promise<string> {
  const account = await deps.store.db
    .selectFrom('accounts')
    .selectAll()
    .where('user_id', '=', OFFICER)
    .executeTakeFirstOrThrow();
  const loaded = await loadSubject(deps.store.db, account.id);
  if (!loaded) throw new Error(`${OFFICER} has no account`);
  const { session } = await deps.sessions.create({
    subject: loaded.subject,
    person: loaded.person,
    facts: { secondFactor: 'totp', deviceTrusted: true, posture: null },
    ip: '127.0.0.1',
    userAgent: 'bench',
    deviceId: null,
    disclaimerVersion: 1,
  });
  if (deps.access.decide(session, 'boweb', '127.0.0.1').effect !== 'allow')
    throw new Error(`${OFFICER} has no access to ${RESOURCE_HOST}`);
  const token = await deps.sessions.bind(session, RESOURCE_HOST);
  return `${resourceCookieName(false)}=${token}`;
}

const { port, upstream } = readArgs();
const deps = await startDeps(port, upstream);
const cookie = await signInOfficer(deps);
const app = await buildApp(deps);
const listening = await app.listen(port, '127.0.0.1');
console.log(`READY ${listening} ${cookie}`);

// Exit through process.exit on a signal, so exit hooks (such as --cpu-prof when profiling) run.
// Nothing needs saving: the database is in memory.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
