export { devMailboxDir } from './dev-mailbox-files.ts';
export { startDevSmtp, type DevSmtp } from './dev-smtp.ts';
export { enqueueMail } from './outbox.ts';
export { mailboxRoutes, type MailboxRouteDeps } from './routes.ts';
export { startMailWorker } from './worker.ts';
