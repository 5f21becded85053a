import { describe, expect, it } from 'vitest';
import { parseTableForm, type TableForm } from './table-form.ts';
import { planDecisions, type PlanItem } from './table-rules.ts';

// 29-11-2026, 14:30 India time.
const now = Date.UTC(2026, 10, 29, 9, 0);

/** Items 1 and 2 in closed offices, 3 in an open one, 4 already approved. */
const ITEMS: readonly PlanItem[] = [
  { itemId: 1, decision: 'pending', officeStatus: 'closed' },
  { itemId: 2, decision: 'pending', officeStatus: 'closed' },
  { itemId: 3, decision: 'pending', officeStatus: 'open' },
  { itemId: 4, decision: 'approved', officeStatus: 'closed' },
];
const IDS = ITEMS.map((i) => i.itemId);

function form(body: Record<string, string | string[]>): TableForm {
  const parsed = parseTableForm(body, IDS);
  if (!parsed) throw new Error('form not understood');
  return parsed;
}

describe('parseTableForm', () => {
  it('reads each row by its item ID, the ticked rows and the button pressed', () => {
    const f = form({
      _csrf: 'x',
      do: 'reject_selected',
      select: ['2', '1', '2', '99'],
      bulkReason: '  Retired  ',
      'decision-1': 'reject',
      'reason-1': ' Transferred ',
      'decision-3': 'exception',
      'exceptionReason-3': 'Court work',
      'validUntil-3': '31-12-2026',
      'decision-99': 'approve',
    });
    expect(f.action).toBe('reject_selected');
    // Repeats and rows of other proposals are dropped.
    expect(f.selected).toEqual([2, 1]);
    expect(f.bulkReason).toBe('Retired');
    expect(f.rows.get(1)).toEqual({
      choice: 'reject',
      reason: 'Transferred',
      exceptionReason: '',
      validUntil: '',
    });
    expect(f.rows.get(2)).toEqual({ choice: undefined, reason: '', exceptionReason: '', validUntil: '' });
    expect(f.rows.get(3)?.choice).toBe('exception');
    expect(f.rows.has(99)).toBe(false);
    expect(f.confirm).toBe(false);
  });

  it('treats "not yet" as no choice and defaults to the rows button', () => {
    const f = form({ 'decision-1': '' });
    expect(f.action).toBe('rows');
    expect(f.rows.get(1)?.choice).toBeUndefined();
  });

  it('refuses what the page never sends', () => {
    expect(parseTableForm({ 'decision-1': 'maybe' }, IDS)).toBeUndefined();
    expect(parseTableForm({ 'reason-1': ['a', 'b'] }, IDS)).toBeUndefined();
    expect(parseTableForm({ do: 'delete' }, IDS)).toBeUndefined();
    expect(parseTableForm({ select: 'one' }, IDS)).toBeUndefined();
    expect(parseTableForm(null, IDS)).toBeUndefined();
  });
});

