export { renderCircularBody, unsafeBodyParts } from './render-body.ts';
// Drafting, issuing, attachments, tally, print
export { circularRoutes, type CircularRouteDeps, type CircularRouteOptions } from './routes.ts';
export {
  attachmentsDir,
  detectAttachmentType,
  downloadDisposition,
  sanitiseFileName,
  sendCircularAttachment,
  sha256Hex,
  storeAttachmentFile,
  type AttachmentType,
} from './attachment-files.ts';
export { startCircularReminders, sendDueReminders, type ReminderDeps } from './reminders.ts';
export { DEMO_CIRCULAR, issueDemoCircular } from './demo-circular.ts';
export { readableCircular } from './access.ts';
export { issueCircular, type IssueDeps } from './issue-service.ts';
// Reception: reading, acknowledging, banners
export {
  acknowledge,
  attachmentFor,
  awaitingAcknowledgement,
  circularsFor,
  openCircular,
  unreadFor,
  type AcknowledgeResult,
  type Reader,
  type ReceptionDeps,
} from './reception.ts';
export { circularNoticesFor, type NoticeView } from './reception-banner.ts';
export { renderInboxMain, renderReadingMain } from './reception-pages.ts';
export { attachmentIdsOf, circularIdOf, isConfirmed, readingQueryOf } from './reception-http.ts';
