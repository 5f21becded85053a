import { EventEmitter } from 'node:events';
import { Redis, ReplyError } from 'ioredis';
import type { Clock } from '../clock.ts';
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

/** Redis-backed kv. Every key and channel carries `prefix`, so deployments and test runs stay apart. */
export async function createRedisKv(url: string, prefix: string): Promise<Kv> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined); // reconnects on its own; commands fail with KV_UNAVAILABLE meanwhile
  await redis.connect();
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
 * A Redis command failed for want of a link (refused, reset, retries spent): the shared service is down,
 * which pages answer with a clear 503 rather than a bare 500. Redis's own replies (a bug here) pass as they are.
 */
function unavailable(err: unknown): never {
  if (err instanceof ReplyError) throw err;
  throw new AppError('KV_UNAVAILABLE', { cause: err });
}
