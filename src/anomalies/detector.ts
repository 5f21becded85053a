import type { Logger } from 'pino';
import { auditCursor, type AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { Store } from '../store/index.ts';
import { notifyHq, type NotifyResult } from './anomaly-mail.ts';
import { detectAnomalies } from './detect.ts';
import { findUnnotified, insertAnomaly } from './detector-queries.ts';
import { type AnomalyThresholds, DEFAULT_THRESHOLDS } from './rules.ts';

/** The cursor's name in `audit_cursors`. */
export const ANOMALY_CURSOR = 'anomalies';

export interface AnomalyDetectorOptions {
  /** Pause between reads when the trail has nothing new, ms (default 1000). */
  readonly pollMs?: number;
  /** Events read at once (default 500). */
  readonly batchSize?: number;
  /** Shortest time between two mails to HQ, ms (default one minute). */
  readonly mailIntervalMs?: number;
  /** Thresholds and windows; see `DEFAULT_THRESHOLDS` for what each means and its default. */
  readonly thresholds?: Partial<AnomalyThresholds>;
}

export interface AnomalyDetectorDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
  readonly logger: Logger;
  readonly config: Pick<Config, 'publicUrl'>;
  readonly options?: AnomalyDetectorOptions;
}

export interface AnomalyDetector {
  /** Runs one pass now (tests); resolves when the trail has been read to its end and HQ told. */
  runOnce(): Promise<void>;
  /** Stops polling, waiting for the pass under way. */
  stop(): Promise<void>;
}

class CursorMoved extends Error {}

/**
 * Reads the audit trail with the shared cursor `anomalies` and flags what `DEFAULT_THRESHOLDS` describes
 * into `audit_anomalies`, auditing `audit.anomaly` for each and mailing HQ (see `notifyHq`), all in the
 * transaction that advances the cursor. Several nodes may run it: the cursor's compare-and-set lets one
 * of them commit each batch, and the others roll theirs back. A re-read after a crash flags nothing
 * twice: (kind, subject, event) is unique, and a burst is judged by the events' own times.
 */
export function startAnomalyDetector(deps: AnomalyDetectorDeps): AnomalyDetector {
  const o = deps.options ?? {};
  const db = deps.store.db;
  const thresholds: AnomalyThresholds = { ...DEFAULT_THRESHOLDS, ...o.thresholds };
  const pollMs = o.pollMs ?? 1000;
  const batchSize = o.batchSize ?? 500;
  const notify = {
    clock: deps.clock,
    keyring: deps.keyring,
    publicUrl: deps.config.publicUrl,
    mailIntervalMs: o.mailIntervalMs ?? 60_000,
  };
  const cursor = auditCursor(db, ANOMALY_CURSOR);
  let warnedNoRecipients = 0;

  function report(result: NotifyResult): void {
    if (result.kind === 'mailed')
      deps.logger.info(
        { anomalies: result.anomalies, recipients: result.recipients },
        'anomalies mailed to HQ',
      );
    if (result.kind === 'no_recipients' && deps.clock.now() - warnedNoRecipients > 3_600_000) {
      warnedNoRecipients = deps.clock.now();
      deps.logger.warn(
        { pending: result.pending },
        'anomalies flagged but no active HQ administrator has an e-mail',
      );
    }
  }

  /** One batch; true when there may be more to read. */
  async function step(): Promise<boolean> {
    const from = await cursor.position();
    const events = await cursor.read(from, batchSize);
    const last = events.at(-1);
    if (!last) {
      // Anomalies held back by the mail interval (or for want of a recipient) go out once it allows.
      if ((await findUnnotified(db, 1)).length > 0)
        report(await db.transaction().execute((trx) => notifyHq(trx, notify)));
      return false;
    }
    const flags = await detectAnomalies(db, events, thresholds);
    try {
      const result = await db.transaction().execute(async (trx) => {
        // Claimed first: a peer that got here first makes this roll back, having written nothing.
        if (!(await auditCursor(trx, ANOMALY_CURSOR).advance(from, last.seq, deps.clock.now())))
          throw new CursorMoved();
        for (const f of flags) {
          const id = await insertAnomaly(trx, f, deps.clock.now());
          if (id === undefined) continue;
          await deps.audit.append(
            {
              type: 'audit.anomaly',
              actor: 'system',
              target: f.subject,
              detail: { kind: f.kind, anomaly: id, event_seq: f.eventSeq },
            },
            trx,
          );
        }
        return notifyHq(trx, notify);
      });
      report(result);
    } catch (err) {
      if (!(err instanceof CursorMoved)) throw err;
    }
    return events.length === batchSize;
  }

  async function runOnce(): Promise<void> {
    while (await step()) {
      if (stopped) return;
    }
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((err: unknown) => deps.logger.error({ err }, 'anomaly detection failed'))
        .then(schedule);
    }, pollMs);
    timer.unref();
  }
  schedule();

  return {
    async runOnce() {
      await running;
      running = runOnce();
      await running;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
