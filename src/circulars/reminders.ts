import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.ts';
import { startPolling, type Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import { enqueueMail } from '../mail/index.ts';
import type { Store } from '../store/index.ts';
import { circularLink, composeReminderMail } from './circular-mail.ts';
import { claimReminder, findOverdueCircularIds, findUnremindedRecipients } from './reminders-query.ts';
import { findCircular } from './repository.ts';

export interface ReminderDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
  readonly logger: Pick<Logger, 'info' | 'error'>;
  readonly config: { readonly publicUrl: URL };
}

const BATCH = 200;

/** Reminds one circular's overdue recipients, each at most once; returns how many were claimed. */
async function remindCircular(deps: ReminderDeps, id: number): Promise<number> {
  const db = deps.store.db;
  const circular = await findCircular(db, id);
  if (!circular) return 0;
  let count = 0;
  for (;;) {
    const batch = await findUnremindedRecipients(db, id, BATCH);
    if (!batch.length) break;
    for (const r of batch) {
      // Claim and queue in one transaction: the mail goes if and only if this node won the row.
      const sent = await db.transaction().execute(async (trx) => {
        if (!(await claimReminder(trx, id, r.accountId, deps.clock.now()))) return false;
        const to = r.email || r.officerEmail;
        if (to) {
          const mail = composeReminderMail(circular, circularLink(deps.config.publicUrl.origin, id, r.role));
          await enqueueMail(trx, deps.keyring, deps.clock, {
            kind: 'circular_reminder',
            to,
            accountId: r.accountId,
            ...mail,
          });
        }
        return true;
      });
      if (sent) count++;
    }
    if (batch.length < BATCH) break;
  }
  if (count > 0)
    await deps.audit.append({
      type: 'circular.reminded',
      actor: 'system',
      target: String(id),
      detail: { number: circular.number, reminded: count },
    });
  return count;
}

/**
 * One pass: for every issued circular past its acknowledgement deadline, one reminder mail to each
 * recipient who has not acknowledged and was not reminded, and one `circular.reminded` event per circular
 * with the count this node sent. Safe on several nodes at once (each row is claimed by compare-and-set).
 */
export async function sendDueReminders(deps: ReminderDeps): Promise<number> {
  let total = 0;
  for (const id of await findOverdueCircularIds(deps.store.db, deps.clock.now()))
    total += await remindCircular(deps, id);
  return total;
}

/** Polls for overdue acknowledgements every `pollMs` (a minute); `stop` waits for a pass under way. */
export function startCircularReminders(deps: ReminderDeps & { readonly pollMs?: number }): {
  stop(): Promise<void>;
} {
  const pollMs = deps.pollMs ?? 60_000;
  return startPolling(
    async () => {
      const n = await sendDueReminders(deps);
      if (n > 0) deps.logger.info({ reminded: n }, 'circular reminders sent');
    },
    {
      intervalMs: pollMs,
      onError: (err: unknown) => deps.logger.error({ err }, 'circular reminder pass failed'),
    },
  );
}
