import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { type Browser, csrfFrom, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';
import { accountValues, insertAccount } from './factories/accounts.ts';
import { accessEndFor } from '../src/directory/district-status.ts';

const DAY_MS = 86_400_000;

const consoleLogin = (t: TestApp, userId: string, password: string): Promise<Browser> =>
  consoleSignIn(t, userId, password);

const today = (t: TestApp) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(t.clock.now());

describe.each(TEST_DIALECTS)('district office status on %s', (dialect) => {
  let t: TestApp;
  let hq: Browser;
  let zonal: Browser;
  let pendingUserId: string;

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    hq = await consoleLogin(t, 'hq.admin', 'Admin@Dwaar1');
    zonal = await consoleLogin(t, 'zonal.lucknow', 'Zonal@Dwaar1');
    // A second Lucknow officer whose account is provisioned but not yet activated.
    const db = t.deps.store.db;
    const officer = await db
      .selectFrom('officers as o')
      .leftJoin('accounts as a', 'a.officer_id', 'o.id')
      .select(['o.id', 'o.employee_no'])
      .where('o.district_id', '=', 'lucknow')
      .where('a.id', 'is', null)
      .executeTakeFirstOrThrow();
    pendingUserId = `lucknow.${officer.employee_no.toLowerCase()}`;
    await insertAccount(db, t.clock.now(), {
      user_id: pendingUserId,
      officer_id: officer.id,
      display_name: 'Pending officer',
      status: 'pending_activation',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const statusUrl = () => `${t.portalOrigin}/console/districts/lucknow/status`;
  async function post(browser: Browser, form: Record<string, string>): Promise<Reply> {
    const page = await browser.fetch(statusUrl());
    return browser.fetch(statusUrl(), { form: { _csrf: csrfFrom(page.body), ...form } });
  }
  const valid = (over: Record<string, string> = {}) => ({
    status: 'open',
    orderNo: '4411/CT/2026',
    orderDate: today(t),
    reason: 'Office reopened after repairs',
    step: 'confirm',
    ...over,
  });
  const countRows = async () => {
    const db = t.deps.store.db;
    const history = await db.selectFrom('district_status_history').select('id').execute();
    const changed = await db
      .selectFrom('audit_events')
      .select('seq')
      .where('type', '=', 'district.status_changed')
      .execute();
    const mails = await db.selectFrom('mail_outbox').select('id').execute();
    const district = await db
      .selectFrom('districts')
      .select('office_status')
      .where('id', '=', 'lucknow')
      .executeTakeFirstOrThrow();
    return {
      history: history.length,
      changed: changed.length,
      mails: mails.length,
      status: district.office_status,
    };
  };
  const accountsOf = (userIds: string[]) =>
    t.deps.store.db
      .selectFrom('accounts')
      .select(['user_id', 'access_ends_at', 'status'])
      .where('user_id', 'in', userIds)
      .orderBy('user_id')
      .execute();

  it('lists districts with status text, who changed it, and a change link for HQ only', async () => {
    const hqPage = await hq.fetch(`${t.portalOrigin}/console/districts`);
    expect(hqPage.status).toBe(200);
    expect(hqPage.body).toContain('href="/console/districts/lucknow/status"');
    expect(hqPage.body).toContain('Closed');
    expect(hqPage.body).toContain('changed by demo');
    expect(hqPage.body).toContain('Kanpur Nagar');
    const zonalPage = await zonal.fetch(`${t.portalOrigin}/console/districts`);
    expect(zonalPage.status).toBe(200);
    expect(zonalPage.body).toContain('href="/console/districts/lucknow"');
    expect(zonalPage.body).not.toContain('/status"');
    expect(zonalPage.body).not.toContain('Kanpur Nagar');
  });

  it('refuses the status form to a zonal head (403, audited) and another zone’s district to them', async () => {
    const before = await countRows();
    const form = await zonal.fetch(statusUrl());
    expect(form.status).toBe(403);
    const posted = await zonal.fetch(statusUrl(), { form: valid() });
    expect(posted.status).toBe(403);
    const other = await zonal.fetch(`${t.portalOrigin}/console/districts/kanpur-nagar`);
    expect(other.status).toBe(403);
    const denied = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['actor', 'detail'])
      .where('type', '=', 'console.access_denied')
      .where('actor', '=', 'zonal.lucknow')
      .execute();
    expect(denied.map((d) => JSON.parse(d.detail) as { permission: string })).toEqual([
      { permission: 'district.set_status' },
      { permission: 'district.set_status' },
      { permission: 'directory.read' },
    ]);
    expect(await countRows()).toEqual(before);
  });

  it('rejects a missing reason, a future or impossible date, an unchanged status and a missing token', async () => {
    const before = await countRows();
    const noReason = await post(hq, valid({ reason: '  ' }));
    expect(noReason.status).toBe(400);
    expect(noReason.body).toContain('id="error-summary"');
    expect(noReason.body).toContain('Enter the reason');
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(
      t.clock.now() + DAY_MS,
    );
    const future = await post(hq, valid({ orderDate: tomorrow }));
    expect(future.status).toBe(400);
    expect(future.body).toContain('The order date cannot be in the future.');
    const impossible = await post(hq, valid({ orderDate: '2026-02-30' }));
    expect(impossible.status).toBe(400);
    expect(impossible.body).toContain('Enter the order date as dd-mm-yyyy');
    const unchanged = await post(hq, valid({ status: 'closed' }));
    expect(unchanged.status).toBe(400);
    expect(unchanged.body).toContain('The office is already Closed.');
    const many = await post(hq, valid({ status: '', orderNo: '', orderDate: 'yesterday', reason: '' }));
    expect(many.status).toBe(400);
    expect(many.body).toContain('Choose the new status.');
    expect(many.body).toContain('Enter the order number');
    const noToken = await hq.fetch(statusUrl(), { form: valid() });
    expect(noToken.status).toBe(403);
    expect(await countRows()).toEqual(before);
  });

  it('asks for confirmation before recording, and can go back to edit', async () => {
    const before = await countRows();
    const review = await post(hq, valid({ step: 'review' }));
    expect(review.status).toBe(200);
    expect(review.body).toContain('Confirm the change');
    expect(review.body).toContain('from Closed to Open');
    expect(review.body).toContain('Remote access of 2 officer accounts');
    expect(review.body).toContain('1 of these officers have not activated their account yet');
    expect(review.body).toContain('name="step" value="confirm"');
    const edit = await post(hq, valid({ step: 'edit' }));
    expect(edit.status).toBe(200);
    expect(edit.body).toContain('value="4411/CT/2026"');
    expect(await countRows()).toEqual(before);
  });

  it('records HQ opening Lucknow: history, audit, officers’ access end and their notices', async () => {
    const before = await countRows();
    const done = await post(hq, valid());
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${t.portalOrigin}/console/districts/lucknow?recorded=1`);
    const after = await countRows();
    expect(after.status).toBe('open');
    expect(after.history).toBe(before.history + 1);
    expect(after.changed).toBe(before.changed + 1);

    const db = t.deps.store.db;
    const row = await db.selectFrom('district_status_history').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      district_id: 'lucknow',
      office_status: 'open',
      order_no: '4411/CT/2026',
      order_date: today(t),
      reason: 'Office reopened after repairs',
      changed_by: 'hq.admin',
    });
    const district = await db
      .selectFrom('districts')
      .selectAll()
      .where('id', '=', 'lucknow')
      .executeTakeFirstOrThrow();
    expect(district.status_changed_by).toBe('hq.admin');
    expect(district.status_changed_at).toBe(t.clock.now());
    const audit = await db
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', 'district.status_changed')
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe('hq.admin');
    expect(audit.target).toBe('lucknow');
    expect(JSON.parse(audit.detail)).toMatchObject({ from: 'closed', to: 'open', order_no: '4411/CT/2026' });

    // The close of the third working day after today (see src/directory/working-day.test.ts).
    const endsAt = accessEndFor(today(t), t.clock.now(), 3);
    expect(endsAt).toBeGreaterThan(t.clock.now() + 3 * DAY_MS - 24 * 3_600_000);
    expect(await accountsOf(['officer1', pendingUserId])).toEqual(
      [
        { user_id: 'officer1', access_ends_at: endsAt, status: 'active' },
        { user_id: pendingUserId, access_ends_at: endsAt, status: 'pending_activation' },
      ].sort((a, b) => a.user_id.localeCompare(b.user_id)),
    );
    const officer2 = await accountsOf(['officer2']);
    expect(officer2[0]?.access_ends_at).toBeNull();
    const ending = await db
      .selectFrom('audit_events')
      .select(['target', 'detail'])
      .where('type', '=', 'account.access_ending')
      .execute();
    expect(ending.map((e) => e.target).sort()).toEqual(['officer1', pendingUserId].sort());
    expect(JSON.parse(ending[0]?.detail ?? '{}')).toMatchObject({ district: 'lucknow', ends_at: endsAt });
    const noticeOf = (target: string) =>
      (JSON.parse(ending.find((e) => e.target === target)?.detail ?? '{}') as { notice?: string }).notice;
    expect(noticeOf('officer1')).toBe('mailed');
    expect(noticeOf(pendingUserId)).toBe('not_activated');

    const notices = await db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('kind', '=', 'access_ending')
      .execute();
    // The officer who never activated is not told that access they never began is ending.
    expect(notices).toHaveLength(1);
    const sealed = notices[0]?.body_sealed;
    if (!sealed) throw new Error('no sealed body');
    const body = JSON.parse(t.deps.keyring.open('mail-encryption', sealed)) as { text: string };
    expect(body.text).toContain('Lucknow district office open again');
    expect(body.text).toContain('लखनऊ जनपद कार्यालय');
    expect(body.text).toContain('4411/CT/2026');

    const detail = await hq.fetch(`${t.portalOrigin}/console/districts/lucknow?recorded=1`);
    expect(detail.body).toContain('role="status"');
    expect(detail.body).toContain('Remote access of 2 officer accounts in this district ends on');
  });

  it('clears the access end when HQ closes the office again before it, newest history first', async () => {
    t.clock.advance(DAY_MS);
    // A day later the console sessions have gone idle: sign in again.
    hq = await consoleLogin(t, 'hq.admin', 'Admin@Dwaar1');
    zonal = await consoleLogin(t, 'zonal.lucknow', 'Zonal@Dwaar1');
    const done = await post(
      hq,
      valid({ status: 'closed', orderNo: '4420/CT/2026', reason: 'Repairs resumed' }),
    );
    expect(done.status).toBe(303);
    const accounts = await accountsOf(['officer1', pendingUserId]);
    expect(accounts.map((a) => a.access_ends_at)).toEqual([null, null]);
    const cleared = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['target', 'detail'])
      .where('type', '=', 'account.access_ending')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    for (const c of cleared)
      expect(JSON.parse(c.detail)).toMatchObject({ ends_at: null, cleared: 'office_closed' });

    const detail = await zonal.fetch(`${t.portalOrigin}/console/districts/lucknow`);
    expect(detail.status).toBe(200);
    expect(detail.body.indexOf('4420/CT/2026')).toBeGreaterThan(0);
    expect(detail.body.indexOf('4420/CT/2026')).toBeLessThan(detail.body.indexOf('4411/CT/2026'));
    expect(detail.body).toContain('<th scope="col">');
    expect(detail.body).not.toContain('/console/districts/lucknow/status');
  });

  it('audits once with the count when more than 50 accounts are affected', async () => {
    const db = t.deps.store.db;
    const now = t.clock.now();
    const officers = Array.from({ length: 52 }, (_, i) => ({
      employee_no: `BULK${String(i).padStart(3, '0')}`,
      name_en: `Bulk Officer ${i}`,
      name_hi: `अधिकारी ${i}`,
      rank_id: 'cto',
      wing_id: 'adjudication',
      district_id: 'unnao',
      email: `bulk${i}@ctd.up.example`,
      mobile: null,
      created_at: now,
    }));
    await db.insertInto('officers').values(officers).execute();
    const ids = await db
      .selectFrom('officers')
      .select(['id', 'employee_no'])
      .where('employee_no', 'like', 'BULK%')
      .execute();
    await db
      .insertInto('accounts')
      .values(
        ids.map((o) =>
          accountValues(now, {
            user_id: o.employee_no.toLowerCase(),
            officer_id: o.id,
            display_name: o.employee_no,
            // One is locked for a while by failed logins (included), one is suspended (left alone).
            status:
              o.employee_no === 'BULK000' ? 'locked' : o.employee_no === 'BULK001' ? 'suspended' : 'active',
          }),
        ),
      )
      .execute();
    const page = await hq.fetch(`${t.portalOrigin}/console/districts/unnao/status`);
    const done = await hq.fetch(`${t.portalOrigin}/console/districts/unnao/status`, {
      form: { _csrf: csrfFrom(page.body), ...valid({ orderNo: '77/CT/2026' }) },
    });
    expect(done.status).toBe(303);
    const events = await db
      .selectFrom('audit_events')
      .select(['target', 'detail'])
      .where('type', '=', 'account.access_ending')
      .where('target', '=', 'unnao')
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.detail ?? '{}')).toMatchObject({
      district: 'unnao',
      accounts: 51,
      mailed: 51,
    });
    const notices = await db
      .selectFrom('mail_outbox')
      .select('id')
      .where('kind', '=', 'access_ending')
      .execute();
    expect(notices.length).toBe(1 + 51);
    const suspended = await accountsOf(['bulk000', 'bulk001']);
    expect(suspended.map((a) => a.access_ends_at === null)).toEqual([false, true]);
  });
});
