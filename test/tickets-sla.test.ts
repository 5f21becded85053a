import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OfficerActor, TicketDeps } from '../src/helpdesk/index.ts';
import { runSlaPass, startSlaScheduler } from '../src/helpdesk/index.ts';
import { escalateIfDue } from '../src/helpdesk/sla-scheduler.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { TEST_DIALECTS, TEST_PG_URL } from './test-env.ts';
import {
  auditOf,
  createTicketTestApp,
  hqAdmin,
  officer,
  outbox,
  type TicketTestApp,
} from './tickets-support.ts';

describe.each(TEST_DIALECTS)('SLA escalation on %s', (dialect) => {
  let t: TicketTestApp;
  let me: OfficerActor;
  /** A second node: its own connection pool on the same database (PostgreSQL), else the same store. */
  let second: Store | undefined;
  let node2: TicketDeps;
  const db = () => t.deps.store.db;
  const node1 = () => ({ ...t.deps, logger: t.deps.logger });
  const eventsOf = async (id: number, kind: string) =>
    (
      await db()
        .selectFrom('ticket_events')
        .select('id')
        .where('ticket_id', '=', id)
        .where('kind', '=', kind)
        .execute()
    ).length;
  const auditFor = async (type: string, id: number) =>
    (await auditOf(t, type)).filter((a) => a.target === String(id)).length;
  /** Moves the clock a minute past the ticket's first-response target (its resolution target is later). */
  const pastResponseDue = async (id: number) => {
    const row = await db().selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (row.response_due_at === null) throw new Error('no response target');
    t.clock.advance(row.response_due_at - t.clock.now() + 60_000);
  };
  const open = (description: string) => t.tickets.open(me, { category: 'cannot_log_in', description });

  beforeAll(async () => {
    t = await createTicketTestApp(dialect);
    me = await officer(t, 'officer1');
    if (dialect === 'postgres' && TEST_PG_URL)
      second = await openStore(TEST_PG_URL, { pgSchema: t.pgSchema });
    node2 = { ...t.deps, store: second ?? t.deps.store };
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await second?.close();
    await t.close();
  });

  it('does nothing before a target passes', async () => {
    const ticket = await open('not yet due');
    t.clock.advance(30 * 60_000);
    expect(await runSlaPass(node1())).toBe(0);
    expect(await eventsOf(ticket.id, 'breach')).toBe(0);
    await t.tickets.setStatus(ticket.id, hqAdmin, 'resolved');
  });

  it('escalates a missed target exactly once when two schedulers pass at the same time', async () => {
    const tickets = await Promise.all([open('a'), open('b'), open('c'), open('d')]);
    await pastResponseDue(tickets[0]?.id ?? 0);
    const mailsBefore = (await outbox(t, 'ticket_escalated')).length;
    const [a, b] = await Promise.all([runSlaPass(node1()), runSlaPass({ ...node2, logger: t.deps.logger })]);
    expect(a + b).toBe(4);
    for (const ticket of tickets) {
      const row = await db()
        .selectFrom('tickets')
        .selectAll()
        .where('id', '=', ticket.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        tier: 'helpdesk',
        escalated_at: t.clock.now(),
        response_breached_at: t.clock.now(),
      });
      expect(row.response_due_at).toBeGreaterThan(t.clock.now());
      expect(await eventsOf(ticket.id, 'breach')).toBe(1);
      expect(await eventsOf(ticket.id, 'escalated')).toBe(1);
      expect(await auditFor('ticket.breached', ticket.id)).toBe(1);
      expect(await auditFor('ticket.escalated', ticket.id)).toBe(1);
    }
    // Each: the location's SI (desk address and account) and the zonal head; one set of mails per ticket.
    const mails = (await outbox(t, 'ticket_escalated')).slice(mailsBefore);
    expect(mails.length).toBe(4 * 3);
    expect(new Set(mails.map((m) => m.to))).toEqual(
      new Set([
        'si.desk.lucknow@ctd.up.example',
        'si.lucknow@ctd.up.example',
        'zonal.lucknow@ctd.up.example',
      ]),
    );
    expect(mails.every((m) => /\[T-2026-\d{6}\]/.test(m.subject))).toBe(true);
    expect(await runSlaPass(node1())).toBe(0);
    for (const ticket of tickets) await t.tickets.setStatus(ticket.id, hqAdmin, 'resolved');
  });

  it('lets only one of two racing claims escalate the same ticket', async () => {
    const ticket = await open('race');
    await pastResponseDue(ticket.id);
    const won = await Promise.all([escalateIfDue(t.deps, ticket.id), escalateIfDue(node2, ticket.id)]);
    expect(won.filter(Boolean).length).toBe(1);
    expect(await eventsOf(ticket.id, 'escalated')).toBe(1);
    await t.tickets.setStatus(ticket.id, hqAdmin, 'resolved');
  });

  it('notifies once when a ticket already at HQ misses its target, however many nodes look', async () => {
    const ticket = await open('at the top');
    await t.tickets.escalate(ticket.id, hqAdmin, 'straight to the helpdesk');
    await t.tickets.escalate(ticket.id, hqAdmin, 'and to HQ');
    await pastResponseDue(ticket.id);
    const before = (await outbox(t, 'ticket_escalated')).length;
    const won = await Promise.all([escalateIfDue(t.deps, ticket.id), escalateIfDue(node2, ticket.id)]);
    expect(won.filter(Boolean).length).toBe(1);
    expect(await runSlaPass(node1())).toBe(0);
    expect(await eventsOf(ticket.id, 'breach')).toBe(1);
    const row = await db()
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(row.tier).toBe('hq');
    const mails = (await outbox(t, 'ticket_escalated')).slice(before);
    expect(mails.map((m) => m.to).sort()).toEqual(
      ['hq.admin@ctd.up.example', 'hq.approver@ctd.up.example', 'zonal.lucknow@ctd.up.example'].sort(),
    );
    await t.tickets.setStatus(ticket.id, hqAdmin, 'resolved');
  });

  it('rolls the claim back with a pass that fails mid-way, and a restarted scheduler escalates once', async () => {
    const ticket = await open('crash');
    await pastResponseDue(ticket.id);
    const before = (await outbox(t, 'ticket_escalated')).length;
    const append = t.deps.audit.append.bind(t.deps.audit);
    const spy = vi.spyOn(t.deps.audit, 'append').mockImplementation(async (event, trx) => {
      if (event.type === 'ticket.escalated') throw new Error('node died between claim and commit');
      return append(event, trx);
    });
    expect(await runSlaPass(node1())).toBe(0);
    const after = await db()
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ tier: 'si', response_breached_at: null, escalated_at: null });
    expect(await eventsOf(ticket.id, 'breach')).toBe(0);
    expect(await auditFor('ticket.breached', ticket.id)).toBe(0);
    expect((await outbox(t, 'ticket_escalated')).length).toBe(before);
    spy.mockRestore();

    // A stopped scheduler, then a fresh one (a restarted node) on the state the database holds.
    const first = startSlaScheduler({ ...t.deps, pollMs: 10 });
    await first.stop();
    const restarted = startSlaScheduler({ ...t.deps, pollMs: 10 });
    await vi.waitFor(async () => expect(await eventsOf(ticket.id, 'escalated')).toBe(1), { timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 50));
    await restarted.stop();
    expect(await eventsOf(ticket.id, 'breach')).toBe(1);
    expect(await eventsOf(ticket.id, 'escalated')).toBe(1);
    expect(await auditFor('ticket.breached', ticket.id)).toBe(1);
    expect((await outbox(t, 'ticket_escalated')).length).toBe(before + 3);
  });
});
