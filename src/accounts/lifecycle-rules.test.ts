import { describe, expect, it } from 'vitest';
import { ACCOUNT_STATUSES } from './table.ts';
import { ACCOUNT_ACTIONS, checkReason, checkTransition, isAccountAction } from './lifecycle-rules.ts';

describe('account lifecycle rules', () => {
  it('follows pending_activation → active ↔ locked / suspended → expired / revoked', () => {
    expect(checkTransition('suspend', 'active')).toEqual({ ok: true, to: 'suspended' });
    expect(checkTransition('suspend', 'locked')).toEqual({ ok: true, to: 'suspended' });
    expect(checkTransition('resume', 'suspended')).toEqual({ ok: true, to: 'active' });
    expect(checkTransition('unlock', 'locked')).toEqual({ ok: true, to: 'active' });
    expect(checkTransition('revoke', 'pending_activation')).toEqual({ ok: true, to: 'revoked' });
    expect(checkTransition('resend', 'pending_activation')).toEqual({ ok: true, to: undefined });
    expect(checkTransition('reset', 'locked')).toEqual({ ok: true, to: undefined });
  });

  it('refuses transitions the state machine does not have', () => {
    const refused = { ok: false, reason: 'invalid_transition' };
    expect(checkTransition('resume', 'revoked')).toEqual(refused);
    expect(checkTransition('resume', 'active')).toEqual(refused);
    expect(checkTransition('suspend', 'pending_activation')).toEqual(refused);
    expect(checkTransition('unlock', 'suspended')).toEqual(refused);
    expect(checkTransition('resend', 'active')).toEqual(refused);
    expect(checkTransition('reset', 'pending_activation')).toEqual(refused);
    expect(checkTransition('reset', 'suspended')).toEqual(refused);
  });

  it('never leads out of revoked', () => {
    for (const action of ACCOUNT_ACTIONS) expect(checkTransition(action, 'revoked').ok).toBe(false);
  });

  it('never leads back to pending activation or into expired', () => {
    for (const action of ACCOUNT_ACTIONS) {
      for (const status of ACCOUNT_STATUSES) {
        const check = checkTransition(action, status);
        if (check.ok) expect(['pending_activation', 'expired']).not.toContain(check.to);
      }
    }
  });

  it('requires a reason to revoke, suspend and reset, and checks its length and characters', () => {
    expect(checkReason('revoke', '   ')).toEqual({ ok: false, problem: 'missing' });
    expect(checkReason('suspend', '')).toEqual({ ok: false, problem: 'missing' });
    expect(checkReason('reset', '')).toEqual({ ok: false, problem: 'missing' });
    expect(checkReason('resume', '')).toEqual({ ok: true, reason: null });
    expect(checkReason('unlock', '  ')).toEqual({ ok: true, reason: null });
    expect(checkReason('revoke', 'abc')).toEqual({ ok: false, problem: 'too_short' });
    expect(checkReason('revoke', 'x'.repeat(501))).toEqual({ ok: false, problem: 'too_long' });
    expect(checkReason('revoke', 'left\u0000the service')).toEqual({ ok: false, problem: 'control_chars' });
    expect(checkReason('revoke', '  Transferred, order 12/2026\nline two ')).toEqual({
      ok: true,
      reason: 'Transferred, order 12/2026\nline two',
    });
    expect(checkReason('suspend', 'अनुशासनात्मक कार्यवाही')).toEqual({
      ok: true,
      reason: 'अनुशासनात्मक कार्यवाही',
    });
  });

  it('recognises only its own actions', () => {
    expect(isAccountAction('revoke')).toBe(true);
    expect(isAccountAction('delete')).toBe(false);
    expect(isAccountAction(undefined)).toBe(false);
  });
});
