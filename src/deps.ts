import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';
import {
  type AuditCheckpoints,
  type AuditLog,
  type AuditTrail,
  createAuditCheckpoints,
  openAuditLog,
} from './audit/index.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createKeyring, type Keyring } from './crypto/index.ts';
import {
  type AccessDecider,
  type AssertionSigner,
  createAccessDecider,
  createResourceTable,
  type Jwks,
  loadSigningKeys,
  type ResourceTable,
} from './gateway/index.ts';
import { loadCurrentVersions } from './documents/index.ts';
import { createPolicyRuntime, type PolicyRuntime } from './policy/index.ts';
import {
  createPasswordHasher,
  loadSubject,
  type PasswordHasher,
  withDurableCounters,
} from './login/index.ts';
import { createSessionStore, countLiveSessions, type SessionStore } from './session/index.ts';
import { outboxBacklog } from './mail/index.ts';
import { createMetrics, type Metrics } from './metrics/index.ts';
import { isAppError } from './errors.ts';
import {
  createMemoryKv,
  createRedisKv,
  type Kv,
  migrateToLatest,
  openStore,
  redisTargetOf,
  type Store,
} from './store/index.ts';

export interface Deps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: Store;
  readonly kv: Kv;
  readonly keyring: Keyring;
  readonly audit: AuditTrail;
  /** Signed checkpoints of the audit chain: key ID and public key, write one now, the latest, verify. */
  readonly checkpoints: AuditCheckpoints;
  readonly passwords: PasswordHasher;
  readonly resources: ResourceTable;
  /** The access policy file, compiled and reloadable; `access` decides every proxied request by it. */
  readonly policy: PolicyRuntime;
  readonly access: AccessDecider;
  readonly signer: AssertionSigner;
  readonly jwks: Jwks;
  readonly sessions: SessionStore;
  /** Prometheus series for `/metrics`; the proxy path counts into per-route meters, read when scraped. */
  readonly metrics: Metrics;
  close(): Promise<void>;
}

export interface DepsOverrides {
  clock?: Clock;
  logger?: Logger;
  /** PostgreSQL schema to use (tests isolate runs this way). */
  pgSchema?: string;
  /** Runs after migrations and before resources load: the place to seed demo or test data. */
  prepare?: (p: PrepareDeps) => Promise<void>;
}

export interface PrepareDeps {
  readonly store: Store;
  readonly passwords: PasswordHasher;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** Secrets and credentials never reach the logs, whichever field they travel in. */
export const LOG_REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-dwaar-assertion"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
];

