import type { Transaction } from 'kysely';
import type { AccountStatus } from '../accounts/table.ts';
import type { Database } from '../store/index.ts';
import { sendAccountLink } from '../accounts/index.ts';
import { composeUserId, firstFreeUserId } from './user-id.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { AuditLog } from '../audit/index.ts';

export type ProvisionResult =
  | {
      readonly ok: true;
      readonly created: true;
      readonly accountId: number;
      readonly userId: string;
      /** False when the officer has no e-mail address on record (the account exists; no link went out). */
      readonly linkSent: boolean;
    }
  | {
      readonly ok: true;
      /** The officer already had an account (approved elsewhere meanwhile): it is reused, not duplicated. */
      readonly created: false;
      readonly accountId: number;
      readonly userId: string;
      readonly status: AccountStatus;
    }
  | { readonly ok: false; readonly reason: 'unknown_officer' };

export interface ProvisionInput {
  readonly officerId: number;
  /** End of access (epoch ms); null keeps access for as long as the district office stays closed. */
  readonly validUntil: number | null;
  /** Who approved: a user ID, for the audit log. */
  readonly actor: string;
  readonly ip?: string | null;
  /** The proposal the approval came from, for the audit log. */
  readonly proposalId?: number;
}

/**
 * Creates an officer's account, pending activation and without a password, with a user ID from the
 * configured scheme, then issues the one-time activation link and queues its mail — all in the caller's
 * transaction, so nothing happens unless the approval commits. An officer who already has an account gets
 * no second one.
 */
export async function provisionOfficerAccount(
  trx: Transaction<Database>,
  deps: {
    readonly config: Config;
    readonly clock: Clock;
    readonly keyring: Keyring;
    readonly audit: AuditLog;
  },
  input: ProvisionInput,
): Promise<ProvisionResult> {
  const existing = await trx
    .selectFrom('accounts')
    .select(['id', 'user_id', 'status'])
    .where('officer_id', '=', input.officerId)
    .orderBy('id')
    .executeTakeFirst();
  if (existing) {
    return {
      ok: true,
      created: false,
      accountId: existing.id,
      userId: existing.user_id,
      status: existing.status,
    };
  }
  const officer = await trx
    .selectFrom('officers as o')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .select(['o.employee_no', 'o.name_en', 'o.district_id', 'd.zone_id'])
    .where('o.id', '=', input.officerId)
    .executeTakeFirst();
  if (!officer) return { ok: false, reason: 'unknown_officer' };

  const base =
    composeUserId(deps.config.provisioning.userIdScheme, {
      employeeNo: officer.employee_no,
      district: officer.district_id,
      zone: officer.zone_id,
      nameEn: officer.name_en,
    }) || `officer-${input.officerId}`;
  // `_` is a LIKE wildcard, which only widens the match; the exact check happens in firstFreeUserId.
  const taken = await trx
    .selectFrom('accounts')
    .select('user_id')
    .where('user_id', 'like', `${base}%`)
    .execute();
  const userId = firstFreeUserId(base, new Set(taken.map((r) => r.user_id)));

  const now = deps.clock.now();
  const row = await trx
    .insertInto('accounts')
    .values({
      user_id: userId,
      officer_id: input.officerId,
      display_name: officer.name_en,
      role: 'officer',
      scope_zone_id: null,
      scope_district_id: null,
      status: 'pending_activation',
      password_hash: null,
      totp_secret_enc: null,
      locked_until: null,
      valid_until: input.validUntil,
      last_login_at: null,
      email: null,
      access_ends_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  await deps.audit.append(
    {
      type: 'account.provisioned',
      actor: input.actor,
      target: userId,
      ip: input.ip ?? null,
      detail: {
        officer: officer.employee_no,
        proposal: input.proposalId ?? null,
        valid_until: input.validUntil,
      },
    },
    trx,
  );
  const linkSent = await sendAccountLink(trx, deps, {
    accountId: row.id,
    purpose: 'activation',
    actor: input.actor,
    ip: input.ip ?? null,
  });
  return { ok: true, created: true, accountId: row.id, userId, linkSent };
}
