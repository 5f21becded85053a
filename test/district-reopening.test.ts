import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualClock } from '../src/clock.ts';
import { expireEndedAccess } from '../src/directory/access-expiry.ts';
import { provisionPendingOfficer } from './factories/activation.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { type Browser, csrfFrom, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';

/**
 * HQ reopens Lucknow at 03:43 on Wednesday 9 December 2026 (India time), quoting an order of the day before
 * typed the way the department writes dates. Access ends at the close of the third working day after:
 * Thursday 10, Friday 11, (second Saturday 12 and Sunday 13 are not working days), Monday 14 at 18:00 IST.
 */
const RECORDED_AT = Date.UTC(2026, 11, 8, 22, 13); // 09-12-2026 03:43 IST
const ENDS_AT = Date.UTC(2026, 11, 14, 12, 30); // 14-12-2026 18:00 IST
const MINUTE = 60_000;

const SealedBody = z.object({ text: z.string(), html: z.string() });

/** Audit events' details by their target. */
const byTarget = (rows: readonly { target: string | null; detail: string }[]) =>
  new Map(rows.map((r) => [r.target ?? '', JSON.parse(r.detail) as Record<string, unknown>]));

describe.each(TEST_DIALECTS)('reopening a district office on %s', (dialect) => {
  let t: TestApp;
  let hq: Browser;
  let pending: { userId: string; email: string };

  beforeAll(async () => {
    t = await createTestApp({ dialect, clock: createManualClock(RECORDED_AT - 10 * MINUTE) });
    hq = await consoleSignIn(t, 'hq.admin', 'Admin@Dwaar1');
    // A Lucknow officer approved a little earlier: account pending activation, activation mail queued.
    pending = await provisionPendingOfficer(t.deps, 'lucknow', 'hq.admin');
    t.clock.advance(RECORDED_AT - t.clock.now());
  });
  afterAll(async () => {
    await t.close();
  });

  const statusUrl = () => `${t.portalOrigin}/console/districts/lucknow/status`;
  async function post(form: Record<string, string>, lang: 'en' | 'hi' = 'en'): Promise<Reply> {
    const headers = { 'accept-language': lang };
    const page = await hq.fetch(statusUrl(), { headers });
    return hq.fetch(statusUrl(), { form: { _csrf: csrfFrom(page.body), ...form }, headers });
  }
  const order = (over: Record<string, string> = {}) => ({
    status: 'open',
    orderNo: '4411/CT/2026',
    orderDate: '08-12-2026',
    reason: 'Office reopened after repairs',
    step: 'review',
    ...over,
  });
  const mailsOf = async (kind: string) => {
    const rows = await t.deps.store.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'body_sealed'])
      .where('kind', '=', kind)
      .execute();
    return rows.map((r) => ({
      to: r.to_address,
      ...SealedBody.parse(JSON.parse(t.deps.keyring.open('mail-encryption', r.body_sealed ?? ''))),
    }));
  };

  it('asks for the order date as dd-mm-yyyy, with the hint and the error beside the field in both languages', async () => {
    const form = await hq.fetch(statusUrl());
    expect(form.body).toContain('Write it as dd-mm-yyyy, for example 28-11-2026.');
    expect(form.body).not.toContain('YYYY-MM-DD');
    expect(form.body).toContain(
      'remote access ends 3 working days after the order is recorded, at the close of that working day (18:00 India time;',
    );

    for (const typed of ['31-11-2026', '2026/12/08', '8 December', '08-12-26']) {
      const bad = await post(order({ orderDate: typed }));
      expect(bad.status, typed).toBe(400);
      expect(bad.body).toContain(
        '<p class="field-error" id="orderDate-error">Enter the order date as dd-mm-yyyy, for example 28-11-2026.</p>',
      );
      expect(bad.body).toContain('aria-describedby="orderDate-hint orderDate-error"');
      expect(bad.body).toContain(`value="${typed}"`);
    }
    const hindi = await post(order({ orderDate: '31-11-2026' }), 'hi');
    expect(hindi.status).toBe(400);
    expect(hindi.body).toContain('dd-mm-yyyy रूप में लिखें, उदाहरण: 28-11-2026।');
    expect(hindi.body).toContain('आदेश दिनांक dd-mm-yyyy रूप में दर्ज करें, उदाहरण: 28-11-2026।');

    const future = await post(order({ orderDate: '10/12/2026' }));
    expect(future.status).toBe(400);
    expect(future.body).toContain('The order date cannot be in the future.');
  });

  it('accepts dd-mm-yyyy, dd/mm/yyyy and a date picker’s yyyy-mm-dd, and shows the end time before confirming', async () => {
    for (const typed of ['08-12-2026', '08/12/2026', '8/12/2026', '2026-12-08']) {
      const review = await post(order({ orderDate: typed }));
      expect(review.status, typed).toBe(200);
      expect(review.body).toContain('Confirm the change');
      expect(review.body).toContain('<dd>08-12-2026</dd>');
      expect(review.body).toContain('name="orderDate" value="08-12-2026"');
      expect(review.body).toContain(
        'Remote access of 2 officer accounts in this district will end on 14-12-2026, 18:00 (India time), the close of that working day.',
      );
      expect(review.body).toContain(
        '1 of these officers have not activated their account yet: they get no notice, and their activation link stops working at that time.',
      );
    }
    const hindi = await post(order(), 'hi');
    expect(hindi.body).toContain('रिमोट एक्सेस 14-12-2026, 18:00 (भारतीय समय)');
    // Nothing is recorded by the review step.
    const history = await t.deps.store.db.selectFrom('district_status_history').select('id').execute();
    expect(history).toHaveLength(0);
  });

  it('records the change: access ends at 18:00 India time, only activated officers are mailed, and the mail says when', async () => {
    // As a date picker sends it (the forms people type are covered above), so only the end and the mails differ.
    const done = await post(order({ orderDate: '2026-12-08', step: 'confirm' }));
    expect(done.status).toBe(303);
    const db = t.deps.store.db;
    const history = await db
      .selectFrom('district_status_history')
      .select(['order_date'])
      .executeTakeFirstOrThrow();
    expect(history.order_date).toBe('2026-12-08');
    const accounts = await db
      .selectFrom('accounts')
      .select(['user_id', 'access_ends_at', 'status'])
      .where('user_id', 'in', ['officer1', pending.userId])
      .execute();
    expect(accounts).toHaveLength(2);
    for (const a of accounts) expect(a.access_ends_at).toBe(ENDS_AT);

    const officer1 = await db
      .selectFrom('accounts as a')
      .innerJoin('officers as o', 'o.id', 'a.officer_id')
      .select('o.email')
      .where('a.user_id', '=', 'officer1')
      .executeTakeFirstOrThrow();
    const ending = await mailsOf('access_ending');
    expect(ending.map((m) => m.to)).toEqual([officer1.email]);
    const [mail] = ending;
    expect(mail?.text).toContain(
      'ends on 14 December 2026 at 18:00 India time, at the close of that working day.',
    );
    expect(mail?.text).toContain('14 दिसंबर 2026 को 18:00 बजे');
    expect(mail?.html).toContain('14 December 2026 at 18:00');
    // The officer who has not activated has their activation mail only.
    expect((await mailsOf('activation')).map((m) => m.to)).toEqual([pending.email]);

    const audit = await db
      .selectFrom('audit_events')
      .select(['target', 'detail'])
      .where('type', '=', 'account.access_ending')
      .execute();
    const notices = byTarget(audit);
    expect(notices.get('officer1')).toMatchObject({ notice: 'mailed', ends_at: ENDS_AT });
    expect(notices.get(pending.userId)).toMatchObject({ notice: 'not_activated', ends_at: ENDS_AT });

    const detail = await hq.fetch(`${t.portalOrigin}/console/districts/lucknow?recorded=1`);
    expect(detail.body).toContain('No. 4411/CT/2026, dated 08-12-2026');
    expect(detail.body).toContain(
      'Remote access of 2 officer accounts in this district ends on 14-12-2026, 18:00.',
    );
  });

  it('ends access, and the pending activation with it, at 18:00 India time on the third working day', async () => {
    t.clock.advance(ENDS_AT - MINUTE - t.clock.now());
    expect(await expireEndedAccess(t.deps)).toEqual({ expired: 0, sessionsEnded: 0 });
    t.clock.advance(MINUTE);
    expect((await expireEndedAccess(t.deps)).expired).toBe(2);
    const db = t.deps.store.db;
    const expired = await db
      .selectFrom('audit_events')
      .select(['target', 'detail'])
      .where('type', '=', 'account.expired')
      .execute();
    const details = byTarget(expired);
    expect(details.get(pending.userId)).toEqual({
      cause: 'access_ends_at',
      ended_at: ENDS_AT,
      activation_withdrawn: true,
    });
    expect(details.get('officer1')).toEqual({ cause: 'access_ends_at', ended_at: ENDS_AT });
    const account = await db
      .selectFrom('accounts')
      .select('status')
      .where('user_id', '=', pending.userId)
      .executeTakeFirstOrThrow();
    expect(account.status).toBe('expired');
  });
});
