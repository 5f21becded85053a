import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import { formatLongDate, translator } from '../i18n/index.ts';
import { composeMail, enqueueMail, perLang, type ComposedMail, type MailVars } from '../mail/index.ts';
import type { Database } from '../store/index.ts';
import { findHqRecipients, findLastNotifiedAt, findUnnotified, markNotified } from './detector-queries.ts';
import { detailWords, isAccountKind, kindWords, timelinePath } from './describe.ts';
import { ANOMALY_KINDS, type AnomalyKind } from './table.ts';

/** At most this many anomalies are listed in one mail; the rest follow in the next. */
const PER_MAIL = 50;

export interface AnomalyForMail {
  readonly kind: AnomalyKind;
  readonly subject: string;
  readonly detail: string;
  /** When the tipping event happened. */
  readonly at: number;
}

export interface NotifyDeps {
  readonly clock: Clock;
  readonly keyring: Keyring;
  /** The portal's public origin, for the console links. */
  readonly publicUrl: URL;
  /** Shortest time between two mails to HQ, ms. */
  readonly mailIntervalMs: number;
}

const isKind = (k: string): k is AnomalyKind => (ANOMALY_KINDS as readonly string[]).includes(k);

/**
 * The bilingual summary mail: each anomaly's kind, who or which address, when (India time) and what, with
 * a link to the person's access timeline, and one to the console's list.
 */
export function composeAnomalyMail(anomalies: readonly AnomalyForMail[], publicUrl: URL): ComposedMail {
  const origin = publicUrl.origin;
  const item = (a: AnomalyForMail): MailVars => ({
    kind: perLang((lang) => kindWords(translator(lang), a.kind)),
    when: perLang((lang) => formatLongDate(lang, a.at, true)),
    what: perLang((lang) => detailWords(translator(lang), a.kind, a.detail)),
    ...(isAccountKind(a.kind)
      ? { who: a.subject, timeline: { href: `${origin}${timelinePath(a.subject)}` } }
      : { ip: a.subject }),
  });
  return composeMail({
    subject: 'anomalies.mailSubject',
    vars: { count: anomalies.length },
    blocks: [
      { kind: 'paragraph', key: 'anomalies.mailIntro' },
      {
        kind: 'list',
        intro: 'anomalies.mailAccountsIntro',
        item: 'anomalies.mailAccountItem',
        items: anomalies.filter((a) => isAccountKind(a.kind)).map(item),
      },
      {
        kind: 'list',
        intro: 'anomalies.mailAddressesIntro',
        item: 'anomalies.mailAddressItem',
        items: anomalies.filter((a) => !isAccountKind(a.kind)).map(item),
      },
      { kind: 'link', key: 'anomalies.mailListLink', href: `${origin}/console/anomalies` },
      { kind: 'notice', key: 'anomalies.mailNotice' },
    ],
  });
}

export type NotifyResult =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'too_soon' }
  | { readonly kind: 'no_recipients'; readonly pending: number }
  | { readonly kind: 'mailed'; readonly anomalies: number; readonly recipients: number };

/**
 * Tells HQ of anomalies not yet mailed, in the caller's transaction: one summary mail to each active HQ
 * administrator with an address, at most once per `mailIntervalMs` (a burst makes one mail, not a flood),
 * and marks them notified. With no recipient, nothing is marked: they are mailed once someone can read it.
 */
export async function notifyHq(trx: Transaction<Database>, deps: NotifyDeps): Promise<NotifyResult> {
  const pending = await findUnnotified(trx, PER_MAIL);
  if (pending.length === 0) return { kind: 'nothing' };
  const now = deps.clock.now();
  const last = await findLastNotifiedAt(trx);
  if (last !== undefined && now - last < deps.mailIntervalMs) return { kind: 'too_soon' };
  const recipients = await findHqRecipients(trx);
  if (recipients.length === 0) return { kind: 'no_recipients', pending: pending.length };
  const marked = new Set(
    await markNotified(
      trx,
      pending.map((p) => p.id),
      now,
    ),
  );
  const mine: AnomalyForMail[] = [];
  for (const p of pending) {
    if (!marked.has(p.id) || !isKind(p.kind)) continue;
    mine.push({ kind: p.kind, subject: p.subject, detail: p.detail, at: p.at ?? p.detected_at });
  }
  if (mine.length === 0) return { kind: 'nothing' };
  const mail = composeAnomalyMail(mine, deps.publicUrl);
  for (const r of recipients) {
    if (!r.email) continue;
    await enqueueMail(trx, deps.keyring, deps.clock, {
      kind: 'anomaly',
      to: r.email,
      accountId: r.id,
      ...mail,
    });
  }
  return { kind: 'mailed', anomalies: mine.length, recipients: recipients.length };
}
