import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import { formatDateTime, translator, type MessageKey } from '../i18n/index.ts';
import { composeMail, enqueueMail, perLang, type MailBlock, type MailVars } from '../mail/index.ts';
import type { Database } from '../store/index.ts';
import type { SupportLocationRow, TicketRow, TicketStatus } from './model.ts';
import { replyAddressFor } from './reply-address.ts';
import type { SlaTargetName } from './ticket-repository.ts';

/**
 * The helpdesk's mails, bilingual, queued in the caller's transaction (sent if and only if the change
 * commits). Every subject carries `[T-…]`; every mail to the officer carries the ticket's signed reply
 * address as Reply-To and a link to the ticket's page. Internal notes never reach these functions.
 */
export interface TicketMailDeps {
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly config: Pick<Config, 'publicUrl' | 'helpdeskPhone' | 'helpdesk'>;
}

type Trx = Transaction<Database>;
type Ticket = Pick<TicketRow, 'id' | 'number' | 'account_id' | 'category' | 'priority' | 'tier' | 'subject'>;

const label = (prefix: string, value: string) => `tickets.${prefix}.${value}` as MessageKey;
/** A catalogue entry in both languages, as a mail value. */
const translated = (key: MessageKey) => perLang((lang) => translator(lang)(key));

/** The signed address a reply to this ticket's mail goes to. */
export function ticketReplyAddress(deps: TicketMailDeps, number: string): string {
  return replyAddressFor(number, deps.keyring.derive('ticket-replies'), deps.config.helpdesk.replyDomain);
}

/** The officer's page for a ticket (the portal's help pages). */
export const officerTicketUrl = (deps: TicketMailDeps, number: string) =>
  new URL(`/help/tickets/${encodeURIComponent(number)}`, deps.config.publicUrl).href;

/** The console's page for a ticket. */
export const consoleTicketUrl = (deps: TicketMailDeps, number: string) =>
  new URL(`/console/helpdesk/tickets/${encodeURIComponent(number)}`, deps.config.publicUrl).href;

async function sendToOfficer(
  trx: Trx,
  deps: TicketMailDeps,
  ticket: Ticket,
  to: string | null,
  kind: string,
  subject: MessageKey,
  blocks: readonly (MailBlock | false)[],
  vars: MailVars = {},
): Promise<void> {
  if (!to) return;
  const mail = composeMail({
    subject,
    vars: { number: ticket.number, ...vars },
    blocks: [
      ...blocks,
      { kind: 'link', key: 'tickets.mailFollow', href: officerTicketUrl(deps, ticket.number) },
      { kind: 'notice', key: 'tickets.mailReplyByMail' },
    ],
  });
  await enqueueMail(trx, deps.keyring, deps.clock, {
    kind,
    to,
    accountId: ticket.account_id,
    replyTo: ticketReplyAddress(deps, ticket.number),
    ...mail,
  });
}

/** "Ticket T-… received; your system integrator is <name, phone, hours>" (or the helpdesk's number). */
export function mailTicketOpened(
  trx: Trx,
  deps: TicketMailDeps,
  ticket: Ticket,
  to: string | null,
  location: SupportLocationRow | undefined,
): Promise<void> {
  const category = translated(label('category', ticket.category));
  return sendToOfficer(trx, deps, ticket, to, 'ticket_opened', 'tickets.mailOpenedSubject', [
    { kind: 'paragraph', key: 'tickets.mailOpenedIntro', vars: { category } },
    location
      ? {
          kind: 'paragraph',
          key: 'tickets.mailOpenedSi',
          vars: {
            name: location.si_name,
            phone: location.si_phone,
            hours: { hi: location.hours_hi, en: location.hours_en },
          },
        }
      : { kind: 'paragraph', key: 'tickets.mailOpenedNoSi', vars: { phone: deps.config.helpdeskPhone } },
  ]);
}

/** A staff member's public reply, with its text. Never called for internal notes. */
export function mailTicketReply(
  trx: Trx,
  deps: TicketMailDeps,
  ticket: Ticket,
  to: string | null,
  reply: { readonly author: string; readonly body: string },
): Promise<void> {
  return sendToOfficer(trx, deps, ticket, to, 'ticket_reply', 'tickets.mailReplySubject', [
    { kind: 'paragraph', key: 'tickets.mailReplyIntro', vars: { author: reply.author } },
    { kind: 'paragraph', key: 'tickets.mailQuoted', vars: { body: reply.body } },
  ]);
}

/** The statuses an officer is told about. */
export const MAILED_STATUSES: readonly TicketStatus[] = [
  'waiting_for_officer',
  'resolved',
  'closed',
  'reopened',
];

/** A status change the officer must know of (waiting for them, resolved, closed, reopened). */
export async function mailTicketStatus(
  trx: Trx,
  deps: TicketMailDeps,
  ticket: Ticket,
  to: string | null,
  change: { readonly status: TicketStatus; readonly reason: string | undefined },
): Promise<void> {
  if (!MAILED_STATUSES.includes(change.status)) return;
  const status = translated(label('status', change.status));
  await sendToOfficer(
    trx,
    deps,
    ticket,
    to,
    'ticket_status',
    'tickets.mailStatusSubject',
    [
      { kind: 'paragraph', key: label('mailStatus', change.status) },
      change.reason
        ? { kind: 'paragraph', key: 'tickets.mailStatusReason', vars: { reason: change.reason } }
        : false,
    ],
    { status },
  );
}

/** What staff are told when a ticket reaches their tier (a missed target, or a colleague's escalation). */
export interface EscalationMail {
  readonly ticket: Ticket & Pick<TicketRow, 'user_id'>;
  readonly district: { readonly hi: string; readonly en: string };
  readonly from: string;
  readonly breach?: { readonly target: SlaTargetName; readonly due: number } | undefined;
  readonly reason: string;
}

/** One mail to each address (already de-duplicated by the caller's Set). */
export async function mailTicketEscalated(
  trx: Trx,
  deps: TicketMailDeps,
  recipients: ReadonlySet<string>,
  e: EscalationMail,
): Promise<void> {
  const t = e.ticket;
  const breach = e.breach;
  const mail = composeMail({
    subject: 'tickets.mailEscalatedSubject',
    vars: { number: t.number, tier: translated(label('tier', t.tier)) },
    blocks: [
      {
        kind: 'paragraph',
        key: 'tickets.mailEscalatedIntro',
        vars: {
          user: t.user_id,
          district: e.district,
          category: translated(label('category', t.category)),
          priority: translated(label('priority', t.priority)),
          from: translated(label('tier', e.from)),
        },
      },
      breach !== undefined && {
        kind: 'paragraph',
        key: 'tickets.mailEscalatedBreach',
        vars: {
          target: translated(label('target', breach.target)),
          due: perLang((lang) => formatDateTime(lang, breach.due)),
        },
      },
      { kind: 'paragraph', key: 'tickets.mailEscalatedReason', vars: { reason: e.reason } },
      { kind: 'link', key: 'tickets.mailEscalatedLink', href: consoleTicketUrl(deps, t.number) },
    ],
  });
  for (const to of recipients) {
    await enqueueMail(trx, deps.keyring, deps.clock, { kind: 'ticket_escalated', to, ...mail });
  }
}
