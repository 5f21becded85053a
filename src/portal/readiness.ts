import { randomBytes } from 'node:crypto';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { ResourceTable } from '../gateway/index.ts';
import { checkDatabase, type Kv, type Store } from '../store/index.ts';

/** Each check's answer: `ok`, or a word that says what is wrong. */
export type CheckResult = 'ok' | 'unreachable' | 'not writable' | 'full' | 'failed';

export interface ReadyBody {
  readonly status: 'ok' | 'unavailable' | 'draining';
  readonly database?: CheckResult;
  /** A write failed on a full or failing disk since the last write that succeeded. */
  readonly storage?: CheckResult;
  /** Only when Redis is configured (REDIS_URL or Sentinels). */
  readonly redis?: CheckResult;
  /** Each enabled resource's upstream, by resource id. */
  readonly upstreams?: Readonly<Record<string, CheckResult>>;
  readonly dataDir?: CheckResult;
  /** The names of the checks that failed, for an operator reading a probe's log. */
  readonly failing?: readonly string[];
}

export interface ReadinessDeps {
  readonly config: Pick<Config, 'dataDir' | 'redisUrl' | 'redisSentinel'>;
  readonly store: Store;
  readonly kv: Kv;
  readonly resources: ResourceTable;
  readonly draining?: () => boolean;
}

export interface ReadinessOptions {
  /** How long one probe may take before its check counts as failed. */
  readonly timeoutMs?: number;
  /** How long upstream and data-directory answers are reused, so a probe storm does not hammer them. */
  readonly cacheMs?: number;
}

/** `probe` resolved within `ms`, as 'ok', or the failure word. */
async function within(ms: number, probe: () => Promise<unknown>, failure: CheckResult): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve(failure), ms);
  });
  try {
    return await Promise.race([probe().then(() => 'ok' as const), timeout]);
  } catch {
    return failure;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One probe shared by every caller while it runs and reused for `ttlMs` after: a hundred load balancer
 * probes a second cause one connect to the back office every few seconds.
 */
function cached<T>(ttlMs: number, probe: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ttlMs) last = { at: now, value: probe() };
    return last.value;
  };
}

/** A TCP connection to the upstream's port opens (then closes): the back office listens. */
function tcpConnect(upstream: URL, timeoutMs: number): Promise<void> {
  const https = upstream.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: upstream.hostname.replace(/^\[|\]$/g, ''),
      port: Number(upstream.port || (https ? 443 : 80)),
      timeout: timeoutMs,
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => socket.destroy(new Error('connect timeout')));
    socket.once('error', reject);
  });
}

/**
 * Readiness, as a load balancer or Kubernetes asks it: the database answers, no write has failed on a
 * full disk, Redis answers (when configured), each resource's upstream accepts a connection, the data
 * directory takes a write, and the node is not draining for shutdown.
 */
export function createReadiness(deps: ReadinessDeps, options: ReadinessOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 1_500;
  const cacheMs = options.cacheMs ?? 3_000;
  const redisConfigured = Boolean(deps.config.redisUrl ?? deps.config.redisSentinel);

  const upstreams = cached(cacheMs, async () => {
    const enabled = deps.resources.all().filter((r) => r.enabled);
    const results = await Promise.all(
      enabled.map((r) => within(timeoutMs, () => tcpConnect(r.upstream, timeoutMs), 'unreachable')),
    );
    return Object.fromEntries(enabled.map((r, i) => [r.id, results[i] ?? 'unreachable']));
  });

  const dataDir = cached(cacheMs, () =>
    within(
      timeoutMs,
      async () => {
        // Writers create the directory when they first need it (0700), so the probe does too.
        await mkdir(deps.config.dataDir, { recursive: true, mode: 0o700 });
        const probe = join(deps.config.dataDir, `.readyz-${process.pid}-${randomBytes(4).toString('hex')}`);
        await writeFile(probe, 'ok', { mode: 0o600 });
        await unlink(probe);
      },
      'not writable',
    ),
  );

  return {
    async check(): Promise<{ ready: boolean; body: ReadyBody }> {
      if (deps.draining?.()) return { ready: false, body: { status: 'draining' } };
      const [database, redis, ups, dir] = await Promise.all([
        within(timeoutMs, () => checkDatabase(deps.store.db), 'unreachable'),
        // A read of a key nobody writes: one round trip, like PING, through the same client as sessions.
        redisConfigured ? within(timeoutMs, () => deps.kv.get('readyz'), 'unreachable') : undefined,
        upstreams(),
        dataDir(),
      ]);
      const fault = deps.store.faults.current();
      const storage: CheckResult = fault ? (fault.code === 'STORAGE_FULL' ? 'full' : 'failed') : 'ok';
      const failing = [
        ...(database === 'ok' ? [] : ['database']),
        ...(storage === 'ok' ? [] : ['storage']),
        ...(redis === undefined || redis === 'ok' ? [] : ['redis']),
        ...Object.entries(ups)
          .filter(([, v]) => v !== 'ok')
          .map(([id]) => `upstream:${id}`),
        ...(dir === 'ok' ? [] : ['dataDir']),
      ];
      const ready = failing.length === 0;
      return {
        ready,
        body: {
          status: ready ? 'ok' : 'unavailable',
          database,
          storage,
          ...(redis === undefined ? {} : { redis }),
          upstreams: ups,
          dataDir: dir,
          ...(ready ? {} : { failing }),
        },
      };
    },
  };
}
