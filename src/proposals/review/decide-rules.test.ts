import { describe, expect, it } from 'vitest';
import {
  checkDecision,
  classifyReplay,
  exampleDate,
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
  // 29-11-2026, 14:30 India time.
  const now = Date.UTC(2026, 10, 29, 9, 0);

  it('reads an empty field as "no end date"', () => {
    expect(parseValidUntil('  ', now)).toEqual({ ok: true, value: null, text: '' });
  });

  it('reads dd-mm-yyyy as officers write it, and ends access at the midnight after it, India time', () => {
    const end = { ok: true, value: Date.UTC(2026, 11, 31, 18, 30), text: '31-12-2026' };
    expect(parseValidUntil('31-12-2026', now)).toEqual(end);
    expect(parseValidUntil(' 31/12/2026 ', now)).toEqual(end);
    expect(parseValidUntil('31.12.2026', now)).toEqual(end);
    // The yyyy-mm-dd a date picker or a script sends is read as well, and shown back as dd-mm-yyyy.
    expect(parseValidUntil('2026-12-31', now)).toEqual(end);
    expect(parseValidUntil('1-1-2027', now)).toEqual({
      ok: true,
      value: Date.UTC(2027, 0, 1, 18, 30),
      text: '01-01-2027',
    });
    // Today still counts: access ends tonight.
    expect(parseValidUntil('29-11-2026', now)).toEqual({
      ok: true,
      value: Date.UTC(2026, 10, 29, 18, 30),
      text: '29-11-2026',
    });
  });

  it('refuses malformed, impossible, past and far-off dates', () => {
    for (const text of ['12-31-2026', '30-02-2026', '31-12-26', '2026/12/31', 'next week', '31-12-2026x'])
      expect(parseValidUntil(text, now), text).toEqual({ ok: false, reason: 'valid_until_invalid' });
    expect(parseValidUntil('28-11-2026', now)).toEqual({ ok: false, reason: 'valid_until_past' });
    expect(parseValidUntil('01-01-2040', now)).toEqual({ ok: false, reason: 'valid_until_far' });
  });

  it('gives a dd-mm-yyyy example about three months ahead, in India time', () => {
    expect(exampleDate(now)).toBe('27-02-2027');
    // 23:00 India time on 31 December is already 31 December there, not UTC's.
    expect(exampleDate(Date.UTC(2026, 11, 31, 17, 30))).toBe('31-03-2027');
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
