import type { Transaction } from 'kysely';
import { formatLongDate, type Lang } from '../i18n/index.ts';
import { composeMail, enqueueMail, perLang, type ComposedMail } from '../mail/index.ts';
import type { Database, Store } from '../store/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Config } from '../config.ts';
import { startPolling, type Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { SessionStore } from '../session/index.ts';
import type { Logger } from 'pino';
import {
  listAccessDue,
  listLiveSessionsOfExpired,
  listOfficerAccess,
  markExpired,
  setAccessEnd,
} from './access-repository.ts';

/** Above this many accounts, one audit event with the count replaces one event per account. */
const AUDIT_EACH_UP_TO = 50;
type Trx = Transaction<Database>;

/** The end as officers read it in a notice: "16 December 2026 at 18:00", India time, 24-hour clock. */
export function formatNoticeDate(lang: Lang, ms: number): string {
  return formatLongDate(lang, ms, true);
}

/** What became of one account's notice: sent, or why not. */
export type NoticeOutcome = 'mailed' | 'not_activated' | 'no_address';

interface NoticeInput {
  nameEn: string;
  nameHi: string;
  districtEn: string;
  districtHi: string;
  orderNo: string;
  endsAt: number;
  helpdesk: string;
}

/** The bilingual "your district office has reopened; remote access ends on …" mail. */
export function composeAccessEndingMail(n: NoticeInput): ComposedMail {
  return composeMail({
    subject: 'directory.mailSubject',
    vars: {
      name: { hi: n.nameHi, en: n.nameEn },
      district: { hi: n.districtHi, en: n.districtEn },
      order: n.orderNo,
      date: perLang((lang) => formatNoticeDate(lang, n.endsAt)),
      phone: n.helpdesk,
    },
    blocks: [
      { kind: 'paragraph', key: 'mail.bodyGreeting' },
      { kind: 'paragraph', key: 'directory.mailReopened' },
      { kind: 'paragraph', key: 'directory.mailAfter' },
    ],
  });
}

/**
 * Audits each account (with what became of its notice, when there was one to send), or once with the
 * counts when there are many.
 */
async function auditAccounts(
  trx: Trx,
  deps: { readonly audit: AuditLog },
  rows: readonly { userId: string; notice?: NoticeOutcome }[],
  base: { actor: string; districtId: string; detail: Record<string, string | number | null> },
): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length > AUDIT_EACH_UP_TO) {
    const counts: Record<string, number> = {};
    for (const r of rows) if (r.notice) counts[r.notice] = (counts[r.notice] ?? 0) + 1;
    await deps.audit.append(
      {
        type: 'account.access_ending',
        actor: base.actor,
        target: base.districtId,
        detail: { ...base.detail, district: base.districtId, accounts: rows.length, ...counts },
      },
      trx,
    );
    return;
  }
  for (const r of rows) {
    await deps.audit.append(
      {
        type: 'account.access_ending',
        actor: base.actor,
        target: r.userId,
        detail: { ...base.detail, district: base.districtId, ...(r.notice ? { notice: r.notice } : {}) },
      },
      trx,
    );
  }
}

/**
 * The district office reopened: every active (or briefly locked) or not-yet-activated officer account
 * there gets `access_ends_at = endsAt` (an earlier end already set stays), is audited, and — if it was ever
 * activated — is sent the bilingual notice, all in the caller's transaction. Returns how many accounts.
 *
 * An officer who never activated gets no "access ending" mail: their activation mail may be minutes old,
 * and a zonal head would expect them to get one coherent message, not "activate" followed by "your access
 * is ending" for access they never began. Their pending activation simply ends with the district's access:
 * the expiry pass then expires the account (so the link stops working), audited as `account.expired` with
 * `activation_withdrawn`; should they activate before that, the webtop shows them the end.
 */
