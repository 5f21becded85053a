import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/crypto/tokens.ts';
import { findOfficerPlacement } from '../src/directory/index.ts';
import { personFactsOf } from '../src/login/index.ts';
import type { Decider } from '../src/proposals/review/decide-apply.ts';
import { approveAllEligible, decideItem } from '../src/proposals/review/decide-service.ts';
import { findProposal } from '../src/proposals/queries.ts';
import {
  APPROVE,
  actorFor,
  auditsOf,
  ensureWorkflowStaff,
  itemRowOf,
  proposalWithOfficers,
  queuedMailTo,
  reject,
} from './factories/proposals.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';

describe.each(TEST_DIALECTS)('HQ decisions on %s', (dialect) => {
  let t: TestApp;
  let approver: Decider;
  let admin: Decider;

  const audits = (type: string) => auditsOf(t.deps, type);
  const itemRow = (id: number) => itemRowOf(t.deps, id);

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await ensureWorkflowStaff(t.deps);
    approver = await actorFor(t.deps, 'hq.approver', 'proposal.decide');
    admin = await actorFor(t.deps, 'hq.admin', 'proposal.decide');
  });
  afterAll(async () => {
    await t.close();
  });

  it('approval provisions a pending account, stores only the token hash, queues the mail and audits', async () => {
    const p = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['lucknow', 'unnao'],
    });
    const [o] = p.officers;
    if (!o) throw new Error('no officer');
    const result = await decideItem(t.deps, {
      proposalId: p.proposalId,
      itemId: o.itemId,
      request: APPROVE,
      by: approver,
      ip: '192.0.2.9',
    });
    expect(result).toMatchObject({
      ok: true,
      outcome: 'approved',
      account: { created: true, linkSent: true },
    });
    const account = await t.deps.store.db
      .selectFrom('accounts')
      .selectAll()
      .where('officer_id', '=', o.officerId)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      role: 'officer',
      status: 'pending_activation',
      password_hash: null,
      valid_until: null,
      user_id: `lucknow.${o.employeeNo.toLowerCase()}`,
    });
    expect((await itemRow(o.itemId)).account_id).toBe(account.id);

    const mails = await queuedMailTo(t.deps, o.email);
    expect(mails).toHaveLength(1);
    const text = mails[0]?.body?.text ?? '';
    expect(text).toContain(account.user_id);
    const token = /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';
    expect(token.length).toBeGreaterThan(20);
    const tokens = await t.deps.store.db.selectFrom('account_tokens').selectAll().execute();
    expect(JSON.stringify(tokens)).not.toContain(token);
    expect(tokens.filter((r) => r.account_id === account.id).map((r) => r.token_hash)).toEqual([
      sha256(token),
    ]);

    const provisioned = (await audits('account.provisioned')).at(-1);
    expect(provisioned).toMatchObject({ actor: 'hq.approver', target: account.user_id });
    expect((await audits('proposal.item_approved')).at(-1)).toMatchObject({
      actor: 'hq.approver',
      target: o.employeeNo,
    });
    expect((await audits('account.activation_sent')).at(-1)).toMatchObject({ target: account.user_id });
    expect(JSON.stringify(await audits('account.activation_sent'))).not.toContain(token);
    expect((await findProposal(t.deps.store.db, p.proposalId))?.status).toBe('submitted');
  });

  it('refuses a rejection without a reason and records one with a reason', async () => {
    const p = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['unnao'],
    });
    const itemId = p.officers[0]?.itemId ?? -1;
    const refused = await decideItem(t.deps, {
      proposalId: p.proposalId,
      itemId,
      request: reject('   '.trim()),
      by: approver,
    });
    expect(refused).toMatchObject({ ok: false, reason: 'invalid', problems: ['reason_required'] });
    expect((await itemRow(itemId)).decision).toBe('pending');

    const done = await decideItem(t.deps, {
      proposalId: p.proposalId,
      itemId,
      request: reject('Not in an eligible wing'),
      by: approver,
    });
    expect(done).toMatchObject({
      ok: true,
      outcome: 'rejected',
      proposal: { decided: true, proposerNotified: true },
    });
    expect(await itemRow(itemId)).toMatchObject({
      decision: 'rejected',
      reason: 'Not in an eligible wing',
      account_id: null,
    });
    expect((await audits('proposal.item_rejected')).at(-1)?.detail).toContain('Not in an eligible wing');
  });

  it('separation of duties: the creator cannot decide; another HQ administrator can', async () => {
    const p = await proposalWithOfficers(t.deps, {
      creator: 'hq.admin',
      zoneId: 'lucknow',
      districts: ['lucknow'],
    });
    const itemId = p.officers[0]?.itemId ?? -1;
    expect(
      await decideItem(t.deps, { proposalId: p.proposalId, itemId, request: APPROVE, by: admin }),
    ).toEqual({
      ok: false,
      reason: 'own_proposal',
    });
    expect(
      await approveAllEligible(t.deps, {
        proposalId: p.proposalId,
        itemIds: [itemId],
        validUntil: null,
        by: admin,
      }),
    ).toEqual({
      ok: false,
      reason: 'own_proposal',
    });
    expect((await itemRow(itemId)).decision).toBe('pending');
    const ok = await decideItem(t.deps, { proposalId: p.proposalId, itemId, request: APPROVE, by: approver });
    expect(ok).toMatchObject({ ok: true, outcome: 'approved' });
  });

  it('a second approval changes nothing; a contradicting rejection is refused', async () => {
    const p = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['lucknow', 'unnao'],
    });
    const itemId = p.officers[0]?.itemId ?? -1;
    await decideItem(t.deps, { proposalId: p.proposalId, itemId, request: APPROVE, by: approver });
    const before = await itemRow(itemId);
    const mailsBefore = await queuedMailTo(t.deps, p.officers[0]?.email ?? '');
    const again = await decideItem(t.deps, { proposalId: p.proposalId, itemId, request: APPROVE, by: admin });
    expect(again).toMatchObject({ ok: true, outcome: 'already_approved' });
    const conflict = await decideItem(t.deps, {
      proposalId: p.proposalId,
      itemId,
      request: reject('changed my mind'),
      by: admin,
    });
    expect(conflict).toMatchObject({ ok: false, reason: 'conflict', current: 'approved' });
    expect(await itemRow(itemId)).toEqual(before);
    expect(await queuedMailTo(t.deps, p.officers[0]?.email ?? '')).toHaveLength(mailsBefore.length);
    const accounts = await t.deps.store.db
      .selectFrom('accounts')
      .select('id')
      .where('officer_id', '=', p.officers[0]?.officerId ?? -1)
      .execute();
    expect(accounts).toHaveLength(1);
  });

  it('an officer in an open office needs the exception box and a reason, stored with the decision', async () => {
    const p = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['hardoi'],
    });
    const itemId = p.officers[0]?.itemId ?? -1;
    const plain = await decideItem(t.deps, {
      proposalId: p.proposalId,
      itemId,
      request: APPROVE,
      by: approver,
    });
    expect(plain).toMatchObject({
      ok: false,
      reason: 'invalid',
      problems: ['exception_required', 'exception_reason_required'],
    });
    const boxOnly = await decideItem(t.deps, {
      proposalId: p.proposalId,
      itemId,
      request: { ...APPROVE, exception: true },
      by: approver,
    });
    expect(boxOnly).toMatchObject({ ok: false, reason: 'invalid', problems: ['exception_reason_required'] });
    const bulk = await approveAllEligible(t.deps, {
      proposalId: p.proposalId,
      itemIds: [itemId],
      validUntil: null,
      by: approver,
    });
    expect(bulk).toMatchObject({ ok: true, approved: [] });
    expect((await itemRow(itemId)).decision).toBe('pending');

    const until = t.clock.now() + 30 * 86_400_000;
    const ok = await decideItem(t.deps, {
      proposalId: p.proposalId,
      itemId,
      request: {
        ...APPROVE,
        exception: true,
        exceptionReason: 'Court case work, order 12/2026',
        validUntil: until,
      },
      by: approver,
    });
    expect(ok).toMatchObject({ ok: true, outcome: 'approved' });
    expect(await itemRow(itemId)).toMatchObject({
      decision: 'approved',
      open_office_exception: 'Court case work, order 12/2026',
    });
    const account = await t.deps.store.db
      .selectFrom('accounts')
      .selectAll()
      .where('officer_id', '=', p.officers[0]?.officerId ?? -1)
      .executeTakeFirstOrThrow();
    expect(account.valid_until).toBe(until);
    expect(account.open_office_exception).toBe('Court case work, order 12/2026');

    // The exception is what lets the officer in although the office is open: the policy sees it.
    const active = { ...account, status: 'active' as const };
    const placement = await findOfficerPlacement(t.deps.store.db, p.officers[0]?.officerId ?? -1);
    expect(placement?.officeStatus).toBe('open');
    const verdict = (row: typeof active) =>
      t.deps.policy.current().decide(
        'boweb',
        {
          person: personFactsOf(row, placement, new Map()),
          session: { secondFactor: 'totp', deviceTrusted: true, posture: null },
          ip: '127.0.0.1',
          now: t.clock.now(),
        },
        t.deps.policy.documents(),
      );
    expect(verdict(active)).toMatchObject({ effect: 'allow', reason: 'GRANTED' });
    expect(verdict({ ...active, open_office_exception: null })).toMatchObject({
      effect: 'deny',
      reason: 'OFFICE_OPEN',
    });
  });
});
