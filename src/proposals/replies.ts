import { AppError } from '../errors.ts';

/** Where the proposal pages send people back to after a refusal. */
export const BACK_TO_LIST = { href: '/console/proposals', label: 'proposals.workflow.backToList' } as const;
export const BACK_TO_QUEUE = { href: '/console/review', label: 'proposals.workflow.backToQueue' } as const;

type Back = typeof BACK_TO_LIST | typeof BACK_TO_QUEUE;

/** No such proposal, or no such officer on it. */
export const proposalNotFound = (back: Back) => new AppError('PROPOSAL_NOT_FOUND', { back });

/** A form whose fields could not be read: nothing changes. */
export const formNotUnderstood = (back: Back) => new AppError('FORM_NOT_UNDERSTOOD', { back });
