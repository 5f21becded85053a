import type { Translate } from '../../i18n/index.ts';
import { accountStatusText, decisionText, failureError, type FieldError } from '../pages-common.ts';
import type { DecisionProblem, ValidUntilParse } from './decide-rules.ts';
import type { BulkResult, Closing, DecideItemResult } from './decide-service.ts';

type ValidUntilProblem = (ValidUntilParse & { ok: false })['reason'];

const PROBLEM_FIELD: Record<DecisionProblem | ValidUntilProblem, string> = {
  reason_required: 'reason',
  reason_too_long: 'reason',
  reason_unprintable: 'reason',
  exception_required: 'exception',
  exception_reason_required: 'exceptionReason',
  exception_reason_too_long: 'exceptionReason',
  exception_reason_unprintable: 'exceptionReason',
  valid_until_invalid: 'validUntil',
  valid_until_past: 'validUntil',
  valid_until_far: 'validUntil',
};

/** Each problem of one officer's decision as a message linked to its field on the review page. */
export function problemErrors(
  t: Translate,
  itemId: number,
  name: string,
  problems: readonly (DecisionProblem | ValidUntilProblem)[],
): FieldError[] {
  return problems.map((p) => ({
    field: `${PROBLEM_FIELD[p]}-${itemId}`,
    text: t(`proposals.workflow.err_${p}`, { name }),
  }));
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
