import { z } from 'zod';
import type { Role } from '../../src/accounts/table.ts';
import { scopeOf, type Permission } from '../../src/policy/permissions.ts';
import type { Deps } from '../../src/deps.ts';
import type { DecisionRequest } from '../../src/proposals/review/decide-rules.ts';
import { listProposalItems } from '../../src/proposals/queries.ts';
import {
  createProposalFromPicks,
  submitProposal,
  type ProposalActor,
} from '../../src/proposals/workflow/service.ts';
import { insertAccount } from './accounts.ts';

/**
 * Helpers for tests of the proposal workflow: staff accounts with e-mail, extra directory officers, actors
 * as the console's guard would build them, and queued mail opened the way the mail worker opens it.
 */

/** Makes sure a staff account exists (creating it with `password` if not) and has `email`; returns its ID. */
export async function ensureStaff(
  deps: Pick<Deps, 'store' | 'clock' | 'passwords'>,
  input: {
    userId: string;
    password: string;
    role: Role;
    zoneId?: string;
    districtId?: string;
    email: string;
  },
): Promise<number> {
  const db = deps.store.db;
  const existing = await db
    .selectFrom('accounts')
    .select('id')
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  if (existing) {
    await db.updateTable('accounts').set({ email: input.email }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const now = deps.clock.now();
  return insertAccount(db, now, {
    user_id: input.userId,
    role: input.role,
    scope_zone_id: input.zoneId ?? null,
    scope_district_id: input.districtId ?? null,
    password_hash: await deps.passwords.hash(input.password),
    email: input.email,
  });
}

/** The staff accounts the workflow tests use (the demo seeds some of them already). */
export async function ensureWorkflowStaff(deps: Pick<Deps, 'store' | 'clock' | 'passwords'>): Promise<void> {
  await ensureStaff(deps, {
    userId: 'zonal.lucknow',
    password: 'Zonal@Dwaar1',
    role: 'zonal_head',
    zoneId: 'lucknow',
    email: 'zonal.lucknow@ctd.up.example',
  });
  await ensureStaff(deps, {
    userId: 'hq.admin',
    password: 'Admin@Dwaar1',
    role: 'hq_admin',
    email: 'hq.admin@ctd.up.example',
  });
  await ensureStaff(deps, {
    userId: 'hq.approver',
    password: 'Admin@Dwaar2',
    role: 'hq_admin',
    email: 'hq.approver@ctd.up.example',
  });
  await ensureStaff(deps, {
    userId: 'jc.lucknow',
    password: 'Joint@Dwaar1',
    role: 'joint_commissioner',
    zoneId: 'lucknow',
    email: 'jc.lucknow@ctd.up.example',
  });
}

/** A staff member as the console guard sees them for `permission`. */
export async function actorFor(
  deps: Pick<Deps, 'store'>,
  userId: string,
  permission: Permission,
): Promise<ProposalActor> {
  const a = await deps.store.db
    .selectFrom('accounts')
    .select(['id', 'user_id', 'role', 'scope_zone_id', 'scope_district_id'])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const scope = scopeOf(a.role, permission);
  if (!scope) throw new Error(`${userId} lacks ${permission}`);
  return {
    accountId: a.id,
    userId: a.user_id,
    scope,
    zoneId: a.scope_zone_id,
    districtId: a.scope_district_id,
  };
}

let serial = 0;

/** Adds a directory officer in `districtId` (no account); returns the officer's ID and employee number. */
export async function addOfficer(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { districtId: string; nameEn?: string; employeeNo?: string; wingId?: string },
): Promise<{ officerId: number; employeeNo: string; email: string }> {
  serial += 1;
  const employeeNo =
    input.employeeNo ?? `TST${String(Date.now() % 1_000_000)}${String(serial).padStart(4, '0')}`;
  const email = `${employeeNo.toLowerCase()}@ctd.up.example`;
  const row = await deps.store.db
    .insertInto('officers')
    .values({
      employee_no: employeeNo,
      name_en: input.nameEn ?? `Test Officer ${serial}`,
      name_hi: `परीक्षण अधिकारी ${serial}`,
      rank_id: 'cto',
      wing_id: input.wingId ?? 'adjudication',
      district_id: input.districtId,
      email,
      mobile: null,
      created_at: deps.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { officerId: row.id, employeeNo, email };
}

const SealedBody = z.object({ text: z.string(), html: z.string() });

/** Every queued mail to `to`, oldest first, with its body opened. */
export async function queuedMailTo(deps: Pick<Deps, 'store' | 'keyring'>, to: string) {
  const rows = await deps.store.db
    .selectFrom('mail_outbox')
    .select(['id', 'kind', 'subject', 'body_sealed', 'account_id'])
    .where('to_address', '=', to)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...r,
    body: r.body_sealed
      ? SealedBody.parse(JSON.parse(deps.keyring.open('mail-encryption', r.body_sealed)))
      : undefined,
  }));
}

/** A proposal by `creator` for `zoneId` with a new officer in each of `districts`, submitted unless told not. */
export async function proposalWithOfficers(
  deps: Pick<Deps, 'store' | 'clock' | 'audit'>,
  input: { creator: string; zoneId: string; districts: readonly string[]; submit?: boolean },
) {
  const actor = await actorFor(deps, input.creator, 'proposal.create');
  const officers = [];
  for (const districtId of input.districts) officers.push(await addOfficer(deps, { districtId }));
  const created = await createProposalFromPicks(deps, {
    actor,
    zoneId: input.zoneId,
    officerIds: officers.map((o) => o.officerId),
  });
  if (!created.ok) throw new Error(`draft refused: ${created.reason}`);
  if (input.submit ?? true) {
    const sent = await submitProposal(deps, { actor, proposalId: created.proposalId });
    if (!sent.ok) throw new Error(`submit refused: ${sent.reason}`);
  }
  const items = await listProposalItems(deps.store.db, created.proposalId);
  const itemOf = (officerId: number) => items.find((i) => i.officerId === officerId)?.itemId ?? -1;
  return {
    proposalId: created.proposalId,
    items,
    officers: officers.map((o) => ({ ...o, itemId: itemOf(o.officerId) })),
  };
}

/** HQ's plain approval, and a rejection with its reason, as the review form posts them. */
export const APPROVE: DecisionRequest = {
  decision: 'approve',
  reason: '',
  exception: false,
  exceptionReason: '',
  validUntil: null,
};
export const reject = (reason: string): DecisionRequest => ({ ...APPROVE, decision: 'reject', reason });

/** The audit records of one type, oldest first. */
export const auditsOf = (deps: Pick<Deps, 'store'>, type: string) =>
  deps.store.db.selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('seq').execute();

/** One proposal item's row as stored. */
export const itemRowOf = (deps: Pick<Deps, 'store'>, id: number) =>
  deps.store.db.selectFrom('proposal_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
