import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOfficer, ensureWorkflowStaff, proposalWithOfficers } from './factories/proposals.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { type Browser, csrfFrom, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';

const PASSWORDS: Record<string, string> = {
  'zonal.lucknow': 'Zonal@Dwaar1',
  'jc.lucknow': 'Joint@Dwaar1',
  'hq.admin': 'Admin@Dwaar1',
  'hq.approver': 'Admin@Dwaar2',
};

/** Posts a form with repeated fields (checkbox lists), which `Browser.fetch` cannot express, with its cookies. */
async function postFields(b: Browser, url: string, fields: [string, string][]): Promise<Reply> {
  const u = new URL(url);
  const cookies = [...(b.jar.get(u.hostname) ?? new Map<string, string>())]
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  const res = await request(`http://127.0.0.1:${u.port}${u.pathname}`, {
    method: 'POST',
    headers: {
      host: u.host,
      accept: 'text/html',
      cookie: cookies,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields).toString(),
  });
  const location = res.headers.location;
  return {
    status: res.statusCode,
    headers: res.headers,
    body: await res.body.text(),
    location: typeof location === 'string' ? new URL(location, url).toString() : undefined,
  };
}

describe.each(TEST_DIALECTS)('proposal pages on %s', (dialect) => {
  let t: TestApp;
  let origin: string;

  const consoleAs = (userId: string): Promise<Browser> => consoleSignIn(t, userId, PASSWORDS[userId] ?? '');
  /** A proposal for `zoneId` created (and optionally submitted) by `creator` at service level. */
  async function proposal(creator: string, zoneId: string, districts: string[], submit: boolean) {
    const p = await proposalWithOfficers(t.deps, { creator, zoneId, districts, submit });
    return { id: p.proposalId, items: p.items, officers: p.officers };
  }
  const deniedAudits = () =>
    t.deps.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'console.access_denied')
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    origin = t.portalOrigin;
    await ensureWorkflowStaff(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('zonal head picks officers of the zone into a draft, then submits after a confirm step', async () => {
    const zonal = await consoleAs('zonal.lucknow');
    const fresh = await addOfficer(t.deps, {
      districtId: 'unnao',
      nameEn: 'Picked Officer',
      wingId: 'enforcement',
    });
    const list = await zonal.fetch(`${origin}/console/proposals?district=unnao&wing=enforcement`);
    expect(list.status).toBe(200);
    expect(list.body).toContain('New proposal');
    expect(list.body).toContain('href="/console/proposals/import"');
    expect(list.body).toContain(`value="${fresh.officerId}"`);
    expect(list.body).not.toContain('Kanpur Nagar');
    const hindi = await zonal.fetch(`${origin}/console/proposals`, { headers: { 'accept-language': 'hi' } });
    expect(hindi.body).toContain('<html lang="hi">');
    expect(hindi.body).toContain('नया प्रस्ताव');

    const created = await zonal.fetch(`${origin}/console/proposals`, {
      form: { _csrf: csrfFrom(list.body), zone: 'kanpur', officer: String(fresh.officerId) },
    });
    expect(created.status).toBe(303);
    const detailUrl = created.location ?? '';
    const id = /\/console\/proposals\/(\d+)/.exec(detailUrl)?.[1] ?? '';
    const row = await t.deps.store.db
      .selectFrom('proposals')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ zone_id: 'lucknow', status: 'draft' });

    const detail = await zonal.fetch(detailUrl);
    expect(detail.status).toBe(200);
    expect(detail.body).toContain('Picked Officer');
    expect(detail.body).toContain('Submit to HQ');

    const confirm = await zonal.fetch(`${origin}/console/proposals/${id}/submit`, {
      form: { _csrf: csrfFrom(detail.body) },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain(`Submit proposal #${id} to HQ?`);
    expect(confirm.body).toContain('name="confirm" value="yes"');
    expect(
      (
        await t.deps.store.db
          .selectFrom('proposals')
          .select('status')
          .where('id', '=', Number(id))
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('draft');

    const done = await zonal.fetch(`${origin}/console/proposals/${id}/submit`, {
      form: { _csrf: csrfFrom(confirm.body), confirm: 'yes' },
    });
    expect(done.status).toBe(303);
    const after = await zonal.fetch(done.location ?? '');
    expect(after.body).toContain('Proposal submitted to HQ with 1 officers.');
    expect(after.body).toContain('With HQ');
  });

  it('rejects a pick of another zone’s officer as a whole, with a clear error', async () => {
    const zonal = await consoleAs('zonal.lucknow');
    const mine = await addOfficer(t.deps, { districtId: 'lucknow' });
    const other = await addOfficer(t.deps, { districtId: 'kanpur-nagar', nameEn: 'Outsider Officer' });
    const list = await zonal.fetch(`${origin}/console/proposals`);
    const before = await t.deps.store.db.selectFrom('proposals').select('id').execute();
    const res = await zonal.fetch(`${origin}/console/proposals`, {
      form: { _csrf: csrfFrom(list.body), officer: [mine.officerId, other.officerId].join(',') },
    });
    // A comma list is not an ID list: the form is refused outright.
    expect(res.status).toBe(400);
    const bad = await postFields(zonal, `${origin}/console/proposals`, [
      ['_csrf', csrfFrom(list.body)],
      ['officer', String(mine.officerId)],
      ['officer', String(other.officerId)],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('id="error-summary"');
    expect(bad.body).toContain('Nothing was created');
    expect(bad.body).toContain('Outsider Officer');
    expect(bad.body).toContain('is not in this zone.');
    expect((await t.deps.store.db.selectFrom('proposals').select('id').execute()).length).toBe(before.length);
  });

  it('zonal head of Lucknow cannot read another zone’s proposal (403, audited) nor open HQ review', async () => {
    const kanpur = await proposal('hq.admin', 'kanpur', ['kanpur-nagar'], true);
    const zonal = await consoleAs('zonal.lucknow');
    const denied = await zonal.fetch(`${origin}/console/proposals/${kanpur.id}`);
    expect(denied.status).toBe(403);
    const audit = (await deniedAudits()).at(-1);
    expect(audit).toMatchObject({ actor: 'zonal.lucknow', target: `/console/proposals/${kanpur.id}` });

    const list = await zonal.fetch(`${origin}/console/proposals`);
    expect(list.body).not.toContain(`/console/proposals/${kanpur.id}"`);
    expect((await zonal.fetch(`${origin}/console/review`)).status).toBe(403);
    expect((await zonal.fetch(`${origin}/console/review/${kanpur.id}`)).status).toBe(403);
    const post = await zonal.fetch(
      `${origin}/console/review/${kanpur.id}/items/${kanpur.items[0]?.itemId ?? 0}`,
      {
        form: { _csrf: csrfFrom(list.body), decision: 'approve', confirm: 'yes' },
      },
    );
    expect(post.status).toBe(403);
    expect((await deniedAudits()).at(-1)?.detail).toContain('proposal.decide');
    expect((await zonal.fetch(`${origin}/console/proposals/999999`)).status).toBe(404);
  });

  it('joint commissioner reads the zone’s proposals but cannot create', async () => {
    const own = await proposal('zonal.lucknow', 'lucknow', ['lucknow'], false);
    const jc = await consoleAs('jc.lucknow');
    const list = await jc.fetch(`${origin}/console/proposals`);
    expect(list.status).toBe(200);
    expect(list.body).toContain(`/console/proposals/${own.id}"`);
    expect(list.body).not.toContain('New proposal');
    const detail = await jc.fetch(`${origin}/console/proposals/${own.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).not.toContain('Submit to HQ');
    const officer = await addOfficer(t.deps, { districtId: 'lucknow' });
    const post = await jc.fetch(`${origin}/console/proposals`, {
      form: { _csrf: csrfFrom(list.body), officer: String(officer.officerId) },
    });
    expect(post.status).toBe(403);
    const submit = await jc.fetch(`${origin}/console/proposals/${own.id}/submit`, {
      form: { _csrf: csrfFrom(list.body), confirm: 'yes' },
    });
    expect(submit.status).toBe(403);
  });

  it('refuses posts without a CSRF token and changes nothing', async () => {
    const own = await proposal('zonal.lucknow', 'lucknow', ['lucknow'], false);
    const zonal = await consoleAs('zonal.lucknow');
    const officer = await addOfficer(t.deps, { districtId: 'lucknow' });
    expect(
      (await zonal.fetch(`${origin}/console/proposals`, { form: { officer: String(officer.officerId) } }))
        .status,
    ).toBe(403);
    expect(
      (await zonal.fetch(`${origin}/console/proposals/${own.id}/submit`, { form: { confirm: 'yes' } }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.deps.store.db
          .selectFrom('proposals')
          .select('status')
          .where('id', '=', own.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('draft');
    const p = await proposal('zonal.lucknow', 'lucknow', ['lucknow'], true);
    const hq = await consoleAs('hq.approver');
    const res = await hq.fetch(`${origin}/console/review/${p.id}/items/${p.items[0]?.itemId ?? 0}`, {
      form: { _csrf: 'forged', decision: 'approve', confirm: 'yes' },
    });
    expect(res.status).toBe(403);
    expect(
      (
        await t.deps.store.db
          .selectFrom('proposal_items')
          .select('decision')
          .where('id', '=', p.items[0]?.itemId ?? 0)
          .executeTakeFirstOrThrow()
      ).decision,
    ).toBe('pending');
  });

  it('HQ approves one officer through a confirm step, and a second approve reports “already approved”', async () => {
    const p = await proposal('zonal.lucknow', 'lucknow', ['lucknow', 'unnao'], true);
    const item = p.items[0];
    if (!item) throw new Error('no item');
    const hq = await consoleAs('hq.approver');
    const queue = await hq.fetch(`${origin}/console/review`);
    expect(queue.body).toContain(`/console/review/${p.id}"`);
    const page = await hq.fetch(`${origin}/console/review/${p.id}`);
    expect(page.status).toBe(200);
    const url = `${origin}/console/review/${p.id}/items/${item.itemId}`;
    const confirm = await hq.fetch(url, {
      form: { _csrf: csrfFrom(page.body), decision: 'approve', validUntil: '' },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain(`Approve ${item.nameEn}?`);
    expect(
      (
        await t.deps.store.db
          .selectFrom('accounts')
          .select('id')
          .where('officer_id', '=', item.officerId)
          .execute()
      ).length,
    ).toBe(0);
    const done = await hq.fetch(url, {
      form: { _csrf: csrfFrom(confirm.body), decision: 'approve', validUntil: '', confirm: 'yes' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain(`Approved ${item.nameEn}.`);
    const again = await hq.fetch(url, {
      form: { _csrf: csrfFrom(page.body), decision: 'approve', confirm: 'yes' },
    });
    expect(again.body).toContain(`${item.nameEn} is already approved. Nothing was changed.`);
    const conflict = await hq.fetch(url, {
      form: { _csrf: csrfFrom(page.body), decision: 'reject', reason: 'No', confirm: 'yes' },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toContain('A different decision cannot be recorded');
  });

  it('HQ must give a reason to reject, and an exception to approve an open office', async () => {
    const p = await proposal('zonal.lucknow', 'lucknow', ['hardoi', 'lucknow'], true);
    const hq = await consoleAs('hq.approver');
    const page = await hq.fetch(`${origin}/console/review/${p.id}`);
    expect(page.body).toContain('Office open');
    const csrf = csrfFrom(page.body);
    const hardoi = p.items.find((i) => i.officeStatus === 'open');
    const lucknow = p.items.find((i) => i.officeStatus === 'closed');
    const noReason = await hq.fetch(`${origin}/console/review/${p.id}/items/${lucknow?.itemId ?? 0}`, {
      form: { _csrf: csrf, decision: 'reject', reason: ' ' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toContain(`href="#reason-${lucknow?.itemId ?? 0}"`);
    const noException = await hq.fetch(`${origin}/console/review/${p.id}/items/${hardoi?.itemId ?? 0}`, {
      form: { _csrf: csrf, decision: 'approve', confirm: 'yes' },
    });
    expect(noException.status).toBe(400);
    expect(noException.body).toContain('Approve as an exception');
    const badDate = await hq.fetch(`${origin}/console/review/${p.id}/items/${lucknow?.itemId ?? 0}`, {
      form: { _csrf: csrf, decision: 'approve', validUntil: '2020-01-01' },
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body).toContain('The end date must be today or later.');
    const decisions = await t.deps.store.db
      .selectFrom('proposal_items')
      .select('decision')
      .where('proposal_id', '=', p.id)
      .execute();
    expect(decisions.map((d) => d.decision)).toEqual(['pending', 'pending']);
  });

  it('the creator of a proposal gets a clear, audited refusal at HQ review', async () => {
    const p = await proposal('hq.admin', 'lucknow', ['lucknow'], true);
    const admin = await consoleAs('hq.admin');
    const page = await admin.fetch(`${origin}/console/review/${p.id}`);
    expect(page.status).toBe(403);
    expect(page.body).toContain('You created this proposal.');
    expect((await deniedAudits()).at(-1)?.detail).toContain('separation_of_duties');
    const list = await admin.fetch(`${origin}/console/proposals`);
    const post = await admin.fetch(`${origin}/console/review/${p.id}/items/${p.items[0]?.itemId ?? 0}`, {
      form: { _csrf: csrfFrom(list.body), decision: 'approve', confirm: 'yes' },
    });
    expect(post.status).toBe(403);
    const approver = await consoleAs('hq.approver');
    expect((await approver.fetch(`${origin}/console/review/${p.id}`)).status).toBe(200);
  });

  it('“Approve all eligible” shows a summary with counts and names before approving', async () => {
    const p = await proposal('zonal.lucknow', 'lucknow', ['lucknow', 'unnao', 'hardoi'], true);
    const hq = await consoleAs('hq.approver');
    const page = await hq.fetch(`${origin}/console/review/${p.id}`);
    const summary = await hq.fetch(`${origin}/console/review/${p.id}/approve-all`, {
      form: { _csrf: csrfFrom(page.body), validUntil: '' },
    });
    expect(summary.status).toBe(200);
    expect(summary.body).toContain(`Approve 2 officers of proposal #${p.id}?`);
    expect(summary.body).toContain('1 officers in open offices are not included');
    const eligible = p.items.filter((i) => i.officeStatus === 'closed');
    for (const i of eligible) expect(summary.body).toContain(i.nameEn);
    expect(
      (
        await t.deps.store.db
          .selectFrom('proposal_items')
          .select('decision')
          .where('proposal_id', '=', p.id)
          .execute()
      ).every((r) => r.decision === 'pending'),
    ).toBe(true);

    const done = await postFields(hq, `${origin}/console/review/${p.id}/approve-all`, [
      ['_csrf', csrfFrom(summary.body)],
      ['validUntil', ''],
      ['confirm', 'yes'],
      ...eligible.map((i): [string, string] => ['item', String(i.itemId)]),
    ]);
    expect(done.status).toBe(200);
    expect(done.body).toContain('Approved 2 officers');
    const rows = await t.deps.store.db
      .selectFrom('proposal_items')
      .select(['decision', 'officer_id'])
      .where('proposal_id', '=', p.id)
      .orderBy('id')
      .execute();
    expect(rows.filter((r) => r.decision === 'approved')).toHaveLength(2);
  });
});