describe('planDecisions', () => {
  it('takes every row with a choice, and reads only the fields of the decision taken', () => {
    const plan = planDecisions(
      form({
        'decision-1': 'approve',
        // A reason typed and then the choice changed: approving ignores it.
        'reason-1': 'changed my mind',
        'decision-2': 'reject',
        'reason-2': 'Not in an eligible wing',
        'exceptionReason-2': 'ignored',
        'decision-3': 'exception',
        'exceptionReason-3': 'Court case work, order 12/2026',
        'validUntil-3': '31/12/2026',
      }),
      ITEMS,
      now,
    );
    expect(plan).toEqual({
      ok: true,
      decisions: [
        {
          itemId: 1,
          request: {
            decision: 'approve',
            reason: '',
            exception: false,
            exceptionReason: '',
            validUntil: null,
          },
          row: { choice: 'approve', reason: '', exceptionReason: '', validUntil: '' },
        },
        {
          itemId: 2,
          request: {
            decision: 'reject',
            reason: 'Not in an eligible wing',
            exception: false,
            exceptionReason: '',
            validUntil: null,
          },
          row: { choice: 'reject', reason: 'Not in an eligible wing', exceptionReason: '', validUntil: '' },
        },
        {
          itemId: 3,
          request: {
            decision: 'approve',
            reason: '',
            exception: true,
            exceptionReason: 'Court case work, order 12/2026',
            validUntil: Date.UTC(2026, 11, 31, 18, 30),
          },
          // The date goes to the confirm step as dd-mm-yyyy.
          row: {
            choice: 'exception',
            reason: '',
            exceptionReason: 'Court case work, order 12/2026',
            validUntil: '31-12-2026',
          },
        },
      ],
    });
  });

  it('reports each row’s problems by row, and asks for a choice when none was made', () => {
    expect(planDecisions(form({}), ITEMS, now)).toMatchObject({
      ok: false,
      form: ['nothing_chosen'],
      rows: [],
    });
    const plan = planDecisions(
      form({
        'decision-1': 'reject',
        'decision-2': 'reject',
        'reason-2': 'x'.repeat(501),
        'decision-3': 'exception',
        'validUntil-3': '2026-31-12',
      }),
      ITEMS,
      now,
    );
    expect(plan).toMatchObject({
      ok: false,
      form: [],
      rows: [
        { itemId: 1, problem: 'reason_required' },
        { itemId: 2, problem: 'reason_too_long' },
        { itemId: 3, problem: 'exception_reason_required' },
        { itemId: 3, problem: 'valid_until_invalid' },
      ],
    });
  });

  it('refuses a past end date and a plain approval of an officer whose office is open', () => {
    const plan = planDecisions(
      form({
        'decision-3': 'approve',
        'decision-1': 'exception',
      }),
      ITEMS,
      now,
    );
    // An "exception" for a closed office is a plain approval; a plain approval for an open one is not enough.
    expect(plan).toMatchObject({ ok: false, rows: [{ itemId: 3, problem: 'exception_required' }] });
    const past = planDecisions(
      form({ 'decision-3': 'exception', 'exceptionReason-3': 'Court', 'validUntil-3': '28-11-2026' }),
      ITEMS,
      now,
    );
    expect(past).toMatchObject({ ok: false, rows: [{ itemId: 3, problem: 'valid_until_past' }] });
  });

  it('approves the ticked rows; an open office’s officer only with the exception chosen in the row', () => {
    const ok = planDecisions(
      form({
        do: 'approve_selected',
        select: ['1', '2'],
        // Rows' own choices do not matter for the ticked rows of a closed office.
        'decision-2': 'reject',
        'decision-3': 'reject',
      }),
      ITEMS,
      now,
    );
    expect(ok.ok && ok.decisions.map((d) => [d.itemId, d.request.decision])).toEqual([
      [1, 'approve'],
      [2, 'approve'],
    ]);
    const open = planDecisions(form({ do: 'approve_selected', select: ['1', '3'] }), ITEMS, now);
    expect(open).toMatchObject({ ok: false, form: [], rows: [{ itemId: 3, problem: 'exception_required' }] });
    const withException = planDecisions(
      form({
        do: 'approve_selected',
        select: ['1', '3'],
        'decision-3': 'exception',
        'exceptionReason-3': 'Court case work',
      }),
      ITEMS,
      now,
    );
    expect(withException.ok && withException.decisions.map((d) => d.request.exception)).toEqual([
      false,
      true,
    ]);
    expect(planDecisions(form({ do: 'approve_selected' }), ITEMS, now)).toMatchObject({
      ok: false,
      form: ['nothing_selected'],
    });
  });

  it('rejects the ticked rows with the one reason, which must be given once', () => {
    const ok = planDecisions(
      form({ do: 'reject_selected', select: ['3', '1'], bulkReason: 'Offices reopen next week' }),
      ITEMS,
      now,
    );
    expect(ok.ok && ok.decisions.map((d) => [d.itemId, d.request.decision, d.request.reason])).toEqual([
      [1, 'reject', 'Offices reopen next week'],
      [3, 'reject', 'Offices reopen next week'],
    ]);
    expect(planDecisions(form({ do: 'reject_selected', select: ['1', '2'] }), ITEMS, now)).toEqual({
      ok: false,
      form: ['bulk_reason_required'],
      rows: [],
    });
    expect(
      planDecisions(form({ do: 'reject_selected', select: ['1'], bulkReason: 'a\u202Eb' }), ITEMS, now),
    ).toMatchObject({ ok: false, form: ['bulk_reason_unprintable'] });
    expect(planDecisions(form({ do: 'reject_selected', bulkReason: 'Why' }), ITEMS, now)).toMatchObject({
      ok: false,
      form: ['nothing_selected'],
    });
  });
});
