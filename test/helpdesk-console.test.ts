import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.ts';
import { indiaTime } from '../src/i18n/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { insertAccount } from './factories/accounts.ts';
import { consoleSignIn } from './factories/staff.ts';
import { insertTicket } from './factories/tickets.ts';
import { csrfFrom, type Browser } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

// A Tuesday morning in India: business hours, so SLA clocks run.
const START = indiaTime({ year: 2026, month: 12, day: 1 }, 10, 30);
const HELPDESK_PASSWORD = 'Helpdesk@Dwaar1';

describe.each(TEST_DIALECTS)('the helpdesk in the console on %s', (dialect) => {
  let t: TestApp;
  const browsers = new Map<string, Browser>();
  const db = () => t.deps.store.db;
  const url = (path: string) => `${t.portalOrigin}${path}`;
  let lucknow: { id: number; number: string };
  let hardoi: { id: number; number: string };
  let escalated: { id: number; number: string };
  let breached: { id: number; number: string };

  async function as(userId: string): Promise<Browser> {
    const known = browsers.get(userId);
    if (known) return known;
    const password = userId === 'helpdesk.one' ? HELPDESK_PASSWORD : undefined;
    const browser = await consoleSignIn(t, userId, password);
    browsers.set(userId, browser);
    return browser;
  }

  async function auditOf(type: string) {
    return db()
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', type)
      .orderBy('seq')
      .execute();
  }

  async function accountStatus(userId: string) {
    const row = await db()
      .selectFrom('accounts')
      .select('status')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return row.status;
  }

  /** Posts a ticket's form with the CSRF token of the ticket's page. */
  async function post(b: Browser, number: string, form: string, fields: Record<string, string>) {
    const page = await b.fetch(url(`/console/helpdesk/tickets/${number}`));
    const csrf = page.status === 200 ? csrfFrom(page.body) : csrfFrom((await b.fetch(url('/console'))).body);
    return b.fetch(url(`/console/helpdesk/tickets/${number}/${form}`), { form: { _csrf: csrf, ...fields } });
  }

  beforeAll(async () => {
    t = await createTestApp({ dialect, clock: createManualClock(START) });
    const now = t.clock.now();
    await insertAccount(db(), now, {
      user_id: 'helpdesk.one',
      role: 'helpdesk',
      display_name: 'Helpdesk One',
      email: 'helpdesk.one@ctd.up.example',
      password_hash: await t.deps.passwords.hash(HELPDESK_PASSWORD),
    });
    await db()
      .updateTable('accounts')
      .set({ status: 'locked', locked_until: now + 3_600_000 })
      .where('user_id', '=', 'officer1')
      .execute();
    await t.deps.audit.append({ type: 'login.failed', actor: 'officer1', ip: '192.0.2.7', detail: {} });
    await t.deps.audit.append({ type: 'login.locked', actor: 'officer1', ip: '192.0.2.7', detail: {} });
    lucknow = await insertTicket(db(), now - 600_000, 'officer1');
    hardoi = await insertTicket(db(), now - 500_000, 'officer2', { category: 'slow', priority: 'normal' });
    escalated = await insertTicket(db(), now - 400_000, 'officer1', {
      tier: 'helpdesk',
      escalated_at: now - 1000,
      category: 'activation_link',
    });
    breached = await insertTicket(db(), now - 300_000, 'officer2', {
      tier: 'helpdesk',
      response_due_at: now - 60_000,
      response_breached_at: now - 30_000,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows a system integrator the tickets of their district only, the escalated ones read-only', async () => {
    const si = await as('si.lucknow');
    const queue = await si.fetch(url('/console/helpdesk'));
    expect(queue.status).toBe(200);
    expect(queue.body).toContain(lucknow.number);
    expect(queue.body).toContain(escalated.number);
    expect(queue.body).not.toContain(hardoi.number);
    expect(queue.body).not.toContain(breached.number);
    expect(queue.body).toContain('Response due in');
    expect(queue.body).toContain('2 tickets.');
    // The SI's own tier alone: one ticket, said in the singular.
    const own = await si.fetch(url('/console/helpdesk?tier=si'));
    expect(own.body).toContain(lucknow.number);
    expect(own.body).toContain('1 ticket.');
    // The district's CSV holds the same tickets, and the export is audited.
    const csv = await si.fetch(url('/console/helpdesk.csv?status=open'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows: string[][] = parse(csv.body, { bom: true, relax_column_count: true });
    const cells = rows.flat();
    expect(cells).toContain(lucknow.number);
    expect(cells).not.toContain(hardoi.number);
    expect((await auditOf('report.exported')).some((e) => e.target === 'tickets')).toBe(true);
    // The escalated ticket: readable, without forms; a post on it refused and audited.
    const page = await si.fetch(url(`/console/helpdesk/tickets/${escalated.number}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('You can read this ticket but not work on it.');
    expect(page.body).not.toContain(`/tickets/${escalated.number}/reply`);
    const refused = await post(si, escalated.number, 'reply', { body: 'hello', visibility: 'public' });
    expect(refused.status).toBe(403);
    const audited = await auditOf('ticket.refused');
    expect(audited.some((e) => e.actor === 'si.lucknow' && e.target === escalated.number)).toBe(true);
  });

  it('refuses the Lucknow SI a Hardoi ticket with 403, audited, and shows nothing of it', async () => {
    const si = await as('si.lucknow');
    const before = (await auditOf('ticket.refused')).length;
    const reply = await si.fetch(url(`/console/helpdesk/tickets/${hardoi.number}`));
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain('officer2');
    const after = await auditOf('ticket.refused');
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)?.actor).toBe('si.lucknow');
    // Nor through an attachment's address, nor a form.
    expect((await si.fetch(url(`/console/helpdesk/tickets/${hardoi.number}/attachments/1`))).status).toBe(
      403,
    );
    expect((await post(si, hardoi.number, 'unlock', { reason: 'trying my luck' })).status).toBe(403);
  });

  it('shows the officer, the diagnosis and the gateway events on the ticket, without secrets', async () => {
    const si = await as('si.lucknow');
    const page = await si.fetch(url(`/console/helpdesk/tickets/${lucknow.number}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('officer1');
    expect(page.body).toContain('<code>login.locked</code>');
    expect(page.body).toContain('192.0.2.7');
    expect(page.body).toContain('Unlock the account');
    expect(page.body).not.toMatch(/argon2|password_hash|totp_secret/i);
  });

  it('refuses an unlock without a reason with 400, changing nothing', async () => {
    const si = await as('si.lucknow');
    const reply = await post(si, lucknow.number, 'unlock', { reason: '' });
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('Give a reason.');
    expect(reply.body).toContain('href="#unlock-reason"');
    expect(await accountStatus('officer1')).toBe('locked');
    expect(await auditOf('account.unlocked')).toHaveLength(0);
    expect(await auditOf('ticket.action')).toHaveLength(0);
  });

  it('lets the SI unlock the officer from the ticket with a reason: account, audit and ticket agree', async () => {
    const si = await as('si.lucknow');
    const reason = 'Officer called; identity checked by phone';
    const reply = await post(si, lucknow.number, 'unlock', { reason });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(url(`/console/helpdesk/tickets/${lucknow.number}?done=unlock`));
    expect(await accountStatus('officer1')).toBe('active');
    const unlocked = await auditOf('account.unlocked');
    expect(unlocked).toHaveLength(1);
    expect(unlocked[0]?.actor).toBe('si.lucknow');
    expect(JSON.parse(unlocked[0]?.detail ?? '{}')).toMatchObject({ reason });
    expect((await auditOf('ticket.action')).some((e) => e.actor === 'si.lucknow')).toBe(true);
    const events = await db()
      .selectFrom('ticket_events')
      .select(['kind', 'visibility', 'author'])
      .where('ticket_id', '=', lucknow.id)
      .where('kind', '=', 'action')
      .execute();
    expect(events).toEqual([{ kind: 'action', visibility: 'internal', author: 'si.lucknow' }]);
    const page = await si.fetch(reply.location ?? '');
    expect(page.body).toContain('The account is unlocked');
    expect(page.body).toContain('Internal note (staff only)');
  });

  it('gives the helpdesk the escalated tickets as its queue, breaches marked in words', async () => {
    const helpdesk = await as('helpdesk.one');
    const queue = await helpdesk.fetch(url('/console/helpdesk'));
    expect(queue.status).toBe(200);
    expect(queue.body).toContain(escalated.number);
    expect(queue.body).toContain(breached.number);
    expect(queue.body).not.toContain(lucknow.number);
    expect(queue.body).not.toContain(hardoi.number);
    expect(queue.body).toContain('Breached: no response in time');
    // All tiers on request.
    const all = await helpdesk.fetch(url('/console/helpdesk?tier=all'));
    expect(all.body).toContain(hardoi.number);
  });

  it('shows the zonal head their zone read-only: no forms, posts refused', async () => {
    const zonal = await as('zonal.lucknow');
    const queue = await zonal.fetch(url('/console/helpdesk?tier=all'));
    expect(queue.status).toBe(200);
    expect(queue.body).toContain(lucknow.number);
    const page = await zonal.fetch(url(`/console/helpdesk/tickets/${lucknow.number}`));
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('name="reason"');
    expect(page.body).not.toContain(`/tickets/${lucknow.number}/reply`);
    const csrf = csrfFrom(page.body);
    const posted = await zonal.fetch(url(`/console/helpdesk/tickets/${lucknow.number}/reply`), {
      form: { _csrf: csrf, body: 'Looking into it', visibility: 'public' },
    });
    expect(posted.status).toBe(403);
    expect(
      await db().selectFrom('ticket_events').select('id').where('author', '=', 'zonal.lucknow').execute(),
    ).toHaveLength(0);
    // The set-up pages are HQ's.
    expect((await zonal.fetch(url('/console/helpdesk/locations'))).status).toBe(403);
  });

  it('refuses a filter it does not know with 400', async () => {
    const hq = await as('hq.admin');
    const reply = await hq.fetch(url('/console/helpdesk?status=lost'));
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('The filters were not understood');
  });

  it('lets the helpdesk escalate with a reason, and refuses an escalation without one', async () => {
    const helpdesk = await as('helpdesk.one');
    const bare = await post(helpdesk, escalated.number, 'escalate', { reason: ' ' });
    expect(bare.status).toBe(400);
    const row = () =>
      db().selectFrom('tickets').select('tier').where('id', '=', escalated.id).executeTakeFirstOrThrow();
    expect((await row()).tier).toBe('helpdesk');
    const done = await post(helpdesk, escalated.number, 'escalate', {
      reason: 'Needs HQ to reissue the link',
    });
    expect(done.status).toBe(303);
    expect((await row()).tier).toBe('hq');
  });
});
