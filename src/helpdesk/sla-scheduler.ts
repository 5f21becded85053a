import { startPolling } from '../clock.ts';
import type { Logger } from 'pino';
import { translator } from '../i18n/index.ts';
import { escalateWithin, type Breach, type TicketDeps } from './sla.ts';
import { claimBreach, findTicket, listBreachedTicketIds, type SlaTargetName } from './ticket-repository.ts';

/**
 * The SLA scheduler: every `pollMs` (a minute) it finds open tickets whose first-response or resolution
 * target has passed and escalates each to the next tier. All state is in the database, so a restarted node
 * resumes where it stopped, and several nodes can run it at once: each missed target is claimed by ONE
 * conditional update (`claimBreach`) in the same transaction as the escalation, its events, audit records
 * and mails. A node that dies before committing loses its claim with the rest, and the next pass retries.
 */
export interface SlaSchedulerDeps extends TicketDeps {
  readonly logger: Pick<Logger, 'info' | 'error'>;
  readonly pollMs?: number;
}

export interface SlaScheduler {
  stop(): Promise<void>;
}

/** Tickets looked at per pass; the rest wait for the next one. */
const BATCH = 200;
const TARGETS: readonly SlaTargetName[] = ['response', 'resolution'];

/**
 * Escalates one ticket once for every target of it that has passed, if this node wins the claims (a
 * ticket whose two targets passed together is escalated once, with both breaches recorded). True when it
 * escalated.
 */
export async function escalateIfDue(deps: TicketDeps, id: number): Promise<boolean> {
  return deps.store.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const before = await findTicket(trx, id);
    if (!before) return false;
    const breaches: Breach[] = [];
    for (const target of TARGETS) {
      const due = target === 'response' ? before.response_due_at : before.resolution_due_at;
      if (due !== null && (await claimBreach(trx, id, target, now))) breaches.push({ target, due });
    }
    if (!breaches.length) return false;
    const claimed = await findTicket(trx, id);
    if (!claimed) return false;
    await escalateWithin(trx, deps, claimed, {
      actor: 'system',
      ip: null,
      reason: translator('en')('tickets.systemReason'),
      breaches,
    });
    return true;
  });
}

/**
 * One pass over the tickets with a passed target; returns how many this node escalated. A failure on one
 * ticket is logged and the pass goes on with the others (the failed one is retried next pass).
 */
export async function runSlaPass(deps: TicketDeps & Pick<SlaSchedulerDeps, 'logger'>): Promise<number> {
  let escalated = 0;
  for (const id of await listBreachedTicketIds(deps.store.db, deps.clock.now(), BATCH)) {
    try {
      if (await escalateIfDue(deps, id)) escalated++;
    } catch (err) {
      deps.logger.error({ err, ticket: id }, 'ticket escalation failed');
    }
  }
  return escalated;
}

/** Starts the scheduler (first pass at once); `stop` waits for a pass under way. */
export function startSlaScheduler(deps: SlaSchedulerDeps): SlaScheduler {
  const pollMs = deps.pollMs ?? 60_000;
  return startPolling(
    async () => {
      const n = await runSlaPass(deps);
      if (n > 0) deps.logger.info({ escalated: n }, 'tickets escalated');
    },
    { intervalMs: pollMs, onError: (err: unknown) => deps.logger.error({ err }, 'SLA pass failed') },
  );
}
