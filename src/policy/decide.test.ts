import { describe, expect, it } from 'vitest';
import type { AccessRequest, AgentPosture, CompiledPolicy, PersonFacts } from './model.ts';
import { loadPolicyText } from './policy-load.ts';

const HEAD = `version: 1
profiles:
  portal: { steps: [inspection, trust, disclaimer, password, second_factor], max_sessions: 3 }
  console: { steps: [password, second_factor], max_sessions: 2, second_factor_by_role: { hq_admin: passkey } }
resources:
  - id: app
    name: { en: App, hi: ऐप }
    host: app.localhost
    upstream: http://127.0.0.1:9
    rules:
`;

function policyWith(rules: string): CompiledPolicy {
  const loaded = loadPolicyText(HEAD + rules);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.policy;
}

const NOW = Date.UTC(2026, 11, 1, 6, 30); // Tuesday 1 December 2026, 12:00 India time
const officer: PersonFacts = {
  accountId: 7,
  userId: 'lucknow.upct10079',
  role: 'officer',
  accountStatus: 'active',
  zone: 'lucknow',
  district: 'lucknow',
  wing: 'adjudication',
  rank: 'deputy-commissioner',
  officeStatus: 'closed',
  validUntil: null,
  accessEndsAt: null,
  openOfficeException: false,
  acknowledged: new Map([['confidentiality', 2]]),
};
const posture: AgentPosture = {
  os: 'Windows',
  osVersion: '10.0.19045',
  osPatched: 'yes',
  diskEncryption: 'yes',
  firewall: 'yes',
  screenLock: 'unknown',
  at: NOW - 60_000,
};
const request = (person: Partial<PersonFacts> = {}, rest: Partial<AccessRequest> = {}): AccessRequest => ({
  person: { ...officer, ...person },
  session: { secondFactor: 'totp', deviceTrusted: true, posture: null },
  ip: '10.20.30.40',
  now: NOW,
  ...rest,
});
const docs = new Map([
  ['confidentiality', 2],
  ['disclaimer', 1],
]);
const session = (s: Partial<AccessRequest['session']>) => ({
  session: { secondFactor: 'totp' as const, deviceTrusted: true, posture: null, ...s },
});

