import type { Updateable } from 'kysely';
import { AppError } from '../errors.ts';
import { scopeOf } from '../policy/index.ts';
import {
  canSeeTicket,
  type NewAttachment,
  type TicketActor,
  type TicketRow,
  type TicketService,
} from './model.ts';
import { dueDatesFrom, escalateWithin, nextTier, type TicketDeps } from './sla.ts';
import { checkAttachment, storeCheckedAttachment } from './ticket-attachments.ts';
import { mailTicketReply, mailTicketStatus } from './ticket-mail.ts';
import {
  findTicket,
  findTicketByNumber,
  findTicketOwner,
  insertTicketEvent,
  listTicketAttachments,
  listTicketEvents,
  listTicketsOfAccount,
  updateTicket,
  updateTicketIfUnchanged,
} from './ticket-repository.ts';
import { nextStatuses, parseTicketInput } from './ticket-rules.ts';
import {
  attachFile,
  changeStatus,
  insertOpened,
  officerEmail,
  statusAfterReply,
  statusPatch,
  viaOf,
  whoOf,
  type StoredFile,
  type Writer,
} from './ticket-writes.ts';
import type { TicketTable } from './table.ts';

/** How often `open` tries again when another node took the same ticket number first. */
const NUMBER_ATTEMPTS = 10;

