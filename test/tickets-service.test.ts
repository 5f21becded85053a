import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerActor, TicketRow } from '../src/helpdesk/index.ts';
import { replyAddressFor } from '../src/helpdesk/index.ts';
import { TEST_DIALECTS } from './test-env.ts';
import {
  auditOf,
  createTicketTestApp,
  hqAdmin,
  MONDAY_11_IST,
  HOUR,
  officer,
  outbox,
  siElsewhere,
  siLucknow,
  zonalLucknow,
  type TicketTestApp,
} from './tickets-support.ts';

describe.each(TEST_DIALECTS)('the ticket service on %s', (dialect) => {
  let t: TicketTestApp;
  let me: OfficerActor;
  let other: OfficerActor;
  let ticket: TicketRow;
  const db = () => t.deps.store.db;
  const row = (id: number) =>
    db().selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventCount = async (id: number) =>
    (await db().selectFrom('ticket_events').select('id').where('ticket_id', '=', id).execute()).length;
  const replyTo = (number: string) =>
    replyAddressFor(number, t.deps.keyring.derive('ticket-replies'), t.deps.config.helpdesk.replyDomain);

  beforeAll(async () => {
    t = await createTicketTestApp(dialect);
    me = await officer(t, 'officer1');
    other = await officer(t, 'officer2');
  });
  afterAll(() => t.close());

  it('opens a ticket for the SI of the officer’s location, with SLA targets in business time', async () => {
    ticket = await t.tickets.open(me, {
      category: 'cannot_log_in',
      description: 'My account says locked since this morning after I typed the password three times',
    });
    expect(ticket).toMatchObject({
      number: 'T-2026-000001',
      user_id: 'officer1',
      district_id: 'lucknow',
      zone_id: 'lucknow',
      status: 'new',
      tier: 'si',
      priority: 'high',
      subject: 'Cannot log in: My account says locked since this morning after…',
      created_at: MONDAY_11_IST,
    });
    // High: 60 minutes to respond, 480 to resolve; Monday 11:00 → 12:00, and Tuesday 11:00.
    expect(ticket.response_due_at).toBe(MONDAY_11_IST + HOUR);
    expect(ticket.resolution_due_at).toBe(MONDAY_11_IST + 24 * HOUR);
    const [event] = await t.tickets.events(ticket.id, me);
    expect(event).toMatchObject({ kind: 'created', visibility: 'public', author: 'officer1', via: 'portal' });
    expect((await auditOf(t, 'ticket.opened')).at(-1)).toMatchObject({
      actor: 'officer1',
      detail: { ticket: 'T-2026-000001', category: 'cannot_log_in', priority: 'high', tier: 'si' },
    });
  });

  it('mails the officer the number, their SI and the ticket’s reply address', async () => {
    const [mail] = await outbox(t, 'ticket_opened');
    expect(mail?.subject).toContain('[T-2026-000001]');
    expect(mail?.replyTo).toBe(replyTo('T-2026-000001'));
    expect(mail?.to).toMatch(/@ctd\.up\.example$/);
    expect(mail?.text).toContain('Ramesh Verma');
    expect(mail?.text).toContain('0522-4000001');
    expect(mail?.text).toContain('सोम–शनि 10:00–18:00');
    expect(mail?.text).toContain('/help/tickets/T-2026-000001');
  });

  it('numbers tickets uniquely when many are opened at once', async () => {
    const opened = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.tickets.open(other, { category: 'slow', description: `Slow ${i}` }),
      ),
    );
    const numbers = new Set(opened.map((o) => o.number));
    expect(numbers.size).toBe(6);
    expect([...numbers].every((n) => /^T-2026-00000[2-7]$/.test(n))).toBe(true);
    expect(opened[0]?.priority).toBe('normal');
  });

  it('refuses an empty or too long description and a made-up category, creating nothing', async () => {
    const before = (await db().selectFrom('tickets').select('id').execute()).length;
    for (const input of [
      { category: 'slow' as const, description: '   ' },
      { category: 'slow' as const, description: 'x'.repeat(5001) },
      { category: 'hacking' as 'slow', description: 'hello' },
    ])
      await expect(t.tickets.open(me, input)).rejects.toMatchObject({ code: 'TICKET_INVALID', status: 400 });
    expect((await db().selectFrom('tickets').select('id').execute()).length).toBe(before);
  });

  it('hides a ticket from another officer as not found, and audits the attempt', async () => {
    await expect(t.tickets.find(ticket.id, other)).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
      status: 404,
    });
    await expect(t.tickets.findByNumber(ticket.number, other)).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    await expect(t.tickets.events(ticket.id, other)).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    await expect(
      t.tickets.reply(ticket.id, other, { body: 'me too', visibility: 'public' }),
    ).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    const refused = (await auditOf(t, 'ticket.refused')).filter((a) => a.actor === 'officer2');
    expect(refused.length).toBe(4);
    expect(refused[0]?.detail).toMatchObject({ ticket: ticket.number, tried: 'read', actor: 'officer' });
    expect(await eventCount(ticket.id)).toBe(1);
    expect((await t.tickets.listOwn(other)).every((o) => o.account_id === other.accountId)).toBe(true);
  });

  it('refuses an SI of another location (403) and audits it; a zonal head may read but not work', async () => {
    await expect(t.tickets.find(ticket.id, siElsewhere)).rejects.toMatchObject({
      code: 'TICKET_FORBIDDEN',
      status: 403,
    });
    await expect(
      t.tickets.reply(ticket.id, siElsewhere, { body: 'hi', visibility: 'public' }),
    ).rejects.toMatchObject({ code: 'TICKET_FORBIDDEN' });
    await expect(t.tickets.setStatus(ticket.id, siElsewhere, 'resolved')).rejects.toMatchObject({
      code: 'TICKET_FORBIDDEN',
    });
    const refused = (await auditOf(t, 'ticket.refused')).filter((a) => a.actor === 'si.kanpur');
    expect(refused.map((a) => a.detail.tried)).toEqual(['read', 'reply', 'status:resolved']);
    expect((await t.tickets.find(ticket.id, zonalLucknow)).id).toBe(ticket.id);
    await expect(
      t.tickets.reply(ticket.id, zonalLucknow, { body: 'hi', visibility: 'public' }),
    ).rejects.toMatchObject({ code: 'TICKET_FORBIDDEN' });
    expect(await row(ticket.id)).toMatchObject({ status: 'new', first_response_at: null });
    expect(await eventCount(ticket.id)).toBe(1);
  });

  it('keeps internal notes from the officer and out of every mail', async () => {
    const before = (await outbox(t)).length;
    await t.tickets.reply(ticket.id, siLucknow, {
      body: 'SECRET-NOTE gateway log shows lockout',
      visibility: 'internal',
    });
    expect((await outbox(t)).length).toBe(before);
    expect(await row(ticket.id)).toMatchObject({ status: 'new', first_response_at: null });
    expect((await t.tickets.events(ticket.id, me)).map((e) => e.kind)).toEqual(['created']);
    expect((await t.tickets.events(ticket.id, siLucknow)).map((e) => e.kind)).toEqual(['created', 'note']);
    await expect(
      t.tickets.reply(ticket.id, me, { body: 'sneaky', visibility: 'internal' }),
    ).rejects.toMatchObject({ code: 'TICKET_INVALID' });
    expect((await auditOf(t, 'ticket.noted')).at(-1)).toMatchObject({ actor: 'si.lucknow' });
  });

  it('a public staff reply meets the response target, takes the ticket in hand and is mailed', async () => {
    t.clock.advance(10 * 60_000);
    await t.tickets.reply(ticket.id, siLucknow, {
      body: 'I have unlocked your account.',
      visibility: 'public',
    });
    expect(await row(ticket.id)).toMatchObject({
      status: 'in_progress',
      first_response_at: MONDAY_11_IST + 10 * 60_000,
      response_due_at: null,
    });
    const [mail] = await outbox(t, 'ticket_reply');
    expect(mail?.subject).toContain('[T-2026-000001]');
    expect(mail?.replyTo).toBe(replyTo('T-2026-000001'));
    expect(mail?.text).toContain('I have unlocked your account.');
    for (const m of await outbox(t)) expect(m.text + m.html).not.toContain('SECRET-NOTE');
  });

  it('enforces the status transitions, changing nothing on a refused one', async () => {
    const before = await row(ticket.id);
    const events = await eventCount(ticket.id);
    await expect(t.tickets.setStatus(ticket.id, siLucknow, 'closed')).rejects.toMatchObject({
      code: 'TICKET_STATE',
      status: 409,
    });
    await expect(t.tickets.setStatus(ticket.id, me, 'resolved')).rejects.toMatchObject({
      code: 'TICKET_STATE',
    });
    await expect(t.tickets.setStatus(ticket.id, siLucknow, 'sleeping' as 'new')).rejects.toMatchObject({
      code: 'TICKET_INVALID',
    });
    expect(await row(ticket.id)).toEqual(before);
    expect(await eventCount(ticket.id)).toBe(events);

    await t.tickets.setStatus(ticket.id, siLucknow, 'waiting_for_officer', 'Please try to log in now');
    const [waiting] = await outbox(t, 'ticket_status');
    expect(waiting?.subject).toContain('[T-2026-000001]');
    expect(waiting?.text).toContain('Please try to log in now');
    await t.tickets.reply(ticket.id, me, { body: 'It works now, thank you', visibility: 'public' });
    expect((await row(ticket.id)).status).toBe('in_progress');
    expect((await outbox(t, 'ticket_reply')).length).toBe(1);

    t.clock.advance(HOUR);
    const resolved = await t.tickets.setStatus(ticket.id, siLucknow, 'resolved');
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolved_at: t.clock.now(),
      resolution_due_at: null,
    });
    const reopened = await t.tickets.setStatus(ticket.id, me, 'reopened', 'Locked again');
    expect(reopened).toMatchObject({ status: 'reopened', resolved_at: null });
    expect(reopened.resolution_due_at).toBeGreaterThan(t.clock.now());
    const closed = await t.tickets.setStatus(ticket.id, me, 'closed');
    expect(closed).toMatchObject({ status: 'closed', closed_at: t.clock.now() });
    await expect(
      t.tickets.reply(ticket.id, siLucknow, { body: 'late', visibility: 'public' }),
    ).rejects.toMatchObject({ code: 'TICKET_STATE' });
    const statuses = (await outbox(t, 'ticket_status')).map((m) => m.subject);
    expect(statuses.length).toBe(4);
    expect(statuses.every((s) => s.includes('[T-2026-000001]'))).toBe(true);
    expect((await auditOf(t, 'ticket.status_changed')).map((a) => a.detail.to)).toEqual([
      'waiting_for_officer',
      'resolved',
      'reopened',
      'closed',
    ]);
  });

  it('escalates by hand with a reason, audited, and not beyond HQ', async () => {
    const [second] = await t.tickets.listOwn(other);
    if (!second) throw new Error('no ticket');
    await expect(t.tickets.escalate(second.id, siLucknow, ' ')).rejects.toMatchObject({
      code: 'TICKET_INVALID',
    });
    // officer2 is in Hardoi, not Lucknow: out of this SI's reach.
    await expect(t.tickets.escalate(second.id, siLucknow, 'Needs HQ')).rejects.toMatchObject({
      code: 'TICKET_FORBIDDEN',
    });
    const up = await t.tickets.escalate(second.id, hqAdmin, 'Back office issue');
    expect(up.tier).toBe('helpdesk');
    expect((await t.tickets.escalate(second.id, hqAdmin, 'Still failing')).tier).toBe('hq');
    await expect(t.tickets.escalate(second.id, hqAdmin, 'Again')).rejects.toMatchObject({
      code: 'TICKET_STATE',
    });
    expect((await auditOf(t, 'ticket.escalated')).map((a) => a.detail.to)).toEqual(['helpdesk', 'hq']);
    expect((await t.tickets.events(second.id, other)).map((e) => e.kind)).toEqual(['created']);
  });

  it('records an action with its reason as an internal event, and changes priority with new targets', async () => {
    const [third] = await t.tickets.listOwn(other);
    if (!third) throw new Error('no ticket');
    await t.tickets.recordAction(third.id, hqAdmin, 'unlock', 'Officer called, identity checked');
    expect((await auditOf(t, 'ticket.action')).at(-1)?.detail).toMatchObject({ action: 'unlock' });
    const urgent = await t.tickets.setPriority(third.id, hqAdmin, 'urgent');
    expect(urgent.priority).toBe('urgent');
    expect((await auditOf(t, 'ticket.priority_changed')).at(-1)?.detail).toMatchObject({ to: 'urgent' });
    await expect(t.tickets.setPriority(third.id, hqAdmin, 'panic' as 'low')).rejects.toMatchObject({
      code: 'TICKET_INVALID',
    });
    expect((await t.tickets.events(third.id, other)).map((e) => e.kind)).toEqual(['created']);
  });
});
