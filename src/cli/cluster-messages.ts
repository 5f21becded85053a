import { z } from 'zod';

/** What a cluster's primary tells its gateway workers over the IPC channel. */
export const PrimaryMessage = z.discriminatedUnion('type', [
  /** Shut down gracefully (the primary got SIGTERM or SIGINT). */
  z.object({ type: z.literal('dwaar:drain') }),
  /** Reload the access policy (the primary got SIGHUP). */
  z.object({ type: z.literal('dwaar:reload-policy') }),
]);
export type PrimaryMessage = z.infer<typeof PrimaryMessage>;

/**
 * What the primary prepared that its workers take over, passed in their environment: the mail route (the
 * dev SMTP catcher runs once, in the primary).
 */
export const WORKER_MAIL_ENV = 'DWAAR_CLUSTER_MAIL';
export const WorkerMail = z.object({ smtpUrl: z.string().min(1).optional(), devMailbox: z.boolean() });
