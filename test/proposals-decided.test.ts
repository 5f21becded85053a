import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decider } from '../src/proposals/review/decide-apply.ts';
import { approveAllEligible, decideItem } from '../src/proposals/review/decide-service.ts';
import { findProposal, listProposalItems } from '../src/proposals/queries.ts';
import { createProposalFromPicks, submitProposal } from '../src/proposals/workflow/service.ts';
import {
  APPROVE,
  actorFor,
  addOfficer,
  auditsOf,
  ensureWorkflowStaff,
  itemRowOf,
  proposalWithOfficers,
  queuedMailTo,
  reject,
} from './factories/proposals.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { insertAccount } from './factories/accounts.ts';

describe.each(TEST_DIALECTS)('closing proposals and linking accounts on %s', (dialect) => {
  let t: TestApp;
  let approver: Decider;

  const audits = (type: string) => auditsOf(t.deps, type);
  const itemRow = (id: number) => itemRowOf(t.deps, id);

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await ensureWorkflowStaff(t.deps);
    approver = await actorFor(t.deps, 'hq.approver', 'proposal.decide');
  });
  afterAll(async () => {
    await t.close();
  });

  it('closes the proposal when every officer is decided and mails the proposer counts and reasons', async () => {
    const p = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['lucknow', 'unnao', 'unnao'],
    });
    const [a, b, c] = p.officers;
    if (!a || !b || !c) throw new Error('officers missing');
    const before = await queuedMailTo(t.deps, 'zonal.lucknow@ctd.up.example');
    await decideItem(t.deps, {
      proposalId: p.proposalId,
      itemId: b.itemId,
      request: reject('Transferred to HQ'),
      by: approver,
    });
    expect((await findProposal(t.deps.store.db, p.proposalId))?.status).toBe('submitted');
    const bulk = await approveAllEligible(t.deps, {
      proposalId: p.proposalId,
      itemIds: [a.itemId, b.itemId, c.itemId],
      validUntil: null,
      by: approver,
    });
    expect(bulk).toMatchObject({ ok: true, proposal: { decided: true, proposerNotified: true } });
    expect(bulk.ok && bulk.approved.map((x) => x.officer.itemId)).toEqual([a.itemId, c.itemId]);
    expect(bulk.ok && bulk.skipped.map((x) => x.itemId)).toEqual([b.itemId]);
    const proposal = await findProposal(t.deps.store.db, p.proposalId);
    expect(proposal).toMatchObject({
      status: 'decided',
      approved: 2,
      rejected: 1,
      pending: 0,
      decidedAt: t.clock.now(),
    });
    expect((await audits('proposal.decided')).at(-1)).toMatchObject({ target: `proposal:${p.proposalId}` });

    const mails = await queuedMailTo(t.deps, 'zonal.lucknow@ctd.up.example');
    // The proposer's decision notice, and the user guide to the zone's zonal head and joint commissioner.
    expect(
      mails
        .slice(before.length)
        .map((m) => m.kind)
        .sort(),
    ).toEqual(['guide', 'proposal_decided']);
    const guides = await queuedMailTo(t.deps, 'jc.lucknow@ctd.up.example');
    expect(guides.map((m) => m.kind)).toContain('guide');
    const mail = mails.find((m, i) => i >= before.length && m.kind === 'proposal_decided');
    const text = mail?.body?.text ?? '';
    expect(text).toContain('2 officer(s) approved, 1 rejected');
    expect(text).toContain('Transferred to HQ');
    expect(text).toContain(b.employeeNo);
    expect(text).not.toMatch(/https?:\/\/|token=/);
    expect(mail?.body?.html).not.toContain('<a ');

    const late = await decideItem(t.deps, {
      proposalId: p.proposalId,
      itemId: a.itemId,
      request: APPROVE,
      by: approver,
    });
    expect(late).toMatchObject({ ok: true, outcome: 'already_approved' });
  });

  it('links an officer who already has an account instead of creating a second one', async () => {
    const p1 = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['lucknow'],
    });
    const officer = p1.officers[0];
    if (!officer) throw new Error('officer missing');
    // The same officer on a second proposal, as happens when two drafts race (e.g. a CSV import).
    const p2 = await proposalWithOfficers(t.deps, {
      creator: 'hq.admin',
      zoneId: 'lucknow',
      districts: ['unnao'],
    });
    await t.deps.store.db
      .insertInto('proposal_items')
      .values({
        proposal_id: p2.proposalId,
        officer_id: officer.officerId,
        decision: 'pending',
        reason: null,
        open_office_exception: null,
        decided_by: null,
        decided_at: null,
        account_id: null,
      })
      .execute();
    const item2 = (await listProposalItems(t.deps.store.db, p2.proposalId)).find(
      (i) => i.officerId === officer.officerId,
    );

    const first = await decideItem(t.deps, {
      proposalId: p1.proposalId,
      itemId: officer.itemId,
      request: APPROVE,
      by: approver,
    });
    expect(first).toMatchObject({ ok: true, account: { created: true } });
    const second = await decideItem(t.deps, {
      proposalId: p2.proposalId,
      itemId: item2?.itemId ?? -1,
      request: APPROVE,
      by: approver,
    });
    expect(second).toMatchObject({
      ok: true,
      outcome: 'approved',
      account: { created: false, status: 'pending_activation' },
    });
    const accounts = await t.deps.store.db
      .selectFrom('accounts')
      .select('id')
      .where('officer_id', '=', officer.officerId)
      .execute();
    expect(accounts).toHaveLength(1);
    expect((await itemRow(item2?.itemId ?? -1)).account_id).toBe(accounts[0]?.id);
    expect(await queuedMailTo(t.deps, officer.email)).toHaveLength(1);
  });

  it('refuses decisions on drafts and unknown proposals or items', async () => {
    const actor = await actorFor(t.deps, 'zonal.lucknow', 'proposal.create');
    const o = await addOfficer(t.deps, { districtId: 'lucknow' });
    const draft = await createProposalFromPicks(t.deps, {
      actor,
      zoneId: 'lucknow',
      officerIds: [o.officerId],
    });
    if (!draft.ok) throw new Error('draft refused');
    const [item] = await listProposalItems(t.deps.store.db, draft.proposalId);
    expect(
      await decideItem(t.deps, {
        proposalId: draft.proposalId,
        itemId: item?.itemId ?? -1,
        request: APPROVE,
        by: approver,
      }),
    ).toEqual({
      ok: false,
      reason: 'not_submitted',
    });
    expect(
      await decideItem(t.deps, { proposalId: 424_242, itemId: 1, request: APPROVE, by: approver }),
    ).toEqual({
      ok: false,
      reason: 'not_found',
    });
    const p = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['lucknow'],
    });
    expect(
      await decideItem(t.deps, {
        proposalId: p.proposalId,
        itemId: item?.itemId ?? -1,
        request: APPROVE,
        by: approver,
      }),
    ).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });
});

