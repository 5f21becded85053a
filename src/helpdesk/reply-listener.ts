import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import {
  acceptMailReply,
  ticketNumberForRecipient,
  type InboundOutcome,
  type MailReplyDeps,
} from './mail-replies.ts';
import type { TicketDeps } from './sla.ts';
import { createTicketService } from './tickets.ts';

export interface ReplyListenerDeps extends TicketDeps {
  readonly logger: Logger;
}

export interface ReplyListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Larger messages are refused (552): a reply is text; screenshots go through the portal. */
export const MAX_REPLY_BYTES = 2 * 1024 * 1024;
const MAX_RECIPIENTS = 5;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The SMTP listener for replies to ticket mail (issue 11), on `config.helpdesk.smtpHost:smtpPort`; undefined
 * when the port is 0 (off). The department's mail server routes the reply domain here. It accepts mail only
 * for `ticket+<number>.<tag>@<replyDomain>` with a genuine tag (others: 550 at RCPT, logged, not audited, since
 * anyone can send them), at most 2 MB (552), and hands each message to `acceptMailReply`. No AUTH and no
 * STARTTLS: it is meant for the internal hop from the department's MTA, bound to loopback by default.
 */
export async function startReplyListener(deps: ReplyListenerDeps): Promise<ReplyListener | undefined> {
  const { smtpPort, smtpHost } = deps.config.helpdesk;
  if (smtpPort === 0) return undefined;
  const server = createReplyServer({ ...deps, tickets: createTicketService(deps) });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(smtpPort, smtpHost, () => {
      server.off('error', reject);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : smtpPort);
    });
  });
  // smtp-server re-emits client errors on itself; unheard, they would throw.
  server.on('error', (err) => deps.logger.warn({ err }, 'helpdesk reply listener'));
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type ServerDeps = MailReplyDeps & { readonly logger: Logger };

function createReplyServer(deps: ServerDeps): SMTPServer {
  const inFlight = new Set<string>();
  return new SMTPServer({
    name: deps.config.helpdesk.replyDomain,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: MAX_REPLY_BYTES,
    maxClients: 50,
    socketTimeout: 60_000,
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
        callback(smtpError(452, '4.5.3 Too many recipients'));
        return;
      }
      if (!ticketNumberForRecipient(deps, address.address)) {
        deps.logger.info({ to: address.address.slice(0, 200), ip: session.remoteAddress }, 'reply refused');
        callback(smtpError(550, '5.1.1 No such ticket address'));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        // Past the limit nothing more is kept; the stream is drained and the message refused at its end.
        if (bytes <= MAX_REPLY_BYTES) chunks.push(chunk);
      });
      stream.on('error', callback);
      stream.on('end', () => {
        if (stream.sizeExceeded || bytes > MAX_REPLY_BYTES) {
          callback(smtpError(552, '5.3.4 Message too big'));
          return;
        }
        deliver(deps, session, Buffer.concat(chunks), inFlight).then(
          (outcome) => callback(outcome ? smtpError(outcome.code, outcome.message) : null),
          (err: unknown) => {
            deps.logger.error({ err }, 'helpdesk reply not stored');
            callback(smtpError(451, '4.3.0 Could not store the reply, try again later'));
          },
        );
      });
    },
  });
}

/** Adds the message to each ticket it was addressed to; the first refusal, if any, is the answer. */
async function deliver(
  deps: MailReplyDeps,
  session: SMTPServerSession,
  raw: Buffer,
  inFlight: Set<string>,
): Promise<Extract<InboundOutcome, { kind: 'refused' }> | undefined> {
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  const numbers = new Set<string>();
  for (const rcpt of session.envelope.rcptTo) {
    const number = ticketNumberForRecipient(deps, rcpt.address);
    if (number) numbers.add(number);
  }
  let refusal: Extract<InboundOutcome, { kind: 'refused' }> | undefined;
  for (const ticketNumber of numbers) {
    const outcome = await acceptMailReply(
      deps,
      {
        envelopeFrom,
        ticketNumber,
        raw,
        ip: session.remoteAddress || null,
      },
      inFlight,
    );
    if (outcome.kind === 'refused') refusal ??= outcome;
  }
  return refusal;
}
