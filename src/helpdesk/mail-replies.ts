import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import { isAppError } from '../errors.ts';
import { translator } from '../i18n/index.ts';
import { parseRawMail } from '../mail/index.ts';
import type { Store } from '../store/index.ts';
import { findMailEventDetails, findReplyTarget, updateEventDetail } from './mail-replies-repository.ts';
import type { OfficerActor, TicketService } from './model.ts';
import { ticketNumberOf } from './reply-address.ts';

/**
 * Replies by mail (issue 11): an officer answers a ticket's mail, the department's mail server hands the
 * message to our SMTP listener, and the text lands on the ticket as the officer's public reply.
 *
 * The rules, in order: the recipient's tag must be genuine (checked at RCPT, see reply-listener.ts); the
 * envelope sender or the From address must be the ticket's officer's registered e-mail (case-insensitive),
 * else the mail is refused and audited (`ticket.mail_rejected`); a redelivered message (same Message-ID, or
 * the same bytes when it has none) adds nothing; the quoted history is cut off; a resolved ticket is
 * reopened by the reply; a CLOSED ticket refuses the reply with a bounce telling the officer to raise a new
 * ticket in the portal (closing is final, as in the portal).
 */
export interface MailReplyDeps {
  readonly config: Pick<Config, 'helpdesk'>;
  readonly store: Store;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  readonly tickets: TicketService;
}

export interface InboundReply {
  /** The SMTP envelope's MAIL FROM, '' for a null sender. */
  readonly envelopeFrom: string;
  readonly ticketNumber: string;
  readonly raw: Buffer;
  readonly ip: string | null;
}

export type RefusalReason = 'unknown_ticket' | 'sender' | 'empty' | 'closed' | 'refused_by_service';

export type InboundOutcome =
  | { readonly kind: 'added'; readonly eventId: number; readonly reopened: boolean }
  | { readonly kind: 'duplicate' }
  /** `code` is the SMTP reply code to answer (5xx: permanent, the sender's server bounces). */
  | {
      readonly kind: 'refused';
      readonly reason: RefusalReason;
      readonly code: number;
      readonly message: string;
    };

const MESSAGE_ID_MAX = 250;

/** The ticket number a recipient address names, when the address is one of ours with a genuine tag. */
export function ticketNumberForRecipient(deps: Pick<MailReplyDeps, 'config' | 'keyring'>, address: string) {
  return ticketNumberOf(address, deps.keyring.derive('ticket-replies'), deps.config.helpdesk.replyDomain);
}

/** The bare address of a From header (`Name <a@b>` → `a@b`), lower case. */
export function addressOf(value: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  return (angle?.[1] ?? value).trim().toLowerCase();
}

/** A header of the top-level entity, unfolded (RFC 5322 §2.2.3); '' when absent. */
function topHeader(raw: Buffer, name: string): string {
  const text = raw.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const head = (end ? text.slice(0, end.index) : text).replace(/\r?\n(?=[ \t])/g, ' ');
  const prefix = `${name.toLowerCase()}:`;
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(prefix));
  return line ? line.slice(prefix.length).trim() : '';
}

/** The message's identity for de-duplication: its Message-ID, or a hash of its bytes when it has none. */
export function messageIdOf(raw: Buffer): string {
  const id = topHeader(raw, 'message-id');
  if (id) return id.slice(0, MESSAGE_ID_MAX);
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

const en = translator('en');
const hi = translator('hi');
/** Our own mail's "reply above this line" marker, in both languages: everything below it is our text. */
const MARKERS = [en('ticketMail.replyAbove'), hi('ticketMail.replyAbove')].map((m) => m.trim());

/** Lines after which everything is quoted history or a signature. */
const CUT_AT: readonly RegExp[] = [
  /^-{2,}\s*Original Message\s*-{2,}$/i,
  /^-{2,}\s*(मूल संदेश|मूल सन्देश)\s*-{2,}$/,
  /^-{2,}\s*Forwarded message\s*-{2,}$/i,
  /^_{10,}$/,
  // RFC 3676 §4.3 signature separator.
  /^-- $/,
];
/** "On <date>, <name> wrote:" (one or two lines) and Gmail's Hindi "<date> को <name> ने लिखा:". */
const ATTRIBUTION_START = /^(On\s|को\s|.*\sको\s)/i;
const ATTRIBUTION_END = /(wrote|ने लिखा)\s*:\s*$/i;

/**
 * The new text of a reply: quoted lines (`>`) dropped, everything from the first attribution line ("On …
 * wrote:", "… ने लिखा:"), "-----Original Message-----" (or its Hindi form), our own marker or a signature
 * separator cut off, blank lines at the ends trimmed.
 */
export function replyText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (CUT_AT.some((re) => re.test(line)) || MARKERS.some((m) => m !== '' && trimmed.includes(m))) break;
    if (ATTRIBUTION_END.test(trimmed)) break;
    const next = (lines[i + 1] ?? '').trim();
    if (ATTRIBUTION_START.test(trimmed) && ATTRIBUTION_END.test(next)) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line.replace(/\s+$/, ''));
  }
  return kept.join('\n').trim();
}

