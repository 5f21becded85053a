import { describe, expect, it } from 'vitest';
import {
  checkDecision,
  classifyReplay,
  parseValidUntil,
  partitionForBulk,
  type DecisionRequest,
} from './decide-rules.ts';

const approve: DecisionRequest = {
  decision: 'approve',
  reason: '',
  exception: false,
  exceptionReason: '',
  validUntil: null,
};

describe('checkDecision', () => {
  it('approves an officer in a closed office without more', () => {
    expect(checkDecision(approve, 'closed')).toEqual([]);
  });

  it('needs a reason to reject, of bounded length', () => {
    expect(checkDecision({ ...approve, decision: 'reject' }, 'closed')).toEqual(['reason_required']);
    expect(checkDecision({ ...approve, decision: 'reject', reason: 'x'.repeat(501) }, 'closed')).toEqual([
      'reason_too_long',
    ]);
    expect(checkDecision({ ...approve, decision: 'reject', reason: 'Retired' }, 'open')).toEqual([]);
  });

  it('needs both the exception box and its reason to approve an officer in an open office', () => {
    expect(checkDecision(approve, 'open')).toEqual(['exception_required', 'exception_reason_required']);
    expect(checkDecision({ ...approve, exception: true }, 'open')).toEqual(['exception_reason_required']);
    expect(checkDecision({ ...approve, exceptionReason: 'Court work' }, 'open')).toEqual([
      'exception_required',
    ]);
    expect(checkDecision({ ...approve, exception: true, exceptionReason: 'x'.repeat(501) }, 'open')).toEqual([
      'exception_reason_too_long',
    ]);
    expect(checkDecision({ ...approve, exception: true, exceptionReason: 'Court work' }, 'open')).toEqual([]);
  });
});

describe('classifyReplay', () => {
  it('takes a decision on a pending item, repeats as no-ops, and refuses contradictions', () => {
    expect(classifyReplay('pending', 'approve')).toBe('fresh');
    expect(classifyReplay('pending', 'reject')).toBe('fresh');
    expect(classifyReplay('approved', 'approve')).toBe('already_approved');
    expect(classifyReplay('rejected', 'reject')).toBe('already_rejected');
    expect(classifyReplay('approved', 'reject')).toBe('conflict');
    expect(classifyReplay('rejected', 'approve')).toBe('conflict');
  });
});

describe('parseValidUntil', () => {
  // 29 Nov 2026, 14:30 IST.
  const now = Date.UTC(2026, 10, 29, 9, 0);

  it('reads an empty field as "no end date"', () => {
    expect(parseValidUntil('  ', now)).toEqual({ ok: true, value: null });
  });

  it('ends access at the midnight after the date, India Standard Time', () => {
    expect(parseValidUntil('2026-12-31', now)).toEqual({ ok: true, value: Date.UTC(2026, 11, 31, 18, 30) });
    expect(parseValidUntil('2026-11-29', now)).toEqual({ ok: true, value: Date.UTC(2026, 10, 29, 18, 30) });
  });

  it('refuses malformed, impossible, past and far-off dates', () => {
    expect(parseValidUntil('31/12/2026', now)).toEqual({ ok: false, reason: 'valid_until_invalid' });
    expect(parseValidUntil('2026-02-30', now)).toEqual({ ok: false, reason: 'valid_until_invalid' });
    expect(parseValidUntil('2026-11-28', now)).toEqual({ ok: false, reason: 'valid_until_past' });
    expect(parseValidUntil('2040-01-01', now)).toEqual({ ok: false, reason: 'valid_until_far' });
  });
});

describe('partitionForBulk', () => {
  it('offers only pending officers in closed offices', () => {
    const items = [
      { itemId: 1, decision: 'pending', officeStatus: 'closed' },
      { itemId: 2, decision: 'pending', officeStatus: 'open' },
      { itemId: 3, decision: 'approved', officeStatus: 'closed' },
      { itemId: 4, decision: 'rejected', officeStatus: 'open' },
    ] as const;
    const parts = partitionForBulk(items);
    expect(parts.eligible.map((i) => i.itemId)).toEqual([1]);
    expect(parts.needsException.map((i) => i.itemId)).toEqual([2]);
    expect(parts.decided.map((i) => i.itemId)).toEqual([3, 4]);
  });
});
