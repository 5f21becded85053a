import { EventEmitter } from 'node:events';
import { Redis, ReplyError, type RedisOptions } from 'ioredis';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

/** 'down' when the cross-node bus lost its link (notices may be missed), 'up' when it is back. */
export type BusState = 'down' | 'up';

/**
 * Small shared state that outlives a request but not a deployment: one-time codes, counters, and
 * cross-node notices. Memory for one node; Redis when several nodes share the work.
 */
export interface Kv {
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  /** Reads and deletes in one step, so a one-time code can be redeemed only once. */
  take(key: string): Promise<string | undefined>;
  del(key: string): Promise<void>;
  /** Adds one; the counter expires `ttlMs` after its first increment. Returns the new count. */
  incr(key: string, ttlMs: number): Promise<number>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, onMessage: (message: string) => void): Promise<void>;
  /** Tells `listener` when the bus link drops and comes back, so a node can catch up on missed notices. */
  onBusState(listener: (state: BusState) => void): void;
  close(): Promise<void>;
}

export function createMemoryKv(clock: Clock): Kv {
  const values = new Map<string, { value: string; expiresAt: number }>();
  const bus = new EventEmitter();
  const read = (key: string) => {
    const entry = values.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= clock.now()) {
      values.delete(key);
      return undefined;
    }
    return entry;
  };
  // Sweep expired entries now and then so abandoned codes and counters don't accumulate.
  const sweeper = setInterval(() => {
    const now = clock.now();
    for (const [k, v] of values) if (v.expiresAt <= now) values.delete(k);
  }, 60_000);
  sweeper.unref();
  return {
    set(key, value, ttlMs) {
      values.set(key, { value, expiresAt: clock.now() + ttlMs });
      return Promise.resolve();
    },
    get: (key) => Promise.resolve(read(key)?.value),
    take(key) {
      const entry = read(key);
      values.delete(key);
      return Promise.resolve(entry?.value);
    },
    del(key) {
      values.delete(key);
      return Promise.resolve();
    },
    incr(key, ttlMs) {
      const entry = read(key);
      const next = entry ? Number(entry.value) + 1 : 1;
      values.set(key, { value: String(next), expiresAt: entry?.expiresAt ?? clock.now() + ttlMs });
      return Promise.resolve(next);
    },
    publish(channel, message) {
      bus.emit(channel, message);
      return Promise.resolve();
    },
    subscribe(channel, onMessage) {
      bus.on(channel, onMessage);
      return Promise.resolve();
    },
    // One process: the bus cannot drop.
    onBusState: () => undefined,
    close() {
      clearInterval(sweeper);
      bus.removeAllListeners();
      return Promise.resolve();
    },
  };
}

/** Sentinels that name the current Redis master of `name` (DWAAR_REDIS_SENTINELS, DWAAR_REDIS_MASTER). */
export interface RedisSentinelTarget {
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
  readonly name: string;
  /** The Sentinels' own password (DWAAR_REDIS_SENTINEL_PASSWORD), when they ask for one. */
  readonly password?: string;
}

/**
 * Where Redis is: a URL (`redis://[:password@]host:port[/db]`), or Sentinels that say which server is the
 * master now. With Sentinels, `url` still gives the master's password and database, never its host.
 */
export type RedisTarget =
  | { readonly url: string; readonly sentinel?: undefined }
  | { readonly url?: string; readonly sentinel: RedisSentinelTarget };

/** Behaviour every connection shares, the subscriber's too (`duplicate()` copies these). */
const COMMON: RedisOptions = {
  lazyConnect: true,
  // Operators see Dwaar's links by name in CLIENT LIST, on whichever server is the master.
  connectionName: 'dwaar',
  // A command waits out two reconnects at most, then the page answers 503 (KV_UNAVAILABLE).
  maxRetriesPerRequest: 2,
  // A master demoted to a replica (a failover, a partition healed) refuses writes with READONLY: reconnect,
  // which asks the Sentinels again, and resend the command rather than fail it.
  reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
};

/** Where a deployment's Redis is, if it has one: its Sentinels when set, else REDIS_URL. */
export function redisTargetOf(config: Pick<Config, 'redisUrl' | 'redisSentinel'>): RedisTarget | undefined {
  if (config.redisSentinel) return { url: config.redisUrl, sentinel: config.redisSentinel };
  return config.redisUrl ? { url: config.redisUrl } : undefined;
}

