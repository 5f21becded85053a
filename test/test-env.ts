/**
 * What the test run may use. scripts/test.js probes the machine and sets these; CI requires all of them.
 * Run a single file with `TEST_PG_URL=postgres://127.0.0.1:5432/test npx vitest run <file>` to include PostgreSQL.
 */
export const TEST_PG_URL = process.env.TEST_PG_URL;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
export const TEST_CHROMIUM = process.env.TEST_CHROMIUM;

export type TestDialect = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL when it is available. */
export const TEST_DIALECTS: readonly TestDialect[] = TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
