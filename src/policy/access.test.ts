import { describe, expect, it } from 'vitest';
import { decideAccess, type AccessSubject } from './access.ts';

const officer: AccessSubject = {
  role: 'officer',
  accountStatus: 'active',
  wingId: 'adjudication',
  officeStatus: 'closed',
  validUntil: null,
  accessEndsAt: null,
  openOfficeException: false,
};
const boweb = { id: 'boweb', enabled: true, allowedWings: ['adjudication', 'enforcement'] };

describe('access policy', () => {
  it('allows an active officer of a granted wing whose office is closed', () => {
    expect(decideAccess(officer, boweb, 0)).toEqual({ effect: 'allow', reason: 'GRANTED' });
  });

  it.each([
    [{ ...officer, officeStatus: 'open' as const }, 'OFFICE_OPEN'],
    [{ ...officer, wingId: 'sib' }, 'WING_NOT_GRANTED'],
    [{ ...officer, accountStatus: 'revoked' as const }, 'ACCOUNT_NOT_ACTIVE'],
    [{ ...officer, role: 'hq_admin' as const }, 'ROLE_NOT_GRANTED'],
    [{ ...officer, validUntil: 100 }, 'ACCESS_EXPIRED'],
    [{ ...officer, officeStatus: null }, 'OFFICE_OPEN'],
  ])('denies %o with %s', (subject, reason) => {
    expect(decideAccess(subject, boweb, 1000)).toEqual({ effect: 'deny', reason });
  });

  it('allows an officer of an open office whom HQ approved as an exception, until the access ends', () => {
    const excepted = {
      ...officer,
      officeStatus: 'open' as const,
      openOfficeException: true,
      validUntil: 5000,
    };
    expect(decideAccess(excepted, boweb, 4999)).toEqual({ effect: 'allow', reason: 'GRANTED' });
    expect(decideAccess(excepted, boweb, 5000)).toEqual({ effect: 'deny', reason: 'ACCESS_EXPIRED' });
    expect(decideAccess({ ...excepted, wingId: 'sib' }, boweb, 0).reason).toBe('WING_NOT_GRANTED');
  });

  it('denies a disabled resource before anything else', () => {
    expect(decideAccess(officer, { ...boweb, enabled: false }, 0).reason).toBe('RESOURCE_DISABLED');
  });

  it('keeps access through the grace period after an office reopens, then ends it', () => {
    const reopened = { ...officer, officeStatus: 'open' as const, accessEndsAt: 5000 };
    expect(decideAccess(reopened, boweb, 4999).effect).toBe('allow');
    expect(decideAccess(reopened, boweb, 5000)).toEqual({ effect: 'deny', reason: 'ACCESS_EXPIRED' });
  });
});
