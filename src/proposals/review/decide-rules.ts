import type { OfficeStatus } from '../../directory/table.ts';
import { addDays, dayText, indiaDay, indiaTime, parseDay } from '../../i18n/index.ts';
import { textProblem } from '../../web/index.ts';
import type { ItemDecision } from '../table.ts';

export type Verdict = 'approve' | 'reject';

/** What HQ asked for one officer, already trimmed. */
export interface DecisionRequest {
  readonly decision: Verdict;
  /** Why the officer is rejected (shown to the proposer); ignored on approval. */
  readonly reason: string;
  /** HQ ticked "approve although the office is open". */
  readonly exception: boolean;
  readonly exceptionReason: string;
  /** End of access (epoch ms) or null for "while the office is closed". */
  readonly validUntil: number | null;
}

export type DecisionProblem =
  | 'reason_required'
  | 'reason_too_long'
  | 'reason_unprintable'
  | 'exception_required'
  | 'exception_reason_required'
  | 'exception_reason_too_long'
  | 'exception_reason_unprintable';

export const MAX_REASON = 500;

/**
 * A reason is one line of text (the review form's field is one line, and the proposer's mail lists each
 * reason on a line of its own, which a line break would forge): no line breaks or control characters.
 */
function reasonProblem(text: string): 'too_long' | 'unprintable' | undefined {
  const problem = textProblem(text, 'line', MAX_REASON);
  return problem === undefined ? undefined : problem === 'too_long' ? 'too_long' : 'unprintable';
}

/** Everything wrong with a decision for an officer whose office has `officeStatus`; empty when it may stand. */
export function checkDecision(req: DecisionRequest, officeStatus: OfficeStatus): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  if (req.decision === 'reject') {
    const problem = reasonProblem(req.reason);
    if (req.reason === '') problems.push('reason_required');
    else if (problem) problems.push(`reason_${problem}`);
    return problems;
  }
  if (officeStatus === 'open') {
    if (!req.exception) problems.push('exception_required');
    const problem = reasonProblem(req.exceptionReason);
    if (req.exceptionReason === '') problems.push('exception_reason_required');
    else if (problem) problems.push(`exception_reason_${problem}`);
  }
  return problems;
}

export type Replay = 'fresh' | 'already_approved' | 'already_rejected' | 'conflict';

/**
 * How a decision relates to the item's current one: a pending item takes it; the same decision again is a
 * no-op reported as "already"; the opposite decision is a conflict and is refused.
 */
export function classifyReplay(current: ItemDecision, wanted: Verdict): Replay {
  if (current === 'pending') return 'fresh';
  if (current === 'approved') return wanted === 'approve' ? 'already_approved' : 'conflict';
  return wanted === 'reject' ? 'already_rejected' : 'conflict';
}

export type ValidUntilParse =
  | { readonly ok: true; readonly value: number | null; readonly text: string }
  | { readonly ok: false; readonly reason: 'valid_until_invalid' | 'valid_until_past' | 'valid_until_far' };

/** HQ's orders run for months, not decades. */
const MAX_YEARS_AHEAD = 5;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Reads the optional "access valid until" date as officers write it (dd-mm-yyyy; also dd/mm/yyyy and the
 * yyyy-mm-dd a date picker sends), inclusive, India time: access ends at the following midnight in India
 * (the policy treats `valid_until <= now` as expired). Empty means no end date. `text` is the date in
 * dd-mm-yyyy once read, for the confirm step and the form to show again.
 */
export function parseValidUntil(text: string, now: number): ValidUntilParse {
  const value = text.trim();
  if (value === '') return { ok: true, value: null, text: '' };
  const day = parseDay(value);
  if (!day) return { ok: false, reason: 'valid_until_invalid' };
  const end = indiaTime(addDays(day, 1));
  if (end <= now) return { ok: false, reason: 'valid_until_past' };
  if (end > now + MAX_YEARS_AHEAD * 366 * DAY_MS) return { ok: false, reason: 'valid_until_far' };
  return { ok: true, value: end, text: dayText(day) };
}

/** A date about three months ahead, in dd-mm-yyyy, for hints and messages ("for example …"). */
export function exampleDate(now: number): string {
  return dayText(addDays(indiaDay(now), 90));
}

export interface BulkCandidate {
  readonly itemId: number;
  readonly decision: ItemDecision;
  readonly officeStatus: OfficeStatus;
}

/**
 * Splits items for "Approve all eligible": pending officers in closed offices are eligible; pending officers
 * in open offices need a one-by-one decision with an exception; decided items are left alone.
 */
export function partitionForBulk<T extends BulkCandidate>(
  items: readonly T[],
): { eligible: T[]; needsException: T[]; decided: T[] } {
  const eligible: T[] = [];
  const needsException: T[] = [];
  const decided: T[] = [];
  for (const item of items) {
    if (item.decision !== 'pending') decided.push(item);
    else if (item.officeStatus === 'open') needsException.push(item);
    else eligible.push(item);
  }
  return { eligible, needsException, decided };
}