/** One allow rule per condition; each row: the condition, a request it allows, one it denies, the reason. */
const CONDITIONS: readonly [string, string, AccessRequest, AccessRequest, string][] = [
  ['role', 'role: [officer]', request(), request({ role: 'hq_admin' }), 'ROLE_NOT_GRANTED'],
  ['zone', 'zone: [lucknow]', request(), request({ zone: 'agra' }), 'ZONE_NOT_GRANTED'],
  [
    'district',
    'district: [lucknow, unnao]',
    request(),
    request({ district: 'agra' }),
    'DISTRICT_NOT_GRANTED',
  ],
  ['wing', 'wing: [adjudication]', request(), request({ wing: 'sib' }), 'WING_NOT_GRANTED'],
  ['no wing', 'wing: [adjudication]', request(), request({ wing: null }), 'WING_NOT_GRANTED'],
  [
    'rank',
    'rank: [deputy-commissioner]',
    request(),
    request({ rank: 'assistant-commissioner' }),
    'RANK_NOT_GRANTED',
  ],
  ['office closed', 'office: closed', request(), request({ officeStatus: 'open' }), 'OFFICE_OPEN'],
  ['office unknown', 'office: closed', request(), request({ officeStatus: null }), 'OFFICE_OPEN'],
  [
    'office grace',
    'office: closed',
    request({ officeStatus: 'open', accessEndsAt: NOW + 1 }),
    request({ officeStatus: 'open' }),
    'OFFICE_OPEN',
  ],
  [
    'office exception',
    'office: closed',
    request({ officeStatus: 'open', openOfficeException: true }),
    request({ officeStatus: 'open' }),
    'OFFICE_OPEN',
  ],
  [
    'office strict',
    'office: { status: closed, grace: false, exceptions: false }',
    request(),
    request({ officeStatus: 'open', openOfficeException: true, accessEndsAt: NOW + 1 }),
    'OFFICE_OPEN',
  ],
  ['office open', 'office: open', request({ officeStatus: 'open' }), request(), 'OFFICE_CLOSED'],
  [
    'acknowledged',
    'acknowledged: [confidentiality]',
    request(),
    request({ acknowledged: new Map([['confidentiality', 1]]) }),
    'ACKNOWLEDGEMENT_REQUIRED',
  ],
  [
    'acknowledged never',
    'acknowledged: [confidentiality]',
    request(),
    request({ acknowledged: new Map() }),
    'ACKNOWLEDGEMENT_REQUIRED',
  ],
  [
    'any second factor',
    'second_factor: any',
    request(),
    request({}, session({ secondFactor: 'none' })),
    'SECOND_FACTOR_REQUIRED',
  ],
  [
    'recovery counts as any',
    'second_factor: any',
    request({}, session({ secondFactor: 'recovery' })),
    request({}, session({ secondFactor: 'none' })),
    'SECOND_FACTOR_REQUIRED',
  ],
  [
    'passkey',
    'second_factor: passkey',
    request({}, session({ secondFactor: 'passkey' })),
    request(),
    'SECOND_FACTOR_REQUIRED',
  ],
  [
    'totp',
    'second_factor: totp',
    request(),
    request({}, session({ secondFactor: 'passkey' })),
    'SECOND_FACTOR_REQUIRED',
  ],
  [
    'device trusted',
    'device_trusted: true',
    request(),
    request({}, session({ deviceTrusted: false })),
    'DEVICE_NOT_TRUSTED',
  ],
  ['posture required', 'posture: required', request({}, session({ posture })), request(), 'POSTURE_REQUIRED'],
  [
    'posture stale',
    'posture: { max_age: 30s }',
    request({}, session({ posture: { ...posture, at: NOW - 10_000 } })),
    request({}, session({ posture })),
    'POSTURE_REQUIRED',
  ],
  [
    'posture checks',
    'posture: { require: [disk_encryption, firewall] }',
    request({}, session({ posture })),
    request({}, session({ posture: { ...posture, firewall: 'no' } })),
    'POSTURE_FAILED',
  ],
  [
    'posture unknown fails',
    'posture: { require: [screen_lock] }',
    request({}, session({ posture: { ...posture, screenLock: 'yes' } })),
    request({}, session({ posture })),
    'POSTURE_FAILED',
  ],
  [
    'hours',
    'hours: { from: "09:00", to: "18:00" }',
    request(),
    request({}, { now: NOW + 7 * 3600_000 }),
    'OUTSIDE_HOURS',
  ],
  [
    'hours end is exclusive',
    'hours: { from: "09:00", to: "12:00" }',
    request({}, { now: NOW - 60_000 }),
    request(),
    'OUTSIDE_HOURS',
  ],
  [
    'hours weekday',
    'hours: { days: [mon, wed], from: "00:00", to: "23:59" }',
    request({}, { now: NOW - 86_400_000 }),
    request(),
    'OUTSIDE_HOURS',
  ],
  [
    'hours over midnight',
    'hours: { days: [mon], from: "22:00", to: "06:00" }',
    request({}, { now: NOW - 8 * 3600_000 }),
    request({}, { now: NOW + 14 * 3600_000 }),
    'OUTSIDE_HOURS',
  ],
  [
    'network v4',
    'network: [10.20.0.0/16]',
    request(),
    request({}, { ip: '10.21.0.1' }),
    'NETWORK_NOT_ALLOWED',
  ],
  [
    'network mapped v4',
    'network: [10.20.0.0/16]',
    request({}, { ip: '::ffff:10.20.1.1' }),
    request({}, { ip: '::ffff:10.21.1.1' }),
    'NETWORK_NOT_ALLOWED',
  ],
  [
    'network v6',
    'network: ["2001:db8::/32"]',
    request({}, { ip: '2001:db8::5' }),
    request({}, { ip: '2001:db9::5' }),
    'NETWORK_NOT_ALLOWED',
  ],
  [
    'network single address',
    'network: [127.0.0.1]',
    request({}, { ip: '127.0.0.1' }),
    request({}, { ip: '127.0.0.2' }),
    'NETWORK_NOT_ALLOWED',
  ],
];

