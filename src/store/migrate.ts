import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-rollout.ts';

/** Migrations are listed here in order; file names start with a sortable number and are never edited. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-rollout': m0002,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/** Brings the schema to the latest version; throws on the first failed migration. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema version
export async function migrateToLatest(db: Kysely<any>, pgSchema?: string): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across all schemas unless told which one is ours.
  const migrator = new Migrator({ db, provider, ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
