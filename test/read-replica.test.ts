import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { translator } from '../src/i18n/index.ts';
import { openStore } from '../src/store/index.ts';
import { createTestApp, freePort, type TestApp } from './create-test-app.ts';
import { consoleSignIn } from './factories/staff.ts';
import type { Browser } from './http-client.ts';
import { TEST_PG_URL } from './test-env.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';
/** Stands in for a replica: a role whose sessions are read-only and may only SELECT. */
const READER = 'dwaar_test_reader';

describe('read replica configuration', () => {
  it('refuses a read URL that is not PostgreSQL', () => {
    expect(() =>
      loadConfig({
        DWAAR_SECRET: SECRET,
        DATABASE_URL: 'postgres://h/db',
        DATABASE_READ_URL: 'mysql://h/db',
      }),
    ).toThrow(/DATABASE_READ_URL: must be a postgres:\/\/ URL/);
  });

  it('refuses a read replica beside a SQLite primary, at start, saying why', async () => {
    expect(() => loadConfig({ DWAAR_SECRET: SECRET, DATABASE_READ_URL: 'postgres://replica/db' })).toThrow(
      /DATABASE_READ_URL: a read replica needs a PostgreSQL primary/,
    );
    await expect(openStore('sqlite::memory:', { readUrl: 'postgres://replica/db' })).rejects.toThrow(
      /needs a PostgreSQL primary/,
    );
  });

  it('takes a replica beside a PostgreSQL primary; without one, reports read the primary itself', async () => {
    const config = loadConfig({
      DWAAR_SECRET: SECRET,
      DATABASE_URL: 'postgresql://primary/db',
      DATABASE_READ_URL: 'postgresql://replica/db',
    });
    expect(config.databaseReadUrl).toBe('postgresql://replica/db');
    const store = await openStore('sqlite::memory:');
    expect(store.readDb).toBe(store.db);
    await store.close();
  });
});

describe.skipIf(!TEST_PG_URL)('reports on a PostgreSQL read replica', () => {
  let admin: pg.Client;
  let t: TestApp;
  let hq: Browser;
  /** This run's replica connections carry this name, so concurrent test files cannot be mistaken for them. */
  const appName = `dwaar-read-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    // Roles are cluster-wide and other runs may be creating it at the same moment: either wins.
    await admin.query(`do $$ begin create role ${READER} login;
      exception when duplicate_object or unique_violation then null; end $$`);
    await admin.query(`alter role ${READER} set default_transaction_read_only = on`);
    const readUrl = new URL(TEST_PG_URL ?? '');
    readUrl.username = READER;
    readUrl.password = '';
    readUrl.searchParams.set('application_name', appName);
    t = await createTestApp({ dialect: 'postgres', env: { DATABASE_READ_URL: readUrl.toString() } });
    await admin.query(`grant usage on schema ${t.pgSchema} to ${READER}`);
    await admin.query(`grant select on all tables in schema ${t.pgSchema} to ${READER}`);
    hq = await consoleSignIn(t, 'hq.admin');
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await admin.end();
  });

  /** Replica connections of this run that ran a statement since `since` (the database's clock). */
  async function replicaStatementsSince(since: Date): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity
        where application_name = $1 and usename = $2 and query_start >= $3`,
      [appName, READER, since],
    );
    return Number(rows[0]?.n ?? 0);
  }

  const dbNow = async () =>
    (await admin.query<{ now: Date }>('select clock_timestamp() as now')).rows[0]?.now;

  it('reads through the replica role and cannot write through it', async () => {
    const { db, readDb } = t.deps.store;
    expect(readDb).not.toBe(db);
    const who = sql<{ who: string; ro: string }>`select current_user as who,
      current_setting('transaction_read_only') as ro`;
    expect((await who.execute(readDb)).rows[0]).toEqual({ who: READER, ro: 'on' });
    expect((await who.execute(db)).rows[0]).toEqual({ who: 'postgres', ro: 'off' });
    // The same schema as the primary: the search path follows the store's.
    expect((await readDb.selectFrom('zones').select('id').execute()).length).toBeGreaterThan(0);
    await expect(
      readDb.updateTable('zones').set({ name_en: 'Changed' }).where('id', '=', 'nobody').execute(),
    ).rejects.toThrow(/read-only transaction/);
  });

  it.each([
    ['the rollout report', '/console/reports', 'text/html'],
    ['its CSV export', '/console/reports.csv?group=zone', 'text/csv'],
    ['the audit search', '/console/audit', 'text/html'],
    ['the audit CSV export', '/console/audit.csv', 'text/csv'],
    ['the audit JSON lines export', '/console/audit.jsonl', 'application/x-ndjson'],
    ['a person’s audit timeline', '/console/audit/people/officer1', 'text/html'],
    ['the helpdesk reports', '/console/helpdesk/reports', 'text/html'],
    ['a helpdesk report’s CSV', '/console/helpdesk/reports.csv?table=zone', 'text/csv'],
  ])('serves %s from the replica', async (_name, path, type) => {
    const since = await dbNow();
    if (!since) throw new Error('no clock from the database');
    const reply = await hq.fetch(`${t.portalOrigin}${path}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain(type);
    expect(await replicaStatementsSince(since)).toBeGreaterThan(0);
  });

  it('records the export on the primary, which the replica role could not have written', async () => {
    const before = await t.deps.store.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'report.exported')
      .executeTakeFirstOrThrow();
    expect((await hq.fetch(`${t.portalOrigin}/console/reports.csv?group=zone`)).status).toBe(200);
    const after = await t.deps.store.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'report.exported')
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n + 1);
  });
});

describe.skipIf(!TEST_PG_URL)('reports when the replica is down', () => {
  let t: TestApp;
  let hq: Browser;

  beforeAll(async () => {
    // Nothing listens there: every replica connection is refused.
    const readUrl = new URL(TEST_PG_URL ?? '');
    readUrl.port = String(await freePort());
    t = await createTestApp({ dialect: 'postgres', env: { DATABASE_READ_URL: readUrl.toString() } });
    hq = await consoleSignIn(t, 'hq.admin');
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('answers reports with a 503 that names the reports’ database, and the rest of the console works', async () => {
    const en = translator('en');
    for (const path of ['/console/reports', '/console/audit.csv', '/console/helpdesk/reports']) {
      const reply = await hq.fetch(`${t.portalOrigin}${path}`);
      expect(reply.status, path).toBe(503);
      expect(reply.body).toContain(en('ops.replicaUnavailableBody'));
    }
    // Signing in (above), the console's home and the accounts read the primary, which is up.
    expect((await hq.fetch(`${t.portalOrigin}/console`)).status).toBe(200);
    expect((await hq.fetch(`${t.portalOrigin}/console/accounts`)).status).toBe(200);
  });
});
