import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEligibleOfficers } from '../src/proposals/workflow/repository.ts';
import { findProposal, listProposalItems, listProposals } from '../src/proposals/queries.ts';
import {
  createProposalFromPicks,
  removeDraftItems,
  submitProposal,
  type ProposalActor,
} from '../src/proposals/workflow/service.ts';
import { actorFor, addOfficer, ensureWorkflowStaff } from './factories/proposals.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';

describe.each(TEST_DIALECTS)('proposal drafts on %s', (dialect) => {
  let t: TestApp;
  let zonal: ProposalActor;
  let hq: ProposalActor;

  const auditTypes = async (type: string) =>
    t.deps.store.db.selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('seq').execute();
  const proposalCount = async () =>
    Number(
      (
        await t.deps.store.db
          .selectFrom('proposals')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await ensureWorkflowStaff(t.deps);
    zonal = await actorFor(t.deps, 'zonal.lucknow', 'proposal.create');
    hq = await actorFor(t.deps, 'hq.admin', 'proposal.create');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists only the zone’s officers without an account and not on a pending proposal', async () => {
    const db = t.deps.store.db;
    const fresh = await addOfficer(t.deps, { districtId: 'unnao', wingId: 'enforcement' });
    const eligible = await listEligibleOfficers(db, { zoneId: 'lucknow' });
    const ids = eligible.map((o) => o.officerId);
    expect(ids).toContain(fresh.officerId);
    const officer1 = await db
      .selectFrom('accounts')
      .select('officer_id')
      .where('user_id', '=', 'officer1')
      .executeTakeFirstOrThrow();
    expect(ids).not.toContain(officer1.officer_id);
    expect(new Set(eligible.map((o) => o.districtId))).not.toContain('kanpur-nagar');

    const byWing = await listEligibleOfficers(db, {
      zoneId: 'lucknow',
      districtId: 'unnao',
      wingId: 'enforcement',
    });
    expect(byWing.every((o) => o.districtId === 'unnao' && o.wingId === 'enforcement')).toBe(true);
    expect(byWing.map((o) => o.officerId)).toContain(fresh.officerId);

    const draft = await createProposalFromPicks(t.deps, {
      actor: zonal,
      zoneId: 'lucknow',
      officerIds: [fresh.officerId],
    });
    expect(draft.ok).toBe(true);
    const after = await listEligibleOfficers(db, { zoneId: 'lucknow' });
    expect(after.map((o) => o.officerId)).not.toContain(fresh.officerId);
  });

  it('creates a draft from picks, audited, with each officer pending', async () => {
    const a = await addOfficer(t.deps, { districtId: 'lucknow' });
    const b = await addOfficer(t.deps, { districtId: 'unnao' });
    const result = await createProposalFromPicks(t.deps, {
      actor: zonal,
      zoneId: 'lucknow',
      officerIds: [a.officerId, b.officerId, a.officerId],
      ip: '192.0.2.1',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const proposal = await findProposal(t.deps.store.db, result.proposalId);
    expect(proposal).toMatchObject({
      status: 'draft',
      zoneId: 'lucknow',
      total: 2,
      pending: 2,
      createdByUserId: 'zonal.lucknow',
    });
    const items = await listProposalItems(t.deps.store.db, result.proposalId);
    expect(items.map((i) => i.decision)).toEqual(['pending', 'pending']);
    const audit = (await auditTypes('proposal.created')).at(-1);
    expect(audit).toMatchObject({
      actor: 'zonal.lucknow',
      target: `proposal:${result.proposalId}`,
      ip: '192.0.2.1',
    });
  });

  it('refuses the whole post when one officer is in another zone, and writes nothing', async () => {
    const mine = await addOfficer(t.deps, { districtId: 'lucknow' });
    const other = await addOfficer(t.deps, { districtId: 'kanpur-nagar' });
    const before = await proposalCount();
    const result = await createProposalFromPicks(t.deps, {
      actor: zonal,
      zoneId: 'lucknow',
      officerIds: [mine.officerId, other.officerId],
    });
    expect(result).toEqual({
      ok: false,
      reason: 'ineligible',
      problems: [{ officerId: other.officerId, problem: 'other_zone' }],
    });
    expect(await proposalCount()).toBe(before);
  });

  it('refuses officers who already have an account, are on a pending proposal, or do not exist', async () => {
    const db = t.deps.store.db;
    const officer1 = await db
      .selectFrom('accounts')
      .select('officer_id')
      .where('user_id', '=', 'officer1')
      .executeTakeFirstOrThrow();
    const taken = await addOfficer(t.deps, { districtId: 'lucknow' });
    const first = await createProposalFromPicks(t.deps, {
      actor: zonal,
      zoneId: 'lucknow',
      officerIds: [taken.officerId],
    });
    expect(first.ok).toBe(true);
    const before = await proposalCount();
    const result = await createProposalFromPicks(t.deps, {
      actor: zonal,
      zoneId: 'lucknow',
      officerIds: [officer1.officer_id ?? 0, taken.officerId, 99_999_999],
    });
    expect(result).toEqual({
      ok: false,
      reason: 'ineligible',
      problems: [
        { officerId: officer1.officer_id, problem: 'has_account' },
        { officerId: taken.officerId, problem: 'on_pending_proposal' },
        { officerId: 99_999_999, problem: 'unknown' },
      ],
    });
    expect(await proposalCount()).toBe(before);
  });

  it('refuses an empty pick, and a zonal head proposing for another zone', async () => {
    expect(
      await createProposalFromPicks(t.deps, { actor: zonal, zoneId: 'lucknow', officerIds: [] }),
    ).toEqual({
      ok: false,
      reason: 'no_officers',
    });
    const other = await addOfficer(t.deps, { districtId: 'kanpur-nagar' });
    expect(
      await createProposalFromPicks(t.deps, {
        actor: zonal,
        zoneId: 'kanpur',
        officerIds: [other.officerId],
      }),
    ).toEqual({ ok: false, reason: 'out_of_scope' });
    expect(
      await createProposalFromPicks(t.deps, { actor: hq, zoneId: 'atlantis', officerIds: [other.officerId] }),
    ).toEqual({
      ok: false,
      reason: 'unknown_zone',
    });
    const hqDraft = await createProposalFromPicks(t.deps, {
      actor: hq,
      zoneId: 'kanpur',
      officerIds: [other.officerId],
    });
    expect(hqDraft.ok).toBe(true);
  });

  it('removes officers from a draft, submits it once (audited), then refuses changes', async () => {
    const a = await addOfficer(t.deps, { districtId: 'lucknow' });
    const b = await addOfficer(t.deps, { districtId: 'unnao' });
    const created = await createProposalFromPicks(t.deps, {
      actor: zonal,
      zoneId: 'lucknow',
      officerIds: [a.officerId, b.officerId],
    });
    if (!created.ok) throw new Error('draft not created');
    const id = created.proposalId;
    const items = await listProposalItems(t.deps.store.db, id);
    const itemB = items.find((i) => i.officerId === b.officerId);
    expect(await removeDraftItems(t.deps, { actor: zonal, proposalId: id, itemIds: [] })).toEqual({
      ok: false,
      reason: 'nothing_selected',
    });
    expect(
      await removeDraftItems(t.deps, { actor: zonal, proposalId: id, itemIds: [itemB?.itemId ?? 0] }),
    ).toEqual({
      ok: true,
      removed: 1,
    });
    const removal = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', 'proposal.item_removed')
      .where('target', '=', `proposal:${id}`)
      .executeTakeFirst();
    expect(removal).toMatchObject({ actor: 'zonal.lucknow', detail: '{"removed":1}' });

    expect(await submitProposal(t.deps, { actor: zonal, proposalId: id, ip: '192.0.2.2' })).toEqual({
      ok: true,
      officers: 1,
    });
    const proposal = await findProposal(t.deps.store.db, id);
    expect(proposal?.status).toBe('submitted');
    expect(proposal?.submittedAt).toBe(t.clock.now());
    expect((await auditTypes('proposal.submitted')).at(-1)).toMatchObject({
      actor: 'zonal.lucknow',
      target: `proposal:${id}`,
    });
    expect(await submitProposal(t.deps, { actor: zonal, proposalId: id })).toEqual({
      ok: false,
      reason: 'not_draft',
    });
    expect(await removeDraftItems(t.deps, { actor: zonal, proposalId: id, itemIds: [1] })).toEqual({
      ok: false,
      reason: 'not_draft',
    });
    const queue = await listProposals(t.deps.store.db, { status: 'submitted', order: 'oldest' });
    expect(queue.map((p) => p.id)).toContain(id);
  });

  it('refuses to submit an empty draft, another zone’s draft, or an unknown one', async () => {
    const a = await addOfficer(t.deps, { districtId: 'lucknow' });
    const created = await createProposalFromPicks(t.deps, {
      actor: zonal,
      zoneId: 'lucknow',
      officerIds: [a.officerId],
    });
    if (!created.ok) throw new Error('draft not created');
    const [item] = await listProposalItems(t.deps.store.db, created.proposalId);
    await removeDraftItems(t.deps, {
      actor: zonal,
      proposalId: created.proposalId,
      itemIds: [item?.itemId ?? 0],
    });
    expect(await submitProposal(t.deps, { actor: zonal, proposalId: created.proposalId })).toEqual({
      ok: false,
      reason: 'empty',
    });

    const k = await addOfficer(t.deps, { districtId: 'kanpur-nagar' });
    const kanpur = await createProposalFromPicks(t.deps, {
      actor: hq,
      zoneId: 'kanpur',
      officerIds: [k.officerId],
    });
    if (!kanpur.ok) throw new Error('draft not created');
    expect(await submitProposal(t.deps, { actor: zonal, proposalId: kanpur.proposalId })).toEqual({
      ok: false,
      reason: 'out_of_scope',
    });
    expect(await submitProposal(t.deps, { actor: zonal, proposalId: 987_654 })).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it('lists the newest proposals first, limited to the zone', async () => {
    const lucknow = await listProposals(t.deps.store.db, { zoneId: 'lucknow', order: 'newest' });
    expect(lucknow.every((p) => p.zoneId === 'lucknow')).toBe(true);
    const ids = lucknow.map((p) => p.id);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
  });
});
