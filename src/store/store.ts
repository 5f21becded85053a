import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { createFaultMemory, type FaultMemory, postgresFaultOf, sqliteFaultOf } from './faults.ts';
import { type DriverGuard, guardDialect } from './guarded-dialect.ts';
import { OwnSchemaIntrospector } from './own-schema-introspector.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  /**
   * For heavy read-only work that may lag the primary by a moment (reports, audit search and exports): the
   * PostgreSQL read replica when one is configured (`readUrl`), else `db` itself. Never for a read that must
   * see the caller's own writes. Its failures are REPLICA_UNAVAILABLE (503), which readiness ignores.
   */
  readonly readDb: Kysely<Database>;
  readonly dialect: DialectName;
  /** The PostgreSQL schema holding the tables, when not the default. */
  readonly pgSchema?: string;
  /** The last storage failure (a full or failing disk) not yet cleared by a write, for readiness. */
  readonly faults: FaultMemory;
  close(): Promise<void>;
}

export interface StoreOptions {
  pgSchema?: string;
  /** PostgreSQL: connect, statement and idle-in-transaction limits, ms; SQLite: the busy timeout, ms. */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  busyTimeoutMs?: number;
  /** A PostgreSQL read replica (DATABASE_READ_URL) for `readDb`; only beside a PostgreSQL primary. */
  readUrl?: string | undefined;
  /** Connections to the replica (default 4): reports are few and heavy, and must not crowd the replica. */
  readPoolMax?: number;
  /**
   * A pooled PostgreSQL connection failed while idle (the server restarted, the network dropped it). The
   * pool discards it and opens a fresh one on demand; without a listener the error would end the process.
   */
  onConnectionError?: (err: Error) => void;
}

/** int8 columns hold epoch milliseconds, which fit in a double for the next 285,000 years. */
const PG_INT8_OID = 20;
const pgTypes = new pg.TypeOverrides();
pgTypes.setTypeParser(PG_INT8_OID, Number);

const DEFAULTS = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
  busyTimeoutMs: 5_000,
};

/**
 * Opens the database named by `url`: `sqlite:<path>`, `sqlite::memory:`, or `postgres://…`.
 * `pgSchema` puts every table in one PostgreSQL schema (created if missing), which keeps test runs apart.
 * Database and disk failures reach callers as AppError codes (see guarded-dialect.ts).
 */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const o = { ...DEFAULTS, ...options };
  if (url.startsWith('sqlite:')) {
    if (o.readUrl)
      throw new Error('A read replica (DATABASE_READ_URL) needs a PostgreSQL primary, not SQLite');
    return openSqlite(url.slice('sqlite:'.length), o.busyTimeoutMs);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgres(url, o);
  throw new Error(`Unsupported DATABASE_URL scheme (use sqlite:<file> or postgres://…)`);
}

/**
 * The database holds password hashes, sealed keys and the audit trail: its directory is created 0700 and
 * the file 0600 whatever the umask. SQLite gives `-wal` and `-shm` the main file's mode; they are chmod-ed
 * after opening too, in case an older run left them readable.
 */
