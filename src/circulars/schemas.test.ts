import { describe, expect, it } from 'vitest';
import { resolveAudiences, type Candidate } from './recipients-query.ts';
import { endOfIndiaDay, parseCircularForm } from './schemas.ts';

const directory = {
  zones: new Set(['lucknow', 'kanpur']),
  districtZone: new Map([
    ['lucknow', 'lucknow'],
    ['hardoi', 'lucknow'],
    ['kanpur-nagar', 'kanpur'],
  ]),
};

const form = (o: Record<string, string> = {}) => ({
  number: '12/2026',
  issuedOn: '20-04-2020',
  subjectEn: 'S',
  subjectHi: 'वि',
  bodyEn: 'Body',
  bodyHi: 'पाठ',
  authorityEn: 'Commissioner',
  authorityHi: 'कमिश्नर',
  copyToEn: ' one \n\n two ',
  copyToHi: '',
  ackDeadline: '',
  ackRequired: 'on',
  aud0Kind: 'recipient',
  aud0Zone: 'lucknow',
  ...o,
});

describe('the circular form', () => {
  it('stores the date as YYYY-MM-DD, copy lines trimmed, the deadline at the end of the India day', () => {
    const r = parseCircularForm(form({ ackDeadline: '30-04-2020' }), directory);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.draft.issuedOn).toBe('2020-04-20');
    expect(r.draft.copyToEn).toBe('one\ntwo');
    // 30 April 2020, 23:59:59.999 IST = 18:29:59.999 UTC.
    expect(new Date(r.draft.ackDeadline ?? 0).toISOString()).toBe('2020-04-30T18:29:59.999Z');
    expect(r.draft.audiences).toEqual([
      { kind: 'recipient', role: null, zoneId: 'lucknow', districtId: null },
    ]);
  });

  it.each([
    ['a number over 80 characters', { number: 'x'.repeat(81) }, 'number'],
    ['a US-style date', { issuedOn: '04/31/2020' }, 'issuedOn'],
    ['a missing Hindi subject', { subjectHi: '  ' }, 'subjectHi'],
    ['raw HTML in the body', { bodyHi: 'a <iframe src=x></iframe>' }, 'bodyHi'],
    ['a data: link', { bodyEn: '[x](data:text/html,hi)' }, 'bodyEn'],
    ['an unknown role', { aud0Role: 'root' }, 'aud0Kind'],
    ['a district in another zone', { aud0Zone: 'kanpur', aud0District: 'hardoi' }, 'aud0District'],
    ['only copies', { aud0Kind: 'copy' }, 'aud0Kind'],
  ])('refuses %s', (_what, o, field) => {
    const r = parseCircularForm(form(o), directory);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toContain(field);
  });

  it('ends a day at the last millisecond before midnight in India', () => {
    expect(endOfIndiaDay({ year: 2026, month: 12, day: 31 })).toBe(Date.UTC(2026, 11, 31, 18, 30) - 1);
  });
});

describe('resolving audiences', () => {
  const people: Candidate[] = [
    { accountId: 1, role: 'officer', zoneId: 'lucknow', districtId: 'hardoi', email: 'a@x' },
    { accountId: 2, role: 'zonal_head', zoneId: 'lucknow', districtId: null, email: 'b@x' },
    { accountId: 3, role: 'officer', zoneId: 'kanpur', districtId: 'kanpur-nagar', email: null },
    { accountId: 4, role: 'hq_admin', zoneId: null, districtId: null, email: 'd@x' },
  ];

  it('counts someone both addressed and copied once, as a recipient', () => {
    const r = resolveAudiences(
      [
        { kind: 'recipient', role: 'officer', zone_id: 'lucknow', district_id: null },
        { kind: 'copy', role: null, zone_id: 'lucknow', district_id: null },
        { kind: 'copy', role: 'hq_admin', zone_id: null, district_id: null },
      ],
      people,
    );
    expect(r.map((p) => [p.accountId, p.kind])).toEqual([
      [1, 'recipient'],
      [2, 'copy'],
      [4, 'copy'],
    ]);
  });

  it('matches a district audience only to people placed in that district', () => {
    const r = resolveAudiences(
      [{ kind: 'recipient', role: null, zone_id: null, district_id: 'kanpur-nagar' }],
      people,
    );
    expect(r.map((p) => p.accountId)).toEqual([3]);
  });
});
