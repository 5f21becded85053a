import { createTransport } from 'nodemailer';
import type { Config } from '../config.ts';

/** One message, ready to go: bilingual text and HTML bodies. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The same on every attempt at one outbox row, so a receiver can drop a duplicate (RFC 5322 §3.6.4). */
  readonly messageId?: string;
  /** Where replies go (a ticket's own address), when not to the sender. */
  readonly replyTo?: string | null;
}

export interface MailTransport {
  /** Resolves once the SMTP server accepted the message; rejects with the server's or the socket's error. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * An SMTP transport from `config.mail` (`smtp://host:port`, or `smtps://user:pass@host:465`), sending as
 * `config.mail.from`; undefined when no SMTP URL is configured. Timeouts are short so a silent server
 * fails an attempt (to be retried with backoff) instead of holding the worker.
 */
export function createMailTransport(mail: Config['mail']): MailTransport | undefined {
  if (!mail.smtpUrl) return undefined;
  const transporter = createTransport(
    {
      url: mail.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // Logging stays off: nodemailer's debug output would include the message, one-time links and all.
      logger: false,
      debug: false,
    },
    { from: mail.from },
  );
  return {
    async send(message) {
      await transporter.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        ...(message.messageId ? { messageId: message.messageId } : {}),
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      });
    },
    close: () => transporter.close(),
  };
}

/**
 * True for an SMTP 5xx reply (RFC 5321 §4.2.1): the server refused the message for good (e.g. no such
 * mailbox), so retrying cannot help. Connection and 4xx errors are transient.
 */
export function isPermanentSmtpError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('responseCode' in err)) return false;
  const code = err.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * The Message-ID of outbox row `id`: `<outbox-ID.KEY@DOMAIN>` with the row's random key and the sender's
 * domain, the same on every attempt.
 */
export function outboxMessageId(id: number, key: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'dwaar.localhost';
  return `<outbox-${id}.${key}@${domain}>`;
}
