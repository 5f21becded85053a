import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema version
export function up(_db: Kysely<any>): Promise<void> {
  return Promise.resolve();
}
