import * as accounts from '../accounts/messages.ts';
import * as directory from '../directory/messages.ts';
import * as guide from '../guide/messages.ts';
import * as mail from '../mail/messages.ts';
import * as proposals from '../proposals/messages.ts';
import * as proposalWorkflow from '../proposals/workflow-messages.ts';
import * as provisioning from '../provisioning/messages.ts';
import * as reports from '../reports/messages.ts';
import { en as coreEn } from './messages-en.ts';
import { hi as coreHi } from './messages-hi.ts';

/** Every feature keeps its own messages; this joins them. Each feature's Hindi matches its English keys. */
export const EN = {
  ...coreEn,
  ...accounts.en,
  ...directory.en,
  ...guide.en,
  ...mail.en,
  ...proposals.en,
  ...proposalWorkflow.en,
  ...provisioning.en,
  ...reports.en,
};

export type MessageKey = keyof typeof EN;

export const HI: Record<MessageKey, string> = {
  ...coreHi,
  ...accounts.hi,
  ...directory.hi,
  ...guide.hi,
  ...mail.hi,
  ...proposals.hi,
  ...proposalWorkflow.hi,
  ...provisioning.hi,
  ...reports.hi,
};
