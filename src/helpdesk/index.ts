// The helpdesk (issue 11): the only file other features import. Each helper adds below its own line.
export * from './model.ts';
export { replyAddressFor, ticketNumberOf } from './reply-address.ts';
// Tickets, their SLA clock and mail
export { createTicketService } from './tickets.ts';
export type { TicketDeps } from './sla.ts';
export { nextStatuses, initialPriority } from './ticket-rules.ts';
export { sendTicketAttachment } from './ticket-attachments.ts';
export { addBusinessMinutes, businessMinutesBetween, isBusinessDay, type Holidays } from './business-time.ts';
export { startSlaScheduler, runSlaPass, type SlaScheduler, type SlaSchedulerDeps } from './sla-scheduler.ts';
export { officerTicketUrl, consoleTicketUrl, ticketReplyAddress } from './ticket-mail.ts';
// The officer's help: identification, diagnosis
export {
  diagnoseAccount,
  ATTEMPT_KINDS,
  FINDING_CODES,
  type Attempt,
  type AttemptKind,
  type Diagnosis,
  type Finding,
  type FindingCode,
} from './diagnostics.ts';
export { renderDiagnosis } from './diagnostics-page.ts';
export {
  HELP_CODE_MAX_TRIES,
  HELP_CODE_TTL_MS,
  HELP_CODES_PER_ID,
  HELP_SESSION_MS,
  helpSessionValue,
  parseHelpSession,
  requestHelpCode,
  verifyHelpCode,
  type HelpCodeDeps,
} from './help-codes.ts';
export {
  findAccountDistrict,
  findHelpUserId,
  findSupportContact,
  listSupportContacts,
  type SupportContact,
} from './locations-repository.ts';
// The console: queues, ticket pages, locations, holidays, SLA targets
export { helpdeskRoutes, type HelpdeskConsoleDeps } from './console-routes.ts';
// Replies by mail, and reports
export {
  acceptMailReply,
  replyText,
  type InboundOutcome,
  type InboundReply,
  type MailReplyDeps,
} from './mail-replies.ts';
export {
  MAX_REPLY_BYTES,
  startReplyListener,
  type ReplyListener,
  type ReplyListenerDeps,
} from './reply-listener.ts';
export { helpdeskReportRoutes, type HelpdeskReportDeps } from './reports-routes.ts';