/** ioredis options for `target`; exported so anything else that talks to Redis reaches the same server. */
export function redisOptions(target: RedisTarget): RedisOptions {
  if (!target.sentinel) return { ...COMMON };
  const auth = target.url ? new URL(target.url) : undefined;
  const db = auth ? Number(auth.pathname.slice(1) || '0') : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error('REDIS_URL: the database is a number, e.g. /0');
  return {
    ...COMMON,
    sentinels: target.sentinel.nodes.map(({ host, port }) => ({ host, port })),
    name: target.sentinel.name,
    ...(target.sentinel.password ? { sentinelPassword: target.sentinel.password } : {}),
    ...(auth?.username ? { username: decodeURIComponent(auth.username) } : {}),
    ...(auth?.password ? { password: decodeURIComponent(auth.password) } : {}),
    db,
    // rediss:// asks for TLS to the master and replicas, as it does without Sentinel.
    ...(auth?.protocol === 'rediss:' ? { tls: {}, enableTLSForSentinelMode: true } : {}),
    // Not ioredis's `failoverDetector`: its switch-master notice can close a link while that link is asking
    // the Sentinels where the master is, and ioredis then ends the client for good (the likely cause of one
    // link in six never returning in our failover test under load). A dead master drops its links anyway,
    // and a demoted one answers READONLY (above).
  };
}

/** A client for `target`, not yet connected. */
export function newRedis(target: RedisTarget): Redis {
  return target.sentinel ? new Redis(redisOptions(target)) : new Redis(target.url, redisOptions(target));
}

/**
 * Redis-backed kv. Every key and channel carries `prefix`, so deployments and test runs stay apart.
 * `target` is a URL or a RedisTarget (Sentinels); the subscriber follows the same target, so both follow
 * the master through a failover.
 */
export async function createRedisKv(
  target: string | RedisTarget,
  prefix: string,
  options: { connectTimeoutMs?: number } = {},
): Promise<Kv> {
  const redis = newRedis(typeof target === 'string' ? { url: target } : target);
  redis.on('error', () => undefined); // reconnects on its own; commands fail with KV_UNAVAILABLE meanwhile
  await connectWithin(redis, options.connectTimeoutMs ?? 10_000);
  let subscriber: Redis | undefined;
  const handlers = new Map<string, ((message: string) => void)[]>();
  const busListeners: ((state: BusState) => void)[] = [];
  let busDown = false;
  const busState = (state: BusState) => {
    if (busDown === (state === 'down')) return;
    busDown = state === 'down';
    for (const l of busListeners) l(state);
  };
  return {
    async set(key, value, ttlMs) {
      await redis.set(prefix + key, value, 'PX', ttlMs).catch(unavailable);
    },
    async get(key) {
      return (await redis.get(prefix + key).catch(unavailable)) ?? undefined;
    },
    async take(key) {
      return (await redis.getdel(prefix + key).catch(unavailable)) ?? undefined;
    },
    async del(key) {
      await redis.del(prefix + key).catch(unavailable);
    },
    async incr(key, ttlMs) {
      const result = await redis
        .multi()
        .incr(prefix + key)
        .pexpire(prefix + key, ttlMs, 'NX')
        .exec()
        .catch(unavailable);
      const count = result?.[0]?.[1];
      if (typeof count !== 'number') throw new Error('Redis INCR returned no count');
      return count;
    },
    async publish(channel, message) {
      await redis.publish(prefix + channel, message).catch(unavailable);
    },
    async subscribe(channel, onMessage) {
      if (!subscriber) {
        subscriber = redis.duplicate();
        subscriber.on('message', (ch: string, message: string) => {
          for (const h of handlers.get(ch) ?? []) h(message);
        });
        // A subscriber that reconnects resubscribes, but what was published meanwhile is lost for good.
        for (const event of ['close', 'end', 'reconnecting']) subscriber.on(event, () => busState('down'));
        subscriber.on('ready', () => busState('up'));
        subscriber.on('error', () => undefined); // reconnects on its own; the state events say the rest
      }
      const full = prefix + channel;
      handlers.set(full, [...(handlers.get(full) ?? []), onMessage]);
      await subscriber.subscribe(full);
    },
    onBusState(listener) {
      busListeners.push(listener);
    },
    async close() {
      busListeners.length = 0;
      subscriber?.disconnect();
      await redis.quit();
    },
  };
}

/**
 * Connects, or fails start-up after `ms`: with Sentinels none of which answers (or none naming a master),
 * ioredis would keep asking for ever and the node would hang at start instead of saying why.
 */
async function connectWithin(redis: Redis, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      redis.disconnect();
      reject(new Error(`Redis: no master reached in ${ms} ms (are the Sentinels up, and watching it?)`));
    }, ms);
  });
  try {
    await Promise.race([redis.connect(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A Redis command failed for want of a link (refused, reset, retries spent): the shared service is down,
 * which pages answer with a clear 503 rather than a bare 500. Redis's own replies (a bug here) pass as they are.
 */
function unavailable(err: unknown): never {
  if (err instanceof ReplyError) throw err;
  throw new AppError('KV_UNAVAILABLE', { cause: err });
}