describe('user ID collisions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { DWAAR_USER_ID_SCHEME: '{first}.{employee_no}' } });
    await ensureWorkflowStaff(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('follows the configured scheme and appends -2 when the ID is taken', async () => {
    const approver = await actorFor(t.deps, 'hq.approver', 'proposal.decide');
    const actor = await actorFor(t.deps, 'zonal.lucknow', 'proposal.create');
    const o = await addOfficer(t.deps, { districtId: 'lucknow', nameEn: 'Asha Verma', employeeNo: 'UPX1' });
    const now = t.clock.now();
    await insertAccount(t.deps.store.db, now, {
      user_id: 'asha.upx1',
      display_name: 'Someone else',
      role: 'helpdesk',
    });
    const created = await createProposalFromPicks(t.deps, {
      actor,
      zoneId: 'lucknow',
      officerIds: [o.officerId],
    });
    if (!created.ok) throw new Error('draft refused');
    await submitProposal(t.deps, { actor, proposalId: created.proposalId });
    const [item] = await listProposalItems(t.deps.store.db, created.proposalId);
    const result = await decideItem(t.deps, {
      proposalId: created.proposalId,
      itemId: item?.itemId ?? -1,
      request: APPROVE,
      by: approver,
    });
    expect(result).toMatchObject({ ok: true, account: { userId: 'asha.upx1-2', created: true } });
  });
});
