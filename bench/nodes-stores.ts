// The two-node benchmark's shared state: a PostgreSQL database of its own (created here, dropped at the
// end) and a Redis key prefix of its own (its keys deleted at the end).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Cleanup } from './children.ts';

export interface BenchStores {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly redisPrefix: string;
}

export async function createStores(
  adminUrl: string,
  redisUrl: string,
  cleanup: Cleanup,
): Promise<BenchStores> {
  const name = `dwaar_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  cleanup.add(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  });
  const redisPrefix = `${name}:`;
  cleanup.add(async () => {
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      for (let cursor = '0'; ;) {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        if (next === '0') break;
        cursor = next;
      }
    } finally {
      redis.disconnect();
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { databaseUrl: url.toString(), redisUrl, redisPrefix };
}
