import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp, type DwaarApp } from '../src/app.ts';
import { buildBoweb } from '../src/boweb/app.ts';
import { createManualClock, type Clock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { createDeps, type Deps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { TEST_PG_URL, TEST_REDIS_URL, type TestDialect } from './test-env.ts';
import { testPolicyYaml, writeTestPolicy, type TestResource } from './test-policy.ts';

export type ManualClock = Clock & { advance(ms: number): void };

export interface TestAppOptions {
  dialect?: TestDialect;
  /** Use the real Redis (TEST_REDIS_URL) for kv and the session bus. */
  redis?: boolean;
  /** Reuse a PostgreSQL schema and Redis prefix (to run two nodes on one store). */
  shared?: { pgSchema: string; redisPrefix: string };
  clock?: ManualClock;
  /** 'boweb' starts the real demo back office; a URL points the BOWEB resource elsewhere. */
  upstream?: string;
  env?: Record<string, string>;
  /** More resources besides BOWEB, seeded before the resource table loads (none by default). */
  extraResources?: readonly ExtraResource[];
  /** Serve the development mailbox, as only `npm start`'s demo does (off by default, as in production). */
  devMailbox?: boolean;
  /** Live sessions per person in the test policy (default 50). */
  maxSessions?: number;
  /** The whole policy file's text, instead of the test policy made from the options above. */
  policy?: string;
  /** Document kinds BOWEB's rule in the test policy requires at their current version. */
  acknowledged?: readonly string[];
}

/** A resource next to BOWEB in the test policy: its own host and upstream, every wing unless told. */
export type ExtraResource = TestResource;

export interface TestApp {
  deps: Deps;
  app: DwaarApp;
  clock: ManualClock;
  port: number;
  /** http://localhost:PORT */
  portalOrigin: string;
  /** http://boweb.localhost:PORT */
  bowebOrigin: string;
  /** The origin the browser uses for a resource host, e.g. http://dms.localhost:PORT. */
  originOf(host: string): string;
  pgSchema: string | undefined;
  redisPrefix: string;
  /** The policy file this gateway runs (tests may rewrite it and reload). */
  policyPath: string;
  close(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A whole gateway on a real port with a real database (a fresh in-memory SQLite, or a fresh PostgreSQL
 * schema), demo data with a smaller directory, and fast argon2 settings. Tests drive it over HTTP.
 */
export async function createTestApp(o: TestAppOptions = {}): Promise<TestApp> {
  const clock = o.clock ?? createManualClock(Date.now());
  const port = await freePort();
  const dialect = o.dialect ?? 'sqlite';
  const pgSchema =
    dialect === 'postgres' ? (o.shared?.pgSchema ?? `t_${randomBytes(6).toString('hex')}`) : undefined;
  const redisPrefix = o.shared?.redisPrefix ?? `dwaar-test:${randomBytes(6).toString('hex')}:`;
  if (dialect === 'postgres' && !TEST_PG_URL) throw new Error('TEST_PG_URL is not set');
  if (o.redis && !TEST_REDIS_URL) throw new Error('TEST_REDIS_URL is not set');

  const boweb =
    o.upstream === 'boweb'
      ? await buildBoweb({
          jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
          audience: 'boweb.localhost',
          issuer: new URL(o.env?.DWAAR_PUBLIC_URL ?? `http://localhost:${port}`).origin,
          logger: false,
          now: () => clock.now(),
        })
      : undefined;
  let upstream = o.upstream ?? 'http://127.0.0.1:9';
  if (boweb) {
    await boweb.listen({ host: '127.0.0.1', port: 0 });
    const address = boweb.server.address();
    upstream = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  const policyPath =
    o.env?.DWAAR_POLICY ??
    writeTestPolicy(
      o.policy ??
        testPolicyYaml({
          upstream,
          extraResources: o.extraResources,
          maxSessions: o.maxSessions,
          acknowledged: o.acknowledged,
        }),
    );
  // A data directory of its own (attachments, the audit checkpoint file): apps never see each other's.
  const ownData = o.env?.DWAAR_DATA === undefined ? mkdtempSync(join(tmpdir(), 'dwaar-data-')) : undefined;
  const config = loadConfig({
    ...(ownData ? { DWAAR_DATA: ownData } : {}),
    DWAAR_POLICY: policyPath,
    DWAAR_POLICY_WATCH: '0',
    DWAAR_PORT: String(port),
    DWAAR_HOST: '127.0.0.1',
    DWAAR_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    DATABASE_URL: dialect === 'postgres' ? (TEST_PG_URL ?? '') : 'sqlite::memory:',
    DWAAR_ARGON2_MEMORY: '1024',
    DWAAR_ARGON2_TIME: '1',
    DWAAR_LOG_LEVEL: 'silent',
    DWAAR_REDIS_PREFIX: redisPrefix,
    ...(o.redis && TEST_REDIS_URL ? { REDIS_URL: TEST_REDIS_URL } : {}),
    ...o.env,
  });
  const appConfig = o.devMailbox ? { ...config, mail: { ...config.mail, devMailbox: true } } : config;
  const deps = await createDeps(appConfig, {
    clock,
    logger: pino({ level: 'silent' }),
    pgSchema,
    prepare: async ({ store, passwords, audit }) => {
      await seedDemo(
        { db: store.db, passwords, audit, now: clock.now() },
        { closedOfficers: 38, officersPerOpenDistrict: 1 },
      );
    },
  });
  const app = await buildApp(deps);
  await app.listen(port, '127.0.0.1');
  return {
    deps,
    app,
    clock,
    port,
    portalOrigin: `http://localhost:${port}`,
    bowebOrigin: `http://boweb.localhost:${port}`,
    originOf: (host) => `http://${host}:${port}`,
    pgSchema,
    redisPrefix,
    policyPath,
    async close() {
      await app.close();
      await boweb?.close();
      await deps.close();
      if (ownData) rmSync(ownData, { recursive: true, force: true });
    },
  };
}
