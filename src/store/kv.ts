import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';

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
    close() {
      clearInterval(sweeper);
      bus.removeAllListeners();
      return Promise.resolve();
    },
  };
}

/** Redis-backed kv. Every key and channel carries `prefix`, so deployments and test runs stay apart. */
export async function createRedisKv(url: string, prefix: string): Promise<Kv> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let subscriber: Redis | undefined;
  const handlers = new Map<string, ((message: string) => void)[]>();
  return {
    async set(key, value, ttlMs) {
      await redis.set(prefix + key, value, 'PX', ttlMs);
    },
    async get(key) {
      return (await redis.get(prefix + key)) ?? undefined;
    },
    async take(key) {
      return (await redis.getdel(prefix + key)) ?? undefined;
    },
    async del(key) {
      await redis.del(prefix + key);
    },
    async incr(key, ttlMs) {
      const result = await redis
        .multi()
        .incr(prefix + key)
        .pexpire(prefix + key, ttlMs, 'NX')
        .exec();
      const count = result?.[0]?.[1];
      if (typeof count !== 'number') throw new Error('Redis INCR returned no count');
      return count;
    },
    async publish(channel, message) {
      await redis.publish(prefix + channel, message);
    },
    async subscribe(channel, onMessage) {
      if (!subscriber) {
        subscriber = redis.duplicate();
        subscriber.on('message', (ch: string, message: string) => {
          for (const h of handlers.get(ch) ?? []) h(message);
        });
      }
      const full = prefix + channel;
      handlers.set(full, [...(handlers.get(full) ?? []), onMessage]);
      await subscriber.subscribe(full);
    },
    async close() {
      subscriber?.disconnect();
      await redis.quit();
    },
  };
}
