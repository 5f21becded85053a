import type { Transaction } from 'kysely';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { Database, Store } from '../store/index.ts';
import { addBusinessMinutes } from './business-time.ts';
import type { TicketRow, TicketTier } from './model.ts';
import { mailTicketEscalated } from './ticket-mail.ts';
import {
  findDistrictNames,
  findSlaTarget,
  findStaffEmails,
  findSupportLocation,
  insertTicketEvent,
  listHolidayDays,
  updateTicket,
  type SlaTargetName,
} from './ticket-repository.ts';

/** What the ticket service and the SLA scheduler run on. */
export interface TicketDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  readonly config: Config;
}

type Trx = Transaction<Database>;

/** The tier above: si → helpdesk → hq; undefined at hq (the top: it stays there). */
export function nextTier(tier: string): TicketTier | undefined {
  if (tier === 'si') return 'helpdesk';
  if (tier === 'helpdesk') return 'hq';
  return undefined;
}

/**
 * The due dates of a tier's clock started at `from`: the priority's business minutes to the first response
 * (none once a response was given) and to resolution. Both null when the priority has no target.
 */
export async function dueDatesFrom(
  db: Trx | Store['db'],
  priority: string,
  from: number,
  responded: boolean,
): Promise<{ response_due_at: number | null; resolution_due_at: number | null }> {
  const target = await findSlaTarget(db, priority);
  if (!target) return { response_due_at: null, resolution_due_at: null };
  const holidays = await listHolidayDays(db);
  return {
    response_due_at: responded ? null : addBusinessMinutes(from, target.response_minutes, holidays),
    resolution_due_at: addBusinessMinutes(from, target.resolution_minutes, holidays),
  };
}

/** Who owns a tier's queue, by e-mail: the location's SI (and SI accounts of the district), the helpdesk, HQ. */
export async function ownersOf(trx: Trx, tier: string, districtId: string | null): Promise<string[]> {
  if (tier === 'si') {
    if (!districtId) return [];
    const location = await findSupportLocation(trx, districtId);
    const accounts = await findStaffEmails(trx, 'system_integrator', { districtId });
    return [...(location?.si_email ? [location.si_email] : []), ...accounts];
  }
  return findStaffEmails(trx, tier === 'helpdesk' ? 'helpdesk' : 'hq_admin');
}

export interface Escalation {
  /** Who escalates: a staff member's user ID, or `system` (the scheduler). */
  readonly actor: string;
  readonly ip: string | null;
  readonly reason: string;
  /** The missed targets, when the scheduler escalates (already claimed by `claimBreach` in `trx`). */
  readonly breaches?: readonly Breach[] | undefined;
}

/** A target the ticket missed, and when it was due. */
export interface Breach {
  readonly target: SlaTargetName;
  readonly due: number;
}

/**
 * Moves a ticket to the next tier inside `trx`: the new tier's clock starts now, events `breach` (when a
 * target was missed) and `escalated` (internal), audit `ticket.breached` and `ticket.escalated`, and mail to
 * the owners (the tier that missed it too, on a breach) and the zonal head(s) of the ticket's zone. At HQ
 * the ticket stays and only the notices go out. Returns the ticket as it is now.
 */
export async function escalateWithin(
  trx: Trx,
  deps: TicketDeps,
  ticket: TicketRow,
  e: Escalation,
): Promise<TicketRow> {
  const now = deps.clock.now();
  const to = nextTier(ticket.tier);
  const target = String(ticket.id);
  const breaches = e.breaches ?? [];
  for (const breach of breaches) {
    await insertTicketEvent(trx, {
      ticket_id: ticket.id,
      at: now,
      kind: 'breach',
      visibility: 'internal',
      author: 'system',
      via: 'system',
      body: '',
      detail: JSON.stringify({ target: breach.target, due: breach.due, tier: ticket.tier }),
    });
    await deps.audit.append(
      {
        type: 'ticket.breached',
        actor: 'system',
        target,
        detail: { ticket: ticket.number, target: breach.target, due: breach.due, tier: ticket.tier },
      },
      trx,
    );
  }
  let row = ticket;
  if (to) {
    const dues = await dueDatesFrom(trx, ticket.priority, now, ticket.first_response_at !== null);
    row = await updateTicket(trx, ticket.id, { tier: to, escalated_at: now, updated_at: now, ...dues });
    await insertTicketEvent(trx, {
      ticket_id: ticket.id,
      at: now,
      kind: 'escalated',
      visibility: 'internal',
      author: e.actor,
      via: e.actor === 'system' ? 'system' : 'console',
      body: e.reason,
      detail: JSON.stringify({ from: ticket.tier, to, breaches: breaches.map((b) => b.target) }),
    });
    await deps.audit.append(
      {
        type: 'ticket.escalated',
        actor: e.actor,
        ip: e.ip,
        target,
        detail: { ticket: ticket.number, from: ticket.tier, to, reason: e.reason },
      },
      trx,
    );
  }
  const recipients = new Set([
    ...(breaches.length ? await ownersOf(trx, ticket.tier, ticket.district_id) : []),
    ...(to ? await ownersOf(trx, to, ticket.district_id) : []),
    ...(ticket.zone_id ? await findStaffEmails(trx, 'zonal_head', { zoneId: ticket.zone_id }) : []),
  ]);
  const names = ticket.district_id ? await findDistrictNames(trx, ticket.district_id) : undefined;
  await mailTicketEscalated(trx, deps, recipients, {
    ticket: row,
    district: names ? { hi: names.name_hi, en: names.name_en } : { hi: '—', en: '—' },
    from: ticket.tier,
    breach: breaches[0],
    reason: e.reason,
  });
  return row;
}
