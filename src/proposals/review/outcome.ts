import type { MessageKey, Translate } from '../../i18n/index.ts';
import { accountStatusText, decisionText, failureError, type FieldError } from '../pages-common.ts';
import type { DecideManyResult } from './decide-many.ts';
import type { DecisionProblem } from './decide-rules.ts';
import type { BulkResult, Closing, DecideItemResult } from './decide-service.ts';
import type { DecisionItem } from './repository.ts';
import type { FormProblem, ValidUntilProblem } from './table-rules.ts';

const PROBLEM_FIELD: Record<DecisionProblem | ValidUntilProblem, string> = {
  reason_required: 'reason',
  reason_too_long: 'reason',
  reason_unprintable: 'reason',
  exception_required: 'decision',
  exception_reason_required: 'exceptionReason',
  exception_reason_too_long: 'exceptionReason',
  exception_reason_unprintable: 'exceptionReason',
  valid_until_invalid: 'validUntil',
  valid_until_past: 'validUntil',
  valid_until_far: 'validUntil',
};

/**
 * Each problem of one officer's decision as a message linked to its field in the officer's row (and shown
 * beside it). `example` is a date in dd-mm-yyyy for the date's message.
 */
export function problemErrors(
  t: Translate,
  itemId: number,
  name: string,
  problems: readonly (DecisionProblem | ValidUntilProblem)[],
  example = '',
): FieldError[] {
  return problems.map((p) => ({
    field: `${PROBLEM_FIELD[p]}-${itemId}`,
    text: t(`proposals.workflow.err_${p}`, { name, example }),
  }));
}

const FORM_PROBLEM: Record<FormProblem, { field: string; key: MessageKey }> = {
  nothing_chosen: { field: 'review-actions', key: 'proposals.review.errNothingChosen' },
  nothing_selected: { field: 'review-actions', key: 'proposals.review.errNoneSelected' },
  bulk_reason_required: { field: 'bulkReason', key: 'proposals.review.err_bulk_reason_required' },
  bulk_reason_too_long: { field: 'bulkReason', key: 'proposals.review.err_bulk_reason_too_long' },
  bulk_reason_unprintable: { field: 'bulkReason', key: 'proposals.review.err_bulk_reason_unprintable' },
};

/** A problem of the review form as a whole, linked to the buttons or the bulk reason. */
export function formProblemErrors(t: Translate, problems: readonly FormProblem[]): FieldError[] {
  return problems.map((p) => ({ field: FORM_PROBLEM[p].field, text: t(FORM_PROBLEM[p].key) }));
}

/** Beyond this many officers, the notice counts instead of naming each one. */
const NAMED_LIMIT = 10;

/** What HQ reads after a table of decisions was recorded: each officer's outcome, or counts for many. */
export function manyNotice(
  t: Translate,
  result: DecideManyResult & { ok: true },
  nameOf: (o: DecisionItem) => string,
): string[] {
  const lines: string[] = [];
  const approved = result.outcomes.flatMap((o) => (o.outcome === 'approved' ? [o] : []));
  const rejected = result.outcomes.filter((o) => o.outcome === 'rejected');
  if (approved.length > NAMED_LIMIT) {
    lines.push(t('proposals.workflow.doneBulk', { n: approved.length }));
    const linked = approved.filter((a) => !a.account.created);
    if (linked.length > 0)
      lines.push(
        t('proposals.workflow.doneBulkLinked', {
          n: linked.length,
          ids: linked.map((a) => a.account.userId).join(', '),
        }),
      );
  } else {
    for (const a of approved) lines.push(approvedLine(t, nameOf(a.officer), a.account));
  }
  if (rejected.length > NAMED_LIMIT)
    lines.push(t('proposals.review.doneRejectedMany', { n: rejected.length }));
  else
    for (const r of rejected) lines.push(t('proposals.workflow.doneRejected', { name: nameOf(r.officer) }));
  for (const o of result.outcomes) {
    if (o.outcome === 'already_approved')
      lines.push(t('proposals.workflow.alreadyApproved', { name: nameOf(o.officer) }));
    if (o.outcome === 'already_rejected')
      lines.push(t('proposals.workflow.alreadyRejected', { name: nameOf(o.officer) }));
  }
  return [...lines, ...closingNotice(t, result.proposal)];
}

function approvedLine(
  t: Translate,
  name: string,
  a: { created: boolean; linkSent: boolean; userId: string; status: Parameters<typeof accountStatusText>[1] },
): string {
  if (!a.created)
    return t('proposals.workflow.doneLinked', {
      name,
      userId: a.userId,
      status: accountStatusText(t, a.status),
    });
  return a.linkSent
    ? t('proposals.workflow.doneApproved', { name, userId: a.userId })
    : t('proposals.workflow.doneApprovedNoMail', { name, userId: a.userId });
}

/** "Proposal closed, proposer notified" when this decision was the last one. */
function closingNotice(t: Translate, closing: Closing): string[] {
  if (!closing.decided) return [];
  return [
    closing.proposerNotified
      ? t('proposals.workflow.doneDecided')
      : t('proposals.workflow.doneDecidedNoMail'),
  ];
}

/** What HQ reads after a successful (or repeated) decision. */
export function decisionNotice(t: Translate, result: DecideItemResult & { ok: true }): string[] {
  const name = result.officer.nameEn;
  switch (result.outcome) {
    case 'approved': {
      const a = result.account;
      const first = a.created
        ? a.linkSent
          ? t('proposals.workflow.doneApproved', { name, userId: a.userId })
          : t('proposals.workflow.doneApprovedNoMail', { name, userId: a.userId })
        : t('proposals.workflow.doneLinked', {
            name,
            userId: a.userId,
            status: accountStatusText(t, a.status),
          });
      return [first, ...closingNotice(t, result.proposal)];
    }
    case 'rejected':
      return [t('proposals.workflow.doneRejected', { name }), ...closingNotice(t, result.proposal)];
    case 'already_approved':
      return [t('proposals.workflow.alreadyApproved', { name })];
    case 'already_rejected':
      return [t('proposals.workflow.alreadyRejected', { name })];
  }
}

/** The refusal of a contradicting decision. */
export function conflictError(
  t: Translate,
  itemId: number,
  name: string,
  current: 'approved' | 'rejected',
): FieldError {
  return failureError(t, 'PROPOSAL_DECISION_CONFLICT', `officer-${itemId}`, {
    name,
    decision: decisionText(t, current),
  });
}

/** What HQ reads after "Approve all eligible". */
export function bulkNotice(t: Translate, result: BulkResult & { ok: true }): string[] {
  const linked = result.approved.filter((a) => !a.account.created);
  return [
    t('proposals.workflow.doneBulk', { n: result.approved.length }),
    ...(linked.length > 0
      ? [
          t('proposals.workflow.doneBulkLinked', {
            n: linked.length,
            ids: linked.map((a) => a.account.userId).join(', '),
          }),
        ]
      : []),
    ...(result.skipped.length > 0
      ? [t('proposals.workflow.doneBulkSkipped', { n: result.skipped.length })]
      : []),
    ...closingNotice(t, result.proposal),
  ];
}
