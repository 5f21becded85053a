import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** The PostgreSQL schema holding the tables, when not the default. */
  readonly pgSchema?: string;
  close(): Promise<void>;
}

/** int8 columns hold epoch milliseconds, which fit in a double for the next 285,000 years. */
const PG_INT8_OID = 20;
const pgTypes = new pg.TypeOverrides();
pgTypes.setTypeParser(PG_INT8_OID, Number);

/**
 * Opens the database named by `url`: `sqlite:<path>`, `sqlite::memory:`, or `postgres://…`.
 * `pgSchema` puts every table in one PostgreSQL schema (created if missing), which keeps test runs apart.
 */
export async function openStore(url: string, options: { pgSchema?: string } = {}): Promise<Store> {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return openPostgres(url, options.pgSchema);
  throw new Error(`Unsupported DATABASE_URL scheme (use sqlite:<file> or postgres://…)`);
}

function openSqlite(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Store> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error('PostgreSQL schema names are lower-case letters, digits and underscores');
  }
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', pgSchema: schema, close: () => db.destroy() };
}