/** A unique-index violation: PostgreSQL's SQLSTATE 23505, or SQLite's constraint code. */
function isUniqueViolation(error: unknown): boolean {
  const code = error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The ticket service (see `TicketService` in model.ts). Every method checks reach before it reads or writes:
 * an officer only their own tickets (another's is "not found"), staff within the reach of `ticket.read`
 * (reading) or `ticket.work` (writing); every refusal is audited `ticket.refused`. Changes, their events,
 * audit records and mails commit together or not at all.
 */
export function createTicketService(deps: TicketDeps): TicketService {
  const db = deps.store.db;
  const now = () => deps.clock.now();

  async function refuse(
    actor: TicketActor,
    ticket: TicketRow | undefined,
    tried: string,
    ref: string,
  ): Promise<never> {
    const { userId, ip } = whoOf(actor);
    await deps.audit.append({
      type: 'ticket.refused',
      actor: userId,
      ip,
      target: ticket ? String(ticket.id) : ref,
      detail: { ticket: ticket?.number ?? ref, tried, actor: actor.kind },
    });
    throw new AppError(actor.kind === 'staff' ? 'TICKET_FORBIDDEN' : 'TICKET_NOT_FOUND');
  }

  /** The ticket, when the actor may see it (`ticket.read` for staff); otherwise refused and audited. */
  async function readable(found: TicketRow | undefined, actor: TicketActor, tried: string, ref: string) {
    if (!found) throw new AppError('TICKET_NOT_FOUND');
    const allowed =
      actor.kind === 'staff'
        ? scopeOf(actor.role, 'ticket.read') !== undefined && canSeeTicket(actor, found)
        : canSeeTicket(actor, found);
    return allowed ? found : refuse(actor, found, tried, ref);
  }

  /** The ticket, when the actor may change it (`ticket.work` for staff, in its own reach). */
  async function workable(id: number, actor: Writer, tried: string): Promise<TicketRow> {
    const found = await findTicket(db, id);
    if (!found) throw new AppError('TICKET_NOT_FOUND');
    if (actor.kind === 'officer')
      return canSeeTicket(actor, found) ? found : refuse(actor, found, tried, String(id));
    const scope = scopeOf(actor.role, 'ticket.work');
    const allowed = scope !== undefined && canSeeTicket({ ...actor, scope }, found);
    return allowed ? found : refuse(actor, found, tried, String(id));
  }

  /** Checks an attachment (refusals audited) and only then stores its bytes; undefined when there is none. */
  async function checked(
    actor: Writer,
    ref: string,
    attachment: NewAttachment | undefined,
  ): Promise<StoredFile | undefined> {
    if (!attachment) return undefined;
    const ok = await checkAttachment(deps, whoOf(actor), ref, attachment);
    return { ok, sha: await storeCheckedAttachment(deps.config.dataDir, ok) };
  }

  return {
    async open(actor, raw) {
      const input = parseTicketInput('open', raw);
      const owner = await findTicketOwner(db, actor.accountId);
      if (!owner) throw new AppError('TICKET_INVALID');
      const file = await checked(actor, 'new', raw.attachment);
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction().execute((trx) => insertOpened(trx, deps, actor, input, file, owner));
        } catch (error) {
          if (!isUniqueViolation(error) || attempt >= NUMBER_ATTEMPTS) throw error;
        }
      }
    },

    async reply(id, actor, raw) {
      const input = parseTicketInput('reply', raw);
      if (actor.kind === 'officer' && input.visibility === 'internal') throw new AppError('TICKET_INVALID');
      const ticket = await workable(id, actor, input.visibility === 'internal' ? 'note' : 'reply');
      if (ticket.status === 'closed') throw new AppError('TICKET_STATE');
      const file = await checked(actor, String(id), raw.attachment);
      return db.transaction().execute(async (trx) => {
        const at = now();
        const { userId, ip } = whoOf(actor);
        const isPublic = input.visibility === 'public';
        const event = await insertTicketEvent(trx, {
          ticket_id: id,
          at,
          kind: isPublic ? 'reply' : 'note',
          visibility: input.visibility,
          author: userId,
          via: viaOf(actor),
          body: input.body,
          detail: JSON.stringify(file ? { attachment: file.ok.fileName } : {}),
        });
        await attachFile(trx, deps, file, id, event.id, userId);
        const to = statusAfterReply(ticket.status, actor.kind, isPublic);
        const patch: Updateable<TicketTable> = to
          ? await statusPatch(trx, deps, ticket, to, actor.kind === 'staff')
          : { updated_at: at };
        if (actor.kind === 'staff' && isPublic && ticket.first_response_at === null)
          Object.assign(patch, { first_response_at: at, response_due_at: null });
        if (!(await updateTicketIfUnchanged(trx, ticket, patch))) throw new AppError('TICKET_STATE');
        await deps.audit.append(
          {
            type: isPublic ? 'ticket.replied' : 'ticket.noted',
            actor: userId,
            ip,
            target: String(id),
            detail: {
              ticket: ticket.number,
              event: event.id,
              ...(to ? { status: to } : {}),
              ...(file ? { attachment: file.sha } : {}),
            },
          },
          trx,
        );
        if (actor.kind === 'staff' && isPublic)
          await mailTicketReply(trx, deps, ticket, await officerEmail(trx, ticket), {
            author: userId,
            body: input.body,
          });
        return event;
      });
    },

    async setStatus(id, actor, rawStatus, rawReason) {
      const given = rawReason?.trim() ? rawReason : undefined;
      const { status, reason } = parseTicketInput('status', { status: rawStatus, reason: given });
      const ticket = await workable(id, actor, `status:${status}`);
      if (!nextStatuses(actor.kind, ticket.status).includes(status)) throw new AppError('TICKET_STATE');
      return db.transaction().execute(async (trx) => {
        const row = await changeStatus(trx, deps, ticket, actor, status, reason);
        await mailTicketStatus(trx, deps, row, await officerEmail(trx, row), { status, reason });
        return row;
      });
    },

    async setPriority(id, actor, rawPriority) {
      const priority = parseTicketInput('priority', rawPriority);
      const ticket = await workable(id, actor, `priority:${priority}`);
      if (ticket.priority === priority) return ticket;
      return db.transaction().execute(async (trx) => {
        const open = ticket.status !== 'resolved' && ticket.status !== 'closed';
        const dues = await dueDatesFrom(
          trx,
          priority,
          ticket.escalated_at ?? ticket.created_at,
          ticket.first_response_at !== null,
        );
        const patch: Updateable<TicketTable> = { priority, updated_at: now(), ...(open ? dues : {}) };
        const row = await updateTicketIfUnchanged(trx, ticket, patch);
        if (!row) throw new AppError('TICKET_STATE');
        await insertTicketEvent(trx, {
          ticket_id: id,
          at: now(),
          kind: 'action',
          visibility: 'internal',
          author: actor.userId,
          via: 'console',
          body: '',
          detail: JSON.stringify({ action: 'priority', from: ticket.priority, to: priority }),
        });
        await deps.audit.append(
          {
            type: 'ticket.priority_changed',
            actor: actor.userId,
            ip: actor.ip,
            target: String(id),
            detail: { ticket: ticket.number, from: ticket.priority, to: priority },
          },
          trx,
        );
        return row;
      });
    },

    async escalate(id, actor, rawReason) {
      const reason = parseTicketInput('reason', rawReason);
      const ticket =
        actor.kind === 'staff'
          ? await workable(id, actor, 'escalate')
          : await readable(await findTicket(db, id), actor, 'escalate', String(id));
      if (!nextTier(ticket.tier) || ticket.status === 'resolved' || ticket.status === 'closed')
        throw new AppError('TICKET_STATE');
      const { userId, ip } = whoOf(actor);
      return db.transaction().execute(async (trx) => {
        const fresh = await findTicket(trx, id);
        if (!fresh || fresh.tier !== ticket.tier || fresh.updated_at !== ticket.updated_at)
          throw new AppError('TICKET_STATE');
        return escalateWithin(trx, deps, fresh, { actor: userId, ip, reason });
      });
    },

    async recordAction(id, actor, rawAction, rawReason) {
      const { action, reason } = parseTicketInput('action', { action: rawAction, reason: rawReason });
      const ticket = await workable(id, actor, `action:${action}`);
      await db.transaction().execute(async (trx) => {
        await insertTicketEvent(trx, {
          ticket_id: id,
          at: now(),
          kind: 'action',
          visibility: 'internal',
          author: actor.userId,
          via: 'console',
          body: reason,
          detail: JSON.stringify({ action }),
        });
        await updateTicket(trx, id, { updated_at: now() });
        await deps.audit.append(
          {
            type: 'ticket.action',
            actor: actor.userId,
            ip: actor.ip,
            target: String(id),
            detail: { ticket: ticket.number, action, reason },
          },
          trx,
        );
      });
    },

    async find(id, actor) {
      return readable(await findTicket(db, id), actor, 'read', String(id));
    },

    async findByNumber(number, actor) {
      const parsed = /^T-\d{4}-\d{6,9}$/i.test(number.trim()) ? number.trim().toUpperCase() : undefined;
      if (!parsed) throw new AppError('TICKET_NOT_FOUND');
      return readable(await findTicketByNumber(db, parsed), actor, 'read', parsed);
    },

    async events(id, actor) {
      await readable(await findTicket(db, id), actor, 'events', String(id));
      return listTicketEvents(db, id, actor.kind !== 'officer');
    },

    async attachments(id, actor) {
      await readable(await findTicket(db, id), actor, 'attachments', String(id));
      return listTicketAttachments(db, id, actor.kind !== 'officer');
    },

    listOwn(actor) {
      return listTicketsOfAccount(db, actor.accountId);
    },
  };
}