export async function scheduleAccessEnd(
  trx: Trx,
  deps: {
    readonly config: Config;
    readonly clock: Clock;
    readonly keyring: Keyring;
    readonly audit: AuditLog;
  },
  input: { districtId: string; orderNo: string; actor: string; endsAt: number },
): Promise<{ accounts: number }> {
  const now = deps.clock.now();
  const { endsAt } = input;
  const rows = await listOfficerAccess(trx, input.districtId);
  const audited: { userId: string; notice: NoticeOutcome }[] = [];
  for (const r of rows) {
    const end = r.accessEndsAt !== null && r.accessEndsAt < endsAt ? r.accessEndsAt : endsAt;
    await setAccessEnd(trx, r.id, end, now);
    const to = r.officerEmail || r.accountEmail;
    const notice: NoticeOutcome =
      r.status === 'pending_activation' ? 'not_activated' : to ? 'mailed' : 'no_address';
    audited.push({ userId: r.userId, notice });
    if (notice !== 'mailed' || !to) continue;
    const mail = composeAccessEndingMail({
      ...r,
      orderNo: input.orderNo,
      endsAt: r.validUntil !== null && r.validUntil < end ? r.validUntil : end,
      helpdesk: deps.config.helpdeskPhone,
    });
    await enqueueMail(trx, deps.keyring, deps.clock, { kind: 'access_ending', to, accountId: r.id, ...mail });
  }
  await auditAccounts(trx, deps, audited, {
    actor: input.actor,
    districtId: input.districtId,
    detail: { ends_at: endsAt, order_no: input.orderNo },
  });
  return { accounts: rows.length };
}

/** The office closed again before access ended: clears `access_ends_at` of its officers, audited. */
export async function cancelAccessEnd(
  trx: Trx,
  deps: { readonly clock: Clock; readonly audit: AuditLog },
  input: { districtId: string; orderNo: string; actor: string },
): Promise<{ accounts: number }> {
  const now = deps.clock.now();
  const rows = await listOfficerAccess(trx, input.districtId, now);
  for (const r of rows) await setAccessEnd(trx, r.id, null, now);
  await auditAccounts(trx, deps, rows, {
    actor: input.actor,
    districtId: input.districtId,
    detail: { ends_at: null, cleared: 'office_closed', order_no: input.orderNo },
  });
  return { accounts: rows.length };
}

export interface ExpiryPass {
  readonly expired: number;
  readonly sessionsEnded: number;
}

/**
 * Marks `expired` every account whose `access_ends_at` or `valid_until` has passed (audited
 * `account.expired`, one transaction), then ends every live session of an expired account. Safe to run on
 * several nodes at once: each account changes, and is audited, at most once.
 */
export async function expireEndedAccess(deps: {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly sessions: SessionStore;
}): Promise<ExpiryPass> {
  const db = deps.store.db;
  const now = deps.clock.now();
  const due = await listAccessDue(db, now);
  let expired = 0;
  if (due.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (const a of due) {
        if (!(await markExpired(trx, a.id, now))) continue;
        expired++;
        const byReopening = a.access_ends_at !== null && a.access_ends_at <= now;
        await deps.audit.append(
          {
            type: 'account.expired',
            actor: 'system',
            target: a.user_id,
            detail: {
              cause: byReopening ? 'access_ends_at' : 'valid_until',
              ended_at: byReopening ? a.access_ends_at : a.valid_until,
              // Never activated: its pending activation (and its link) ends here.
              ...(a.status === 'pending_activation' ? { activation_withdrawn: true } : {}),
            },
          },
          trx,
        );
      }
    });
  }
  const live = await listLiveSessionsOfExpired(db);
  for (const id of live) await deps.sessions.end(id, 'revoked', 'system');
  return { expired, sessionsEnded: live.length };
}

/** Runs `expireEndedAccess` now and then every `intervalMs` (a minute) until stopped. */
export function startAccessExpiryWorker(
  deps: {
    readonly store: Store;
    readonly clock: Clock;
    readonly audit: AuditLog;
    readonly sessions: SessionStore;
    readonly logger: Logger;
  },
  options: { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 60_000;
  return startPolling(
    async () => {
      const r = await expireEndedAccess(deps);
      if (r.expired > 0 || r.sessionsEnded > 0) deps.logger.info(r, 'access expiry pass');
    },
    {
      intervalMs,
      onError: (err: unknown) => deps.logger.error({ err }, 'access expiry pass failed'),
    },
  );
}