/** A crude text of an HTML-only reply: tags dropped, quoted blocks removed, entities for the few we write. */
function htmlToText(markup: string): string {
  return markup
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, '')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function refused(reason: RefusalReason, code: number, message: string): InboundOutcome {
  return { kind: 'refused', reason, code, message };
}

/**
 * Adds one inbound message to the ticket it was addressed to, or says why not. Never throws for a bad
 * message (refusals are outcomes); throws only when storage fails, so the listener answers 451 and the
 * sending server retries. The Message-ID is added to the service's event just after it commits: a crash
 * in between would let one redelivery add the reply again.
 */
export async function acceptMailReply(
  deps: MailReplyDeps,
  mail: InboundReply,
  /** Messages being added right now (the listener's own set): a parallel redelivery waits for nothing. */
  inFlight: Set<string> = new Set(),
): Promise<InboundOutcome> {
  const db = deps.store.db;
  const parsed = parseRawMail(mail.raw);
  const messageId = messageIdOf(mail.raw);
  const from = addressOf(parsed.from);
  const envelope = mail.envelopeFrom.trim().toLowerCase();
  const target = await findReplyTarget(db, mail.ticketNumber);
  const reject = async (
    reason: RefusalReason,
    code: number,
    message: string,
    extra: string | null = null,
  ) => {
    await deps.audit.append({
      type: 'ticket.mail_rejected',
      actor: target?.userId ?? 'anonymous',
      target: mail.ticketNumber,
      ip: mail.ip,
      detail: {
        reason,
        message_id: messageId,
        envelope_from: envelope.slice(0, 200),
        from: from.slice(0, 200),
        code: extra,
      },
    });
    return refused(reason, code, message);
  };

  if (!target || target.accountId === null) {
    return reject('unknown_ticket', 550, '5.1.1 No such ticket');
  }
  const registered = (target.email ?? '').trim().toLowerCase();
  if (registered === '' || (envelope !== registered && from !== registered)) {
    return reject('sender', 550, "5.7.1 Only the ticket's officer may reply, from the registered address");
  }

  // One delivery at a time per message on this node; the stored Message-ID stops later redeliveries.
  const flightKey = `${target.id} ${messageId}`;
  if (inFlight.has(flightKey)) return { kind: 'duplicate' };
  inFlight.add(flightKey);
  try {
    if (await alreadyAdded(deps, target.id, messageId)) return { kind: 'duplicate' };
    const body = replyText(parsed.text || htmlToText(parsed.html));
    if (body === '') return await reject('empty', 550, '5.6.0 The reply has no text above the quoted mail');
    if (target.status === 'closed') {
      return await reject('closed', 550, '5.7.1 The ticket is closed: raise a new ticket in the portal');
    }
    const actor: OfficerActor = {
      kind: 'officer',
      accountId: target.accountId,
      userId: target.userId,
      ip: mail.ip,
      via: 'mail',
    };
    try {
      // The service reopens a resolved ticket when its officer replies (and refuses a closed one).
      const reopened = target.status === 'resolved';
      const event = await deps.tickets.reply(target.id, actor, { body, visibility: 'public' });
      await updateEventDetail(db, event.id, JSON.stringify({ ...detailObject(event.detail), messageId }));
      return { kind: 'added', eventId: event.id, reopened };
    } catch (err) {
      if (!isAppError(err)) throw err;
      return await reject('refused_by_service', 550, `5.7.1 ${err.message}`, err.code);
    }
  } finally {
    inFlight.delete(flightKey);
  }
}

async function alreadyAdded(deps: MailReplyDeps, ticketId: number, messageId: string): Promise<boolean> {
  const details = await findMailEventDetails(deps.store.db, ticketId);
  return details.some((d) => detailObject(d).messageId === messageId);
}

const DetailObject = z.record(z.string(), z.unknown());

/** An event's detail as an object ({} when it is not one), so the Message-ID joins what the service wrote. */
function detailObject(detail: string): Record<string, unknown> {
  try {
    const parsed = DetailObject.safeParse(JSON.parse(detail));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
