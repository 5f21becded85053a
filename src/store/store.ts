import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { createFaultMemory, type FaultMemory, postgresFaultOf, sqliteFaultOf } from './faults.ts';
import { guardDialect } from './guarded-dialect.ts';
import { OwnSchemaIntrospector } from './own-schema-introspector.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
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
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), o.busyTimeoutMs);
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
  return { db, dialect: 'sqlite', faults, close: () => db.destroy() };
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
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes,
    connectionTimeoutMillis: o.connectTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
    idle_in_transaction_session_timeout: o.idleInTransactionTimeoutMs,
    // The server's statement timeout cannot fire when the network is silent: the client gives up too.
    query_timeout: o.statementTimeoutMs + o.connectTimeoutMs,
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // Every client, idle or checked out, gets a listener: the pool listens only to idle ones, and a connection
  // that drops between two queries of a transaction would otherwise raise an unhandled 'error' and end the
  // process. The failed query is rejected anyway, and the pool discards the client when it comes back.
  const lost = o.onConnectionError ?? defaultConnectionError;
  pool.on('connect', (client) => client.on('error', lost));
  pool.on('error', () => undefined); // already reported by the client's own listener
  const faults = createFaultMemory();
  const guarded = guardDialect(new PostgresDialect({ pool }), {
    faultOf: postgresFaultOf,
    where: 'PostgreSQL',
    faults,
  });
  const dialect: Dialect = {
    ...guarded,
    createIntrospector: (db) => new OwnSchemaIntrospector(db, schema),
  };
  const db = new Kysely<Database>({ dialect });
  return { db, dialect: 'postgres', pgSchema: schema, faults, close: () => db.destroy() };
}

function defaultConnectionError(err: Error): void {
  console.error(`PostgreSQL connection lost (the pool opens a new one when needed): ${err.message}`);
}
