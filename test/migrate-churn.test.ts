import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openStore } from '../src/store/store.ts';
import { TEST_PG_URL } from './test-env.ts';

/** How long other schemas are created and dropped while we migrate. */
const CHURN_MS = 6_000;

/**
 * A PostgreSQL database shared with others: while a node migrates its own schema, other schemas of the same
 * database come and go. Kysely looks for its bookkeeping tables by listing every schema's tables, and
 * `has_schema_privilege` on a schema dropped during that listing fails with "schema … does not exist"
 * (SQLSTATE 3F000) although ours is untouched. Seen in CI as random migration failures of unrelated tests.
 */
describe.skipIf(!TEST_PG_URL)('migrating while other schemas of the database come and go', () => {
  it('migrates its own schema every time, however many other schemas are dropped meanwhile', async () => {
    const churner = new pg.Client({ connectionString: TEST_PG_URL });
    await churner.connect();
    let churning = true;
    const churn = (async () => {
      while (churning) {
        const other = `churn_${randomBytes(6).toString('hex')}`;
        await churner.query(`create schema ${other}`);
        await churner.query(`create table ${other}.t (a int, b text, c int)`);
        await churner.query(`drop schema ${other} cascade`);
      }
    })();
    const failures: string[] = [];
    let migrations = 0;
    const until = Date.now() + CHURN_MS;
    try {
      while (Date.now() < until) {
        const schema = `churned_${randomBytes(6).toString('hex')}`;
        const store = await openStore(TEST_PG_URL ?? '', { pgSchema: schema });
        try {
          await migrateToLatest(store.db, store.pgSchema, '0001-foundation');
          migrations++;
        } catch (err) {
          failures.push(String(err));
        } finally {
          await store.close();
          await churner.query(`drop schema if exists ${schema} cascade`);
        }
      }
    } finally {
      churning = false;
      await churn;
      await churner.end();
    }
    expect(failures).toEqual([]);
    expect(migrations).toBeGreaterThan(3);
  }, 60_000);
});
