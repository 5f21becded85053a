import type { Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import { sendAccountLink, type AccountLinkDeps, type AccountStatus } from '../accounts/index.ts';
import {
  findAccountOfOfficer,
  findOfficerForUserId,
  insertOfficerAccount,
  listUserIdsLike,
  setOpenOfficeException,
} from './repository.ts';
import { composeUserId, firstFreeUserId } from './user-id.ts';

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
  /** HQ's reason for approving although the district office is open; null (or absent) for none. */
  readonly openOfficeException?: string | null;
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
  deps: AccountLinkDeps,
  input: ProvisionInput,
): Promise<ProvisionResult> {
  const existing = await findAccountOfOfficer(trx, input.officerId);
  if (existing) {
    if (input.openOfficeException) {
      await setOpenOfficeException(trx, existing.id, input.openOfficeException, deps.clock.now());
    }
    return {
      ok: true,
      created: false,
      accountId: existing.id,
      userId: existing.user_id,
      status: existing.status,
    };
  }
  const officer = await findOfficerForUserId(trx, input.officerId);
  if (!officer) return { ok: false, reason: 'unknown_officer' };

  const base =
    composeUserId(deps.config.provisioning.userIdScheme, {
      employeeNo: officer.employee_no,
      district: officer.district_id,
      zone: officer.zone_id,
      nameEn: officer.name_en,
    }) || `officer-${input.officerId}`;
  // The exact check happens in firstFreeUserId; the query only narrows the candidates.
  const userId = firstFreeUserId(base, await listUserIdsLike(trx, base));
  const row = await insertOfficerAccount(trx, {
    userId,
    officerId: input.officerId,
    displayName: officer.name_en,
    validUntil: input.validUntil,
    openOfficeException: input.openOfficeException ?? null,
    now: deps.clock.now(),
  });

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
        open_office_exception: input.openOfficeException ?? null,
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
