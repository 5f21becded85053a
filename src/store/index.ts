export { type Database } from './database.ts';
export { createMemoryKv, createRedisKv, type Kv } from './kv.ts';
export { migrateToLatest } from './migrate.ts';
export { type DialectName, openStore, type Store } from './store.ts';
