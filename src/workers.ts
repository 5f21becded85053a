import { hostname } from 'node:os';
import { startAnomalyDetector } from './anomalies/index.ts';
import { startAuditShipper, startCheckpointWorker } from './audit/index.ts';
import { startCircularReminders } from './circulars/index.ts';
import { startSlaScheduler } from './helpdesk/index.ts';
import type { Deps } from './deps.ts';
import { startAccessExpiryWorker } from './directory/index.ts';
import { startMailWorker } from './mail/index.ts';
import { startProgressSweeper } from './provisioning/index.ts';
import { startSessionSweeper } from './session/index.ts';

/** A background loop; `stop` waits for the current pass to finish. */
export interface Worker {
  stop(): Promise<void>;
}

/**
 * Starts the background work (mail outbox, access expiry, session sweeps, stale activation progress). Each worker polls on its own timer and is safe
 * to run on several nodes at once. Add new workers to the list; stop them all with `stopWorkers`.
 */
export function startWorkers(deps: Deps): Worker[] {
  // Committed audit events as JSON lines to stdout or syslog, when DWAAR_AUDIT_SHIP names a target.
  const shipper = startAuditShipper({
    db: deps.store.db,
    clock: deps.clock,
    target: deps.config.audit.ship,
    node: hostname(),
    onError: (err, batch) => deps.logger.error({ err, ...batch }, 'audit shipping failed; will retry'),
  });
  return [
    startMailWorker(deps),
    startAccessExpiryWorker(deps),
    startSessionSweeper(deps),
    startProgressSweeper(deps),
    startCheckpointWorker(deps),
    startAnomalyDetector(deps),
    startCircularReminders(deps),
    startSlaScheduler(deps),
    ...(shipper ? [shipper] : []),
  ];
}

/** Stops every worker, waiting for passes under way; reports the first failure after trying them all. */
export async function stopWorkers(workers: readonly Worker[]): Promise<void> {
  const results = await Promise.allSettled(workers.map((w) => w.stop()));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}
