import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { PolicyVersionTable } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertPolicyVersion(db: Db, row: Insertable<PolicyVersionTable>): Promise<void> {
  await db.insertInto('policy_versions').values(row).execute();
}

/** The policy's loads, newest first. */
export function listPolicyVersions(db: Db, limit = 200) {
  return db
    .selectFrom('policy_versions')
    .select(['id', 'hash', 'loaded_at', 'outcome', 'errors', 'trigger', 'node'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function findPolicyVersion(db: Db, id: number) {
  return db.selectFrom('policy_versions').selectAll().where('id', '=', id).executeTakeFirst();
}
