import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-rollout.ts';
import * as m0003 from './migrations/0003-state-wide-proposals.ts';
import * as m0004 from './migrations/0004-durable-counters.ts';
import * as m0005 from './migrations/0005-sign-in-defences.ts';
import * as m0006 from './migrations/0006-proposal-item-contact.ts';
import * as m0007 from './migrations/0007-mail-claims.ts';
import * as m0008 from './migrations/0008-activation-progress.ts';
import * as m0009 from './migrations/0009-open-office-exception.ts';
import * as m0010 from './migrations/0010-policy-devices-passkeys.ts';
import * as m0011 from './migrations/0011-circulars-audit-keys.ts';
import * as m0012 from './migrations/0012-helpdesk.ts';

/** Migrations are listed here in order; file names start with a sortable number and are never edited. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-rollout': m0002,
  '0003-state-wide-proposals': m0003,
  '0004-durable-counters': m0004,
  '0005-sign-in-defences': m0005,
  '0006-proposal-item-contact': m0006,
  '0007-mail-claims': m0007,
  '0008-activation-progress': m0008,
  '0009-open-office-exception': m0009,
  '0010-policy-devices-passkeys': m0010,
  '0011-circulars-audit-keys': m0011,
  '0012-helpdesk': m0012,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/**
 * The advisory lock's key: fixed per schema, so every node of one deployment takes the same lock while
 * deployments (or test runs) in other schemas of the same database do not wait for each other.
 */
const lockKey = (pgSchema: string | undefined) => sql`hashtext(${`dwaar.migrate:${pgSchema ?? ''}`})`;

/**
 * Brings the schema to the latest version, or up to and including `target`; throws on the first failed
 * migration. On PostgreSQL several nodes starting together take turns: Kysely's own lock covers running
 * migrations but not creating the schema and its bookkeeping tables, so the whole run holds a
 * session-level advisory lock on a dedicated connection (the Flyway and Liquibase way on PostgreSQL).
 * SQLite takes none: a SQLite file serves one gateway node (several nodes need PostgreSQL), and the node
 * migrates before it serves; other processes' writes wait on SQLite's write lock (busy timeout).
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema version
  db: Kysely<any>,
  pgSchema?: string,
  target?: string,
): Promise<string[]> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return migrate(db, pgSchema, target);
  return db.connection().execute(async (lock) => {
    await sql`select pg_advisory_lock(${lockKey(pgSchema)})`.execute(lock);
    try {
      return await migrate(db, pgSchema, target);
    } finally {
      await sql`select pg_advisory_unlock(${lockKey(pgSchema)})`.execute(lock);
    }
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
async function migrate(db: Kysely<any>, pgSchema?: string, target?: string): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across all schemas unless told which one is ours.
  const migrator = new Migrator({ db, provider, ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  const { error, results } = await (target ? migrator.migrateTo(target) : migrator.migrateToLatest());
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
