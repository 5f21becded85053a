import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { retryDelayMs } from './backoff.ts';
import {
  claimDueMail,
  markMailSent,
  recordMailFailure,
  releaseEarlierRunsClaims,
  releaseMailClaims,
  type ClaimedMail,
} from './outbox-repository.ts';
import {
  createMailTransport,
  isPermanentSmtpError,
  outboxMessageId,
  type MailTransport,
} from './transport.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from 'pino';
import type { Store } from '../store/index.ts';
import type { Keyring } from '../crypto/index.ts';
import type { AuditLog } from '../audit/index.ts';

export interface MailWorkerOptions {
  /** Pause between passes, ms (default 2 s). The first pass runs one interval after start. */
  pollMs?: number;
  /** Mails claimed per pass (default 20). */
  batchSize?: number;
  /** Attempts before a mail is marked failed (default 8). */
  maxAttempts?: number;
  /** How long a claim keeps other workers off a mail while it is being sent, ms (default 2 min). */
  leaseMs?: number;
  /**
   * This node's name in its claims (default: host name and gateway port), the same across restarts: at
   * start the worker gives back the claims its node's earlier run held, since that process is gone.
   */
  node?: string;
  /** Jitter source for the retry backoff, [0, 1). */
  random?: () => number;
}

export interface MailWorker {
  /** Stops polling and waits for the pass under way, then closes the SMTP connection. */
  stop(): Promise<void>;
  /** Runs one pass now (after any pass under way); resolves to the number of mails sent. */
  runOnce(): Promise<number>;
}

type WorkerDeps = {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: Store;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
};

const MailBody = z.object({ text: z.string(), html: z.string() });

/**
 * Sends the mail outbox over SMTP: claims due mails, sends each, marks it sent (erasing the body) or
 * schedules a retry with exponential backoff, and fails it after `maxAttempts` or on a permanent (5xx)
 * refusal. `mail.sent` and `mail.failed` are audited with the change. Safe with several workers on one
 * PostgreSQL database (claims are leased). Bodies and their links never reach logs, audit or `last_error`.
 * Without an SMTP URL nothing is sent: mail stays queued, and that is logged once.
 */
export function startMailWorker(deps: WorkerDeps, options: MailWorkerOptions = {}): MailWorker {
  const pollMs = options.pollMs ?? 2_000;
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 8;
  // Short, so a claim a crashed node on another host held comes back within minutes; a send must start in
  // the lease's first half (see pass), and SMTP timeouts (transport.ts) keep any one send well inside it.
  const leaseMs = options.leaseMs ?? 2 * 60_000;
  const node = options.node ?? `${hostname()}:${deps.config.port}`;
  const run = randomBytes(9).toString('base64url');
  const random = options.random ?? Math.random;
  const log = deps.logger.child({ worker: 'mail' });
  const transport = createMailTransport(deps.config.mail);
  if (!transport) log.warn('mail is not configured (DWAAR_SMTP_URL is unset): mail stays queued, unsent');

  // First of all, take back what this node's previous run claimed and never finished (it crashed or was
  // killed mid-send): those mails are due now, not when their lease ends.
  let queue: Promise<unknown> = releaseEarlierRunsClaims(deps.store.db, {
    node,
    run,
    at: deps.clock.now(),
  }).then(
    (released) => {
      if (released > 0) log.info({ released }, 'mail claims of an earlier run released');
    },
    (err: unknown) => log.error({ err }, 'releasing earlier mail claims failed'),
  );
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function pass(sender: MailTransport): Promise<number> {
    const now = deps.clock.now();
    const claimed = await claimDueMail(deps.store.db, deps.store.dialect, {
      now,
      leaseUntil: now + leaseMs,
      limit: batchSize,
      node,
      run,
    });
    let sent = 0;
    for (const [i, mail] of claimed.entries()) {
      // Start no send in the second half of the lease, so a slow server cannot make a claim lapse
      // mid-send (another worker would then send the same mail again). The rest are given back.
      if (deps.clock.now() >= now + leaseMs / 2) {
        const rest = claimed.slice(i).map((m) => m.id);
        await releaseMailClaims(deps.store.db, rest, deps.clock.now());
        break;
      }
      try {
        if (await deliver(sender, mail)) sent++;
      } catch (err) {
        // The database failed around a send: the claim lapses and the mail is retried after the lease.
        log.error({ err, outboxId: mail.id }, 'mail outbox update failed');
      }
    }
    return sent;
  }

  async function deliver(sender: MailTransport, mail: ClaimedMail): Promise<boolean> {
    const body = openBody(mail.bodySealed);
    if (!body) {
      await fail(mail, 'The mail body is missing or cannot be opened (was DWAAR_SECRET changed?)', true);
      return false;
    }
    try {
      await sender.send({
        to: mail.to,
        subject: mail.subject,
        text: body.text,
        html: body.html,
        messageId: outboxMessageId(mail.id, mail.messageKey ?? 'legacy', deps.config.mail.from),
        replyTo: mail.replyTo,
      });
    } catch (err) {
      await fail(mail, describeError(err), isPermanentSmtpError(err));
      return false;
    }
    await deps.store.db.transaction().execute(async (trx) => {
      if (!(await markMailSent(trx, mail.id, deps.clock.now()))) return;
      await deps.audit.append(
        {
          type: 'mail.sent',
          actor: 'system',
          target: mail.to,
          detail: { kind: mail.kind, outbox_id: mail.id, attempts: mail.attempts + 1 },
        },
        trx,
      );
    });
    log.info({ outboxId: mail.id, kind: mail.kind }, 'mail sent');
    return true;
  }

  async function fail(mail: ClaimedMail, error: string, permanent: boolean): Promise<void> {
    const attempts = mail.attempts + 1;
    const final = permanent || attempts >= maxAttempts;
    const retryAt = final ? null : deps.clock.now() + retryDelayMs(attempts, random);
    await deps.store.db.transaction().execute(async (trx) => {
      await recordMailFailure(trx, { id: mail.id, attempts, error, retryAt });
      if (!final) return;
      await deps.audit.append(
        {
          type: 'mail.failed',
          actor: 'system',
          target: mail.to,
          detail: { kind: mail.kind, outbox_id: mail.id, attempts, error },
        },
        trx,
      );
    });
    log.warn({ outboxId: mail.id, kind: mail.kind, attempts, final, error }, 'mail not sent');
  }

  function openBody(sealed: string | null): z.infer<typeof MailBody> | undefined {
    if (sealed === null) return undefined;
    try {
      const parsed = MailBody.safeParse(JSON.parse(deps.keyring.open('mail-encryption', sealed)));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Passes never overlap within a worker: each waits for the one before. */
  function enqueuePass(): Promise<number> {
    const run = queue.then(() => (transport ? pass(transport) : 0));
    queue = run.catch(() => undefined);
    return run;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      enqueuePass().then(
        () => schedule(),
        (err: unknown) => {
          log.error({ err }, 'mail worker pass failed');
          schedule();
        },
      );
    }, pollMs);
    timer.unref();
  }
  schedule();

  return {
    runOnce: enqueuePass,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await queue;
      transport?.close();
    },
  };
}

/**
 * The SMTP or socket error, for `last_error` and the audit record: one line, at most 300 characters, with
 * anything that looks like a one-time link's token blanked in case a server echoes message content.
 */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message
    .replace(/\s+/g, ' ')
    .replace(/(token=)[^\s&"'<>]+/gi, '$1[redacted]')
    .trim()
    .slice(0, 300);
}
