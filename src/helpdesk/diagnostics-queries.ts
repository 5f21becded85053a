import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The account facts a diagnosis reads: never a hash, a secret or a token (only the token row's dates). */
export function findDiagnosisAccount(db: Db, accountId: number) {
  return db
    .selectFrom('accounts as a')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .leftJoin('districts as d', 'd.id', 'o.district_id')
    .select([
      'a.id',
      'a.user_id',
      'a.status',
      'a.locked_until',
      'a.valid_until',
      'a.access_ends_at',
      'a.open_office_exception',
      'o.district_id',
      'd.name_en as district_en',
      'd.name_hi as district_hi',
      'd.office_status',
      'd.status_changed_at',
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
}

/** The newest activation link's dates (never its hash). */
export function findLatestActivation(db: Db, accountId: number) {
  return db
    .selectFrom('account_tokens')
    .select(['created_at', 'expires_at', 'used_at', 'superseded_at'])
    .where('account_id', '=', accountId)
    .where('purpose', '=', 'activation')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Failed sign-in steps recorded under this user ID, newest first (uses the `(actor, seq)` index). */
export function listUserFailures(
  db: Db,
  userId: string,
  types: readonly string[],
  since: number,
  limit: number,
) {
  return db
    .selectFrom('audit_events')
    .select(['seq', 'at', 'type', 'ip', 'detail'])
    .where('actor', '=', userId)
    .where('type', 'in', [...types])
    .where('at', '>=', since)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

/** The addresses this user ID's recent events came from, newest first (duplicates removed by the caller). */
export async function listUserAddresses(db: Db, userId: string, since: number): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select('ip')
    .where('actor', '=', userId)
    .where('ip', 'is not', null)
    .where('at', '>=', since)
    .orderBy('seq', 'desc')
    .limit(50)
    .execute();
  return rows.flatMap((r) => (r.ip ? [r.ip] : []));
}

/** Steps recorded before anyone was identified (device check, disclaimer) from these addresses. */
export function listAnonymousFailures(
  db: Db,
  ips: readonly string[],
  types: readonly string[],
  since: number,
  limit: number,
) {
  if (ips.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('audit_events')
    .select(['seq', 'at', 'type', 'ip', 'detail'])
    .where('actor', '=', 'anonymous')
    .where('type', 'in', [...types])
    .where('ip', 'in', [...ips])
    .where('at', '>=', since)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}
