import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-rollout.ts';
import * as m0003 from './migrations/0003-state-wide-proposals.ts';
import * as m0004 from './migrations/0004-durable-counters.ts';
import * as m0005 from './migrations/0005-sign-in-defences.ts';

/** Migrations are listed here in order; file names start with a sortable number and are never edited. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-rollout': m0002,
  '0003-state-wide-proposals': m0003,
  '0004-durable-counters': m0004,
  '0005-sign-in-defences': m0005,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/**
 * Brings the schema to the latest version, or up to and including `target`; throws on the first failed
 * migration.
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema version
  db: Kysely<any>,
  pgSchema?: string,
  target?: string,
): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across all schemas unless told which one is ours.
  const migrator = new Migrator({ db, provider, ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  const { error, results } = await (target ? migrator.migrateTo(target) : migrator.migrateToLatest());
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