/** Builds every long-lived dependency, migrating the database first. Close in reverse order. */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? pino({ level: config.logLevel, redact: LOG_REDACT });
  const metrics = createMetrics();
  const store = await openStore(config.databaseUrl, {
    pgSchema: overrides.pgSchema,
    readUrl: config.databaseReadUrl,
    ...config.database,
    onConnectionError: (err) => {
      metrics.storeError('database');
      logger.warn({ err }, 'database connection lost; the pool reconnects');
    },
  });
  try {
    await migrateToLatest(store.db, store.pgSchema);
  } catch (err) {
    await store.close();
    throw err;
  }
  // Without Redis, sign-in counters and locks live in the database, so a restart does not reset them.
  // Sentinels, when set, name the master; REDIS_URL then gives only its password and database.
  const redis = redisTargetOf(config);
  const kv = redis
    ? countUnavailable(await createRedisKv(redis, config.redisPrefix), () => metrics.storeError('redis'))
    : await withDurableCounters(createMemoryKv(clock), store.db, clock);
  countFaults(store, () => metrics.storeError('database'));
  metrics.setProbes({
    activeSessions: () => countLiveSessions(store.db, clock.now()),
    outbox: () => outboxBacklog(store.db, clock.now()),
  });
  const keyring = createKeyring(config.secret);
  // The chain is keyed (HMAC under a key only this process holds); rows from before are keyed once here.
  const chainKey = keyring.derive('audit-chain');
  const audit = await openAuditLog(store.db, store.dialect, clock, {
    chainKey,
    onError: (err) => logger.error({ err }, 'audit tally'),
    onKeying: (outcome) => {
      if (outcome.kind === 'keyed' && outcome.count > 0)
        logger.info({ count: outcome.count }, 'audit chain keyed');
      if (outcome.kind === 'refused')
        logger.error({ problem: outcome.problem }, 'audit chain does not verify; its rows were not keyed');
      if (outcome.kind === 'checkpointed')
        logger.error({ unkeyed: outcome.unkeyed }, 'audit events without a MAC after a checkpoint');
    },
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const checkpoints = createAuditCheckpoints({
    db: store.db,
    dialect: store.dialect,
    clock,
    audit,
    chainKey,
    seed: keyring.derive('audit-checkpoint-ed25519'),
    file: config.audit.checkpointFile,
    node: `${hostname()}:${process.pid}`,
    databaseUrl: config.databaseUrl,
  });
  const passwords = await createPasswordHasher(config.argon2);
  await overrides.prepare?.({ store, passwords, audit, clock });
  const policy = await createPolicyRuntime({
    path: config.policyPath,
    env: config.policyEnv,
    db: store.db,
    audit,
    clock,
    loadDocuments: () => loadCurrentVersions(store.db, clock.now()),
    onError: (err) => logger.error({ err }, 'access policy'),
    onApplied: (hash, changed) => {
      if (changed) logger.info({ hash }, 'access policy reloaded');
    },
    onRejected: (problems) =>
      logger.error(
        { problems: problems.map((p) => `${p.line}:${p.column} ${p.path} ${p.message} (fix: ${p.fix})`) },
        'access policy file has problems; the previous policy stays in force',
      ),
    watch: config.policyWatch,
    kv,
    node: `${hostname()}:${process.pid}`,
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const resources = createResourceTable(
    config.publicUrl,
    policy.current().resources,
    (err) => logger.error({ err }, 'upstream pool'),
    (id) => metrics.route(id),
  );
  // A reloaded policy's resources apply to the next request; sessions stay as they are.
  policy.onChange((next) => resources.replace(next.resources));
  const access = createAccessDecider(policy, clock);
  const { signer, jwks } = await loadSigningKeys(store.db, keyring, clock, config.publicUrl.origin);
  const sessions = createSessionStore({
    db: store.db,
    kv,
    clock,
    audit,
    idleTimeoutS: config.session.idleTimeoutS,
    absoluteTimeoutS: config.session.absoluteTimeoutS,
    loadSubject: (accountId) => loadSubject(store.db, accountId),
    onError: (err) => logger.error({ err }, 'session store'),
    idKey: keyring.derive('session-ids'),
    dialect: store.dialect,
  });
  await sessions.subscribe();
  return {
    config,
    clock,
    logger,
    store,
    kv,
    keyring,
    audit,
    checkpoints,
    passwords,
    resources,
    policy,
    access,
    signer,
    jwks,
    sessions,
    metrics,
    async close() {
      policy.close();
      metrics.close();
      await resources.close();
      // Counted sign-in failures are written before the store closes.
      await audit.close();
      await kv.close();
      await store.close();
    },
  };
}

/**
 * Counts Redis commands that found it unavailable (KV_UNAVAILABLE) and drops of its notice bus, for the
 * store-errors series; everything else passes through unchanged.
 */
function countUnavailable(kv: Kv, count: () => void): Kv {
  const counted = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      if (isAppError(err) && err.code === 'KV_UNAVAILABLE') count();
      throw err;
    });
  kv.onBusState((state) => {
    if (state === 'down') count();
  });
  return {
    set: (key, value, ttlMs) => counted(kv.set(key, value, ttlMs)),
    get: (key) => counted(kv.get(key)),
    take: (key) => counted(kv.take(key)),
    del: (key) => counted(kv.del(key)),
    incr: (key, ttlMs) => counted(kv.incr(key, ttlMs)),
    publish: (channel, message) => counted(kv.publish(channel, message)),
    subscribe: (channel, onMessage) => counted(kv.subscribe(channel, onMessage)),
    onBusState: (listener) => kv.onBusState(listener),
    close: () => kv.close(),
  };
}

/** Counts every database fault the store records (unreachable, full, failing), where it records them. */
function countFaults(store: Store, count: () => void): void {
  const { faults } = store;
  const failed = faults.failed.bind(faults);
  faults.failed = (code, err) => {
    count();
    failed(code, err);
  };
}
