import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { TokenPurpose } from '../accounts/index.ts';
import type { Database } from '../store/index.ts';
import type { ActivationProgressTable } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type ProgressRow = Selectable<ActivationProgressTable>;

/** A one-time link's row, as opening it needs it. */
export interface LinkTokenRow {
  readonly id: number;
  readonly account_id: number;
  readonly purpose: TokenPurpose;
  readonly expires_at: number;
  readonly used_at: number | null;
  readonly superseded_at: number | null;
}

/** A link by its token's hash (for opening the link) or its row ID (for the steps after), of one purpose. */
export function findLinkToken(
  db: Db,
  by: { readonly hash: string } | { readonly id: number },
  purpose: TokenPurpose,
): Promise<LinkTokenRow | undefined> {
  let q = db
    .selectFrom('account_tokens')
    .select(['id', 'account_id', 'purpose', 'expires_at', 'used_at', 'superseded_at'])
    .where('purpose', '=', purpose);
  q = 'hash' in by ? q.where('token_hash', '=', by.hash) : q.where('id', '=', by.id);
  return q.executeTakeFirst();
}

/**
 * Spends a link when its activation or reset completes, in that transaction: guarded on it being unused,
 * not superseded and not expired, so two browsers finishing one link succeed at most once.
 */
export async function spendLinkToken(
  trx: Transaction<Database>,
  tokenId: number,
  now: number,
): Promise<boolean> {
  const res = await trx
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export function findProgress(db: Db, tokenId: number): Promise<ProgressRow | undefined> {
  return db.selectFrom('activation_progress').selectAll().where('token_id', '=', tokenId).executeTakeFirst();
}

/** The link's progress row, made when it is first started; an older link's progress of the account goes. */
export async function ensureProgress(
  db: Kysely<Database>,
  input: { tokenId: number; accountId: number; now: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('activation_progress')
      .where('account_id', '=', input.accountId)
      .where('token_id', '!=', input.tokenId)
      .execute();
    await trx
      .insertInto('activation_progress')
      .values({
        token_id: input.tokenId,
        account_id: input.accountId,
        started_at: input.now,
        updated_at: input.now,
        ack_document_id: null,
        ack_version: null,
        password_hash: null,
        totp_sealed: null,
        totp_confirmed: 0,
        recovery_sealed: null,
      })
      .onConflict((oc) => oc.column('token_id').doNothing())
      .execute();
  });
}

/**
 * Saves a step's result. The sealed secrets are written only where none is stored yet (`coalesce`), so two
 * tabs opening the authenticator step at once end up showing the one key that was kept.
 */
export async function updateProgress(
  db: Db,
  tokenId: number,
  patch: {
    ackDocumentId?: number;
    ackVersion?: number;
    passwordHash?: string;
    totpSealed?: string;
    totpConfirmed?: boolean;
    recoverySealed?: string;
  },
  now: number,
): Promise<void> {
  await db
    .updateTable('activation_progress')
    .set({
      updated_at: now,
      ...(patch.ackDocumentId === undefined ? {} : { ack_document_id: patch.ackDocumentId }),
      ...(patch.ackVersion === undefined ? {} : { ack_version: patch.ackVersion }),
      ...(patch.passwordHash === undefined ? {} : { password_hash: patch.passwordHash }),
      ...(patch.totpConfirmed === undefined ? {} : { totp_confirmed: patch.totpConfirmed ? 1 : 0 }),
      ...(patch.totpSealed === undefined
        ? {}
        : { totp_sealed: sql<string>`coalesce(totp_sealed, ${patch.totpSealed})` }),
      ...(patch.recoverySealed === undefined
        ? {}
        : { recovery_sealed: sql<string>`coalesce(recovery_sealed, ${patch.recoverySealed})` }),
    })
    .where('token_id', '=', tokenId)
    .execute();
}

/** Forgets every activation in progress for the account (it completed, in the caller's transaction). */
export async function deleteProgressOfAccount(trx: Transaction<Database>, accountId: number): Promise<void> {
  await trx.deleteFrom('activation_progress').where('account_id', '=', accountId).execute();
}

/**
 * Drops the progress of links that can no longer be used (expired, superseded or spent), so that a sealed
 * authenticator key and a password hash are not kept past the link's life. Returns how many rows went.
 */
export async function purgeStaleProgress(db: Kysely<Database>, now: number): Promise<number> {
  const res = await db
    .deleteFrom('activation_progress')
    .where((eb) =>
      eb(
        'token_id',
        'in',
        eb
          .selectFrom('account_tokens')
          .select('id')
          .where((t) =>
            t.or([
              t('expires_at', '<=', now),
              t('used_at', 'is not', null),
              t('superseded_at', 'is not', null),
            ]),
          ),
      ),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
