import * as access from './messages/access.ts';
import * as accounts from './messages/accounts.ts';
import { en as coreEn } from './messages/core-en.ts';
import { hi as coreHi } from './messages/core-hi.ts';
import * as devices from './messages/devices.ts';
import * as directory from './messages/directory.ts';
import * as guide from './messages/guide.ts';
import * as inspector from './messages/inspector.ts';
import * as mail from './messages/mail.ts';
import * as ops from './messages/ops.ts';
import * as passkeys from './messages/passkeys.ts';
import * as policy from './messages/policy.ts';
import * as proposalsImport from './messages/proposals-import.ts';
import * as proposalsReview from './messages/proposals-review.ts';
import * as proposalsWorkflow from './messages/proposals-workflow.ts';
import * as provisioning from './messages/provisioning.ts';
import * as proxy from './messages/proxy.ts';
import * as reports from './messages/reports.ts';
import * as signin from './messages/signin.ts';
import * as tickets from './messages/tickets.ts';
import * as selfHelp from './messages/self-help.ts';
import * as helpdesk from './messages/helpdesk.ts';
import * as ticketMail from './messages/ticket-mail.ts';
import * as circulars from './messages/circulars.ts';
import * as circularInbox from './messages/circular-inbox.ts';
import * as documents from './messages/documents.ts';
import * as auditView from './messages/audit-view.ts';
import * as anomalies from './messages/anomalies.ts';

/**
 * Every catalogue, one namespace per feature (keys are prefixed `feature.`). The catalogues sit at the
 * bottom layer with the translator, so any feature may name any key and i18n imports no feature.
 * Each namespace's Hindi must have exactly its English keys (checked by the type system).
 */
export const EN = {
  ...coreEn,
  ...access.en,
  ...accounts.en,
  ...directory.en,
  ...guide.en,
  ...mail.en,
  ...proposalsImport.en,
  ...proposalsWorkflow.en,
  ...proposalsReview.en,
  ...provisioning.en,
  ...reports.en,
  ...proxy.en,
  ...signin.en,
  ...ops.en,
  ...inspector.en,
  ...devices.en,
  ...passkeys.en,
  ...policy.en,
  ...circulars.en,
  ...circularInbox.en,
  ...documents.en,
  ...auditView.en,
  ...anomalies.en,
  ...tickets.en,
  ...selfHelp.en,
  ...helpdesk.en,
  ...ticketMail.en,
};

export type MessageKey = keyof typeof EN;

export const HI: Record<MessageKey, string> = {
  ...coreHi,
  ...access.hi,
  ...accounts.hi,
  ...directory.hi,
  ...guide.hi,
  ...mail.hi,
  ...proposalsImport.hi,
  ...proposalsWorkflow.hi,
  ...proposalsReview.hi,
  ...provisioning.hi,
  ...reports.hi,
  ...proxy.hi,
  ...signin.hi,
  ...ops.hi,
  ...inspector.hi,
  ...devices.hi,
  ...passkeys.hi,
  ...policy.hi,
  ...circulars.hi,
  ...circularInbox.hi,
  ...documents.hi,
  ...auditView.hi,
  ...anomalies.hi,
  ...tickets.hi,
  ...selfHelp.hi,
  ...helpdesk.hi,
  ...ticketMail.hi,
};
