export {
  composeMail,
  perLang,
  type ComposedMail,
  type FactRow,
  type MailBlock,
  type MailHref,
  type MailSpec,
  type MailValue,
  type MailVars,
  type PerLang,
} from './compose.ts';
export { devMailboxDir } from './dev-mailbox-files.ts';
export { startDevSmtp, type DevSmtp } from './dev-smtp.ts';
export { enqueueMail, type OutgoingMail } from './outbox.ts';
export { outboxBacklog } from './outbox-repository.ts';
export { parseRawMail, type ParsedMail } from './mime.ts';
export { mailboxRoutes, type MailboxRouteDeps } from './routes.ts';
export { startMailWorker } from './worker.ts';