describe('the access policy decides every condition', () => {
  it.each(CONDITIONS)('%s', (_name, condition, allowed, denied, reason) => {
    const policy = policyWith(`      - id: only
        allow: { ${condition} }
`);
    expect(policy.decide('app', allowed, docs)).toEqual({ effect: 'allow', reason: 'GRANTED', rule: 'only' });
    expect(policy.decide('app', denied, docs)).toMatchObject({ effect: 'deny', reason, rule: 'only' });
    // explain reaches the same decision and says which check failed.
    const explained = policy.explain('app', denied, docs);
    expect(explained.decision.reason).toBe(reason);
    expect(explained.lines.some((l) => !l.ok && l.en.trim().length > 0 && l.hi.trim().length > 0)).toBe(true);
  });
});

it('fails closed on a document that is not published, whatever the person acknowledged', () => {
  const policy = policyWith(`      - id: only
        allow: { acknowledged: [circular-9] }
`);
  const r = request({ acknowledged: new Map([['circular-9', 5]]) });
  expect(policy.decide('app', r, docs)).toMatchObject({
    reason: 'ACKNOWLEDGEMENT_REQUIRED',
    detail: 'circular-9',
  });
  expect(policy.decide('app', r, new Map([['circular-9', 5]])).effect).toBe('allow');
});

describe('rules together', () => {
  const policy = policyWith(`      - id: officers
        allow: { role: [officer], office: closed }
      - id: hq
        allow: { role: [hq_admin], second_factor: passkey }
      - id: not-from-cafes
        description: Public networks are never allowed
        deny: { network: [203.0.113.0/24] }
`);

  it('allows by the first allow rule that applies, and names it', () => {
    expect(policy.decide('app', request(), docs).rule).toBe('officers');
    const hq = request({ role: 'hq_admin', officeStatus: null }, session({ secondFactor: 'passkey' }));
    expect(policy.decide('app', hq, docs)).toEqual({ effect: 'allow', reason: 'GRANTED', rule: 'hq' });
  });

  it('lets a deny rule win over every allow rule', () => {
    const fromCafe = request({}, { ip: '203.0.113.9' });
    expect(policy.decide('app', fromCafe, docs)).toEqual({
      effect: 'deny',
      reason: 'DENIED_BY_RULE',
      rule: 'not-from-cafes',
    });
    const summary = policy.explain('app', fromCafe, docs).summary;
    expect(summary.en).toBe('Denied by rule "not-from-cafes".');
    expect(summary.hi).toContain('not-from-cafes');
  });

  it('gives the first allow rule’s first failing condition when nothing allows', () => {
    expect(policy.decide('app', request({ officeStatus: 'open' }), docs)).toMatchObject({
      reason: 'OFFICE_OPEN',
      rule: 'officers',
    });
  });

  it.each([
    ['revoked account', request({ accountStatus: 'revoked' }), 'ACCOUNT_NOT_ACTIVE'],
    ['locked account', request({ accountStatus: 'locked' }), 'ACCOUNT_NOT_ACTIVE'],
    ['access ended', request({ validUntil: NOW }), 'ACCESS_EXPIRED'],
    ['grace ended', request({ officeStatus: 'open', accessEndsAt: NOW - 1 }), 'ACCESS_EXPIRED'],
  ])('refuses a %s before any rule', (_name, r, reason) => {
    expect(policy.decide('app', r, docs)).toEqual({
      effect: 'deny',
      reason,
      rule: undefined,
      detail: undefined,
    });
  });

  it('refuses an unknown resource, a disabled one, and one without rules', () => {
    expect(policy.decide('nope', request(), docs).reason).toBe('UNKNOWN_RESOURCE');
    const disabled = loadPolicyText(
      HEAD.replace('upstream: http://127.0.0.1:9', 'upstream: http://127.0.0.1:9\n    enabled: false') +
        '      - id: a\n        allow: { role: [officer] }\n',
    );
    expect(disabled.ok && disabled.policy.decide('app', request(), docs).reason).toBe('RESOURCE_DISABLED');
    const empty = loadPolicyText(HEAD.replace('    rules:\n', '    rules: []\n'));
    expect(empty.ok && empty.policy.decide('app', request(), docs).reason).toBe('NO_RULES');
  });

  it('gives each profile its second factor by role', () => {
    expect(policy.profile('console').secondFactorFor('hq_admin')).toBe('passkey');
    expect(policy.profile('console').secondFactorFor('zonal_head')).toBe('any');
    expect(policy.profile('portal').maxSessions).toBe(3);
    expect(policy.profile('portal').idleTimeoutS).toBeUndefined();
  });
});
