import { SMTPServer } from 'smtp-server';
import { caughtMailId, saveCaughtMail, type CaughtMail } from './dev-mailbox-files.ts';
import { parseRawMail } from './mime.ts';

export type { CaughtMail } from './dev-mailbox-files.ts';

export interface DevSmtpOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Loopback only by default: the catcher accepts mail from anyone who can reach it. */
  host?: string;
  /** When set, each caught message is also written there as `.eml`, for the console's dev mailbox. */
  saveDir?: string;
  /** How many messages to keep, in memory and on disk. */
  keep?: number;
  /** Client and socket errors after start (a bad client must not stop the catcher). Ignored by default. */
  onError?: (err: Error) => void;
}

export interface DevSmtp {
  readonly port: number;
  /** Caught messages, newest first. */
  messages(): CaughtMail[];
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * A development SMTP server that accepts every message (no authentication, no TLS) and keeps it for
 * reading. It is what `npm start` sends mail to, and the real SMTP server the tests deliver to. Never
 * expose it: it is for one developer's machine.
 */
export async function startDevSmtp(options: DevSmtpOptions): Promise<DevSmtp> {
  const keep = options.keep ?? 500;
  const caught: CaughtMail[] = [];
  let seq = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: MAX_MESSAGE_BYTES,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const receivedAt = Date.now();
        const id = caughtMailId(receivedAt, seq++);
        caught.unshift({ ...parseRawMail(raw), id, receivedAt });
        caught.length = Math.min(caught.length, keep);
        if (!options.saveDir) {
          callback();
          return;
        }
        // A failed write is reported to the sender (451), so the outbox keeps the mail and retries.
        saveCaughtMail(options.saveDir, id, raw, keep).then(
          () => callback(),
          (err: unknown) =>
            callback(
              Object.assign(new Error(`Could not store the message: ${String(err)}`), { responseCode: 451 }),
            ),
        );
      });
    },
  });

  // smtp-server re-emits listen and client errors on itself; unheard, they would throw.
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : options.port);
    });
  });
  server.on('error', options.onError ?? (() => undefined));

  return {
    port,
    messages: () => [...caught],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