function createPrivately(file: string): void {
  // Only directories made here are chmod-ed: an existing parent (/var/lib) is the operator's to set.
  const firstCreated = mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (firstCreated) {
    for (let dir = dirname(resolve(file)); dir.startsWith(firstCreated); dir = dirname(dir)) {
      chmodSync(dir, 0o700);
    }
  }
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

function openSqlite(file: string, busyTimeoutMs: number): Store {
  const onDisk = file !== ':memory:';
  if (onDisk) createPrivately(file);
  const sqlite = new SqliteDatabase(file, { timeout: busyTimeoutMs });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (onDisk) for (const f of [`${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  const faults = createFaultMemory();
  const dialect = guardDialect(new SqliteDialect({ database: sqlite }), {
    faultOf: sqliteFaultOf,
    where: onDisk ? file : 'SQLite in memory',
    faults,
    inTransaction: () => sqlite.inTransaction,
    // A deferred BEGIN that reads and then writes gets SQLITE_BUSY at once, without waiting out the busy
    // timeout, when another process wrote in between; BEGIN IMMEDIATE takes the write lock up front.
    beginSql: 'begin immediate',
  });
  const db = new Kysely<Database>({ dialect });
  return { db, readDb: db, dialect: 'sqlite', faults, close: () => db.destroy() };
}

async function openPostgres(url: string, o: typeof DEFAULTS & StoreOptions): Promise<Store> {
  const schema = o.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error('PostgreSQL schema names are lower-case letters, digits and underscores');
  }
  if (schema) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: o.connectTimeoutMs });
    await client.connect();
    try {
      // Concurrent `create schema if not exists` can still collide on the catalogue: one wins, both go on.
      await client.query(`create schema if not exists ${schema}`).catch(async (err: unknown) => {
        const exists = await client.query('select 1 from pg_namespace where nspname = $1', [schema]);
        if (exists.rowCount === 0) throw err;
      });
    } finally {
      await client.end();
    }
  }
  const faults = createFaultMemory();
  const db = new Kysely<Database>({
    dialect: postgresDialect(postgresPool(url, o, { max: 10, schema }), schema, {
      faultOf: postgresFaultOf,
      where: 'PostgreSQL',
      faults,
    }),
  });
  if (!o.readUrl)
    return { db, readDb: db, dialect: 'postgres', pgSchema: schema, faults, close: () => db.destroy() };
  // The replica's failures are its own: not remembered for readiness (which asks the primary), and named
  // REPLICA_UNAVAILABLE so a report says it is the reports' database that is down, not Dwaar's.
  const readPool = postgresPool(o.readUrl, o, {
    max: o.readPoolMax ?? 4,
    schema,
    applicationName: 'dwaar-read',
    // Belt and braces: even a replica URL that points at the primary by mistake never writes through here.
    readOnly: true,
  });
  const readDb = new Kysely<Database>({
    dialect: postgresDialect(readPool, schema, {
      faultOf: (err) => (postgresFaultOf(err) === undefined ? undefined : 'REPLICA_UNAVAILABLE'),
      where: 'PostgreSQL read replica',
      faults: createFaultMemory(),
    }),
  });
  return {
    db,
    readDb,
    dialect: 'postgres',
    pgSchema: schema,
    faults,
    async close() {
      await Promise.all([db.destroy(), readDb.destroy()]);
    },
  };
}

/**
 * A pool on `url` with the store's limits. `-c` settings given in the URL's `options` are kept beside the
 * store's own (pg lets the URL's `options` replace the pool's, which would drop the search path).
 */
function postgresPool(
  url: string,
  o: typeof DEFAULTS & StoreOptions,
  p: { max: number; schema: string | undefined; applicationName?: string; readOnly?: boolean },
): pg.Pool {
  const own = splitOptions(url);
  const settings = [
    own.options,
    p.schema ? `-c search_path=${p.schema}` : undefined,
    p.readOnly ? '-c default_transaction_read_only=on' : undefined,
  ].filter((x): x is string => Boolean(x));
  const pool = new pg.Pool({
    connectionString: own.url,
    max: p.max,
    types: pgTypes,
    connectionTimeoutMillis: o.connectTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
    idle_in_transaction_session_timeout: o.idleInTransactionTimeoutMs,
    // The server's statement timeout cannot fire when the network is silent: the client gives up too.
    query_timeout: o.statementTimeoutMs + o.connectTimeoutMs,
    keepAlive: true,
    // The URL's application_name, when it has one, wins (pg reads the URL last).
    ...(p.applicationName ? { application_name: p.applicationName } : {}),
    ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
  });
  // Every client, idle or checked out, gets a listener: the pool listens only to idle ones, and a connection
  // that drops between two queries of a transaction would otherwise raise an unhandled 'error' and end the
  // process. The failed query is rejected anyway, and the pool discards the client when it comes back.
  const lost = o.onConnectionError ?? defaultConnectionError;
  pool.on('connect', (client) => client.on('error', lost));
  pool.on('error', () => undefined); // already reported by the client's own listener
  return pool;
}

/** The URL without its `options` parameter, and that parameter; the URL untouched when it has none. */
function splitOptions(url: string): { url: string; options: string | undefined } {
  if (!/[?&]options=/.test(url)) return { url, options: undefined };
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options') ?? undefined;
  parsed.searchParams.delete('options');
  return { url: parsed.toString(), options };
}

/** PostgreSQL on `pool`, its failures guarded, its introspection limited to the store's own schema. */
function postgresDialect(pool: pg.Pool, schema: string | undefined, guard: DriverGuard): Dialect {
  const guarded = guardDialect(new PostgresDialect({ pool }), guard);
  return { ...guarded, createIntrospector: (db) => new OwnSchemaIntrospector(db, schema) };
}

function defaultConnectionError(err: Error): void {
  console.error(`PostgreSQL connection lost (the pool opens a new one when needed): ${err.message}`);
}
