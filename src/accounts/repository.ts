import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { AccountTable } from './table.ts';

export type AccountRow = Selectable<AccountTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** User IDs are case-insensitive for people; stored lower-case. */
export function normaliseUserId(userId: string): string {
  return userId.trim().toLowerCase();
}

export function findAccountByUserId(db: Db, userId: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('user_id', '=', normaliseUserId(userId))
    .executeTakeFirst();
}

export function findAccountById(db: Db, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}
