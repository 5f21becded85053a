export { type Database } from './database.ts';
export { type FaultMemory, operationalFailureOf, type StorageFault } from './faults.ts';
export { checkDatabase } from './health.ts';
export {
  createMemoryKv,
  createRedisKv,
  type Kv,
  newRedis,
  redisOptions,
  type RedisSentinelTarget,
  type RedisTarget,
  redisTargetOf,
} from './kv.ts';
export { migrateToLatest } from './migrate.ts';
export { type DialectName, openStore, type Store, type StoreOptions } from './store.ts';
