import type { OfficeStatus } from '../../directory/table.ts';
import { textProblem } from '../../web/index.ts';
import type { ItemDecision } from '../table.ts';
import {
  checkDecision,
  MAX_REASON,
  parseValidUntil,
  type DecisionProblem,
  type DecisionRequest,
  type ValidUntilParse,
} from './decide-rules.ts';
import type { RowValues, TableForm } from './table-form.ts';

/**
 * From the posted review table to the decisions it asks for, checked: the server is the source of truth,
 * whatever the page's script showed or hid. A row's fields count only for the decision taken there (a
 * reason only when rejecting; the exception's reason and end date only for an exception).
 */

export type ValidUntilProblem = (ValidUntilParse & { ok: false })['reason'];

/** Something wrong in one officer's row, named by the field it concerns. */
export interface RowProblem {
  readonly itemId: number;
  readonly problem: DecisionProblem | ValidUntilProblem;
}

/** Something wrong with the form as a whole. */
export type FormProblem =
  | 'nothing_chosen'
  | 'nothing_selected'
  | 'bulk_reason_required'
  | 'bulk_reason_too_long'
  | 'bulk_reason_unprintable';

/** One decision the table asks for, ready to record, and as its row should be posted again to confirm it. */
export interface PlannedDecision {
  readonly itemId: number;
  readonly request: DecisionRequest;
  readonly row: RowValues;
}

export type Plan =
  | { readonly ok: true; readonly decisions: readonly PlannedDecision[] }
  | {
      readonly ok: false;
      readonly form: readonly FormProblem[];
      readonly rows: readonly RowProblem[];
    };

export interface PlanItem {
  readonly itemId: number;
  readonly decision: ItemDecision;
  readonly officeStatus: OfficeStatus;
}

function bulkReasonProblem(reason: string): FormProblem | undefined {
  if (reason === '') return 'bulk_reason_required';
  const problem = textProblem(reason, 'line', MAX_REASON);
  if (problem === undefined) return undefined;
  return problem === 'too_long' ? 'bulk_reason_too_long' : 'bulk_reason_unprintable';
}

/**
 * The rows each button decides: "continue" takes every row with a choice; "approve selected" approves the
 * ticked rows (an officer of an open office only with the exception chosen in their row, which says why);
 * "reject selected" rejects the ticked rows with the one reason.
 */
function rowsToDecide(form: TableForm, items: readonly PlanItem[]): Map<number, RowValues> {
  const chosen = new Map<number, RowValues>();
  const rowOf = (id: number) => form.rows.get(id);
  if (form.action === 'approve_selected') {
    for (const id of form.selected) {
      const row = rowOf(id);
      const item = items.find((i) => i.itemId === id);
      if (!row || !item) continue;
      const choice = item.officeStatus === 'open' && row.choice === 'exception' ? 'exception' : 'approve';
      chosen.set(id, { ...row, choice });
    }
  } else if (form.action === 'reject_selected') {
    for (const id of form.selected) {
      const row = rowOf(id);
      if (row) chosen.set(id, { ...row, choice: 'reject', reason: form.bulkReason });
    }
  } else {
    for (const [id, row] of form.rows) if (row.choice !== undefined) chosen.set(id, row);
  }
  return chosen;
}

/** One row's choice as a decision, and what is wrong with it. */
function planRow(
  row: RowValues,
  item: PlanItem,
  now: number,
): { request: DecisionRequest; row: RowValues; problems: (DecisionProblem | ValidUntilProblem)[] } {
  const base = { reason: '', exception: false, exceptionReason: '', validUntil: null };
  if (row.choice === 'reject') {
    const request: DecisionRequest = { ...base, decision: 'reject', reason: row.reason };
    const clean = { ...row, exceptionReason: '', validUntil: '' };
    return { request, row: clean, problems: checkDecision(request, item.officeStatus) };
  }
  if (row.choice === 'exception' && item.officeStatus === 'open') {
    const until = parseValidUntil(row.validUntil, now);
    const request: DecisionRequest = {
      ...base,
      decision: 'approve',
      exception: true,
      exceptionReason: row.exceptionReason,
      validUntil: until.ok ? until.value : null,
    };
    const clean = { ...row, reason: '', validUntil: until.ok ? until.text : row.validUntil };
    const problems = [...checkDecision(request, item.officeStatus), ...(until.ok ? [] : [until.reason])];
    return { request, row: clean, problems };
  }
  // A plain approval: an officer of an open office needs the exception instead (checkDecision says so).
  const request: DecisionRequest = { ...base, decision: 'approve' };
  const clean = { ...row, choice: 'approve' as const, reason: '', exceptionReason: '', validUntil: '' };
  const problems = checkDecision(request, item.officeStatus).filter((p) => p !== 'exception_reason_required');
  return { request, row: clean, problems };
}

/** The decisions the posted table asks for, or everything wrong with it (then nothing is recorded). */
export function planDecisions(form: TableForm, items: readonly PlanItem[], now: number): Plan {
  const formProblems: FormProblem[] = [];
  const bulk = form.action === 'approve_selected' || form.action === 'reject_selected';
  if (bulk && form.selected.length === 0) formProblems.push('nothing_selected');
  if (form.action === 'reject_selected') {
    const problem = bulkReasonProblem(form.bulkReason);
    if (problem) formProblems.push(problem);
  }
  const chosen = rowsToDecide(form, items);
  if (!bulk && chosen.size === 0) formProblems.push('nothing_chosen');

  const decisions: PlannedDecision[] = [];
  const rowProblems: RowProblem[] = [];
  for (const item of items) {
    const row = chosen.get(item.itemId);
    if (!row) continue;
    const planned = planRow(row, item, now);
    // The one bulk reason is reported once, on its own field, not on every row.
    const own = form.action === 'reject_selected' ? [] : planned.problems;
    rowProblems.push(...own.map((problem) => ({ itemId: item.itemId, problem })));
    decisions.push({ itemId: item.itemId, request: planned.request, row: planned.row });
  }
  if (formProblems.length > 0 || rowProblems.length > 0)
    return { ok: false, form: formProblems, rows: rowProblems };
  return { ok: true, decisions };
}
