import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyText } from './policy-load.ts';

const DEMO = readFileSync(resolve(import.meta.dirname, '../../config/policy.demo.yaml'), 'utf8');

const GOOD = `version: 1
profiles:
  portal:
    steps: [inspection, trust, disclaimer, password, second_factor]
    max_sessions: 3
  console:
    steps: [password, second_factor]
    max_sessions: 2
resources:
  - id: app
    name: { en: App, hi: ऐप }
    host: app.localhost
    upstream: http://127.0.0.1:9
    rules:
      - id: officers
        allow: { role: [officer] }
`;

/** The problems of GOOD with one line replaced (1-based), as "line path message". */
function problemsWith(
  line: number,
  text: string,
): { line: number; path: string; message: string; fix: string }[] {
  const lines = GOOD.split('\n');
  lines[line - 1] = text;
  const loaded = loadPolicyText(lines.join('\n'));
  if (loaded.ok) throw new Error('expected problems');
  return loaded.problems.map(({ line, path, message, fix }) => ({ line, path, message, fix }));
}

describe('loading a policy file', () => {
  it('loads the demo file, which grants what Dwaar granted before policy files', () => {
    const loaded = loadPolicyText(DEMO, { DWAAR_BOWEB_UPSTREAM: 'http://127.0.0.1:18081' });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.policy.resources.map((r) => [r.id, r.host, r.upstream.origin])).toEqual([
      ['boweb', 'boweb.localhost', 'http://127.0.0.1:18081'],
    ]);
    expect(loaded.policy.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.policy.profile('portal').steps).toEqual([
      'inspection',
      'trust',
      'disclaimer',
      'password',
      'second_factor',
      'acknowledgements',
    ]);
    expect(loaded.policy.profile('portal').acknowledge).toEqual(['confidentiality']);
    expect(loaded.policy.documentKinds).toEqual(['confidentiality']);
    expect(loaded.policy.profile('portal').idleTimeoutS).toBe(15 * 60);
    expect(loaded.policy.profile('portal').absoluteTimeoutS).toBe(8 * 3600);
  });

  it.each([
    ['an officer of a closed office', {}, 'GRANTED'],
    ['an officer of the enforcement wing', { wing: 'enforcement' }, 'GRANTED'],
    ['an officer of another wing', { wing: 'sib' }, 'WING_NOT_GRANTED'],
    ['an officer of an open office', { officeStatus: 'open' }, 'OFFICE_OPEN'],
    ['in the grace period after reopening', { officeStatus: 'open', accessEndsAt: 2e12 }, 'GRANTED'],
    ['an HQ exception in an open office', { officeStatus: 'open', openOfficeException: true }, 'GRANTED'],
    ['an HQ administrator', { role: 'hq_admin', officeStatus: null, wing: null }, 'ROLE_NOT_GRANTED'],
    ['a suspended officer', { accountStatus: 'suspended' }, 'ACCOUNT_NOT_ACTIVE'],
    ['an officer whose access ended', { validUntil: 1 }, 'ACCESS_EXPIRED'],
    // Issue 10: the section-133 clause at its current version (2 here) gates access.
    [
      'an officer who acknowledged an older clause',
      { acknowledged: new Map([['confidentiality', 1]]) },
      'ACKNOWLEDGEMENT_REQUIRED',
    ],
    ['an officer who never acknowledged the clause', { acknowledged: new Map() }, 'ACKNOWLEDGEMENT_REQUIRED'],
  ] as const)('decides for %s as Dwaar did before policy files', (_who, facts, reason) => {
    const loaded = loadPolicyText(DEMO, {});
    if (!loaded.ok) throw new Error('the demo policy does not load');
    const person = {
      accountId: 1,
      userId: 'officer1',
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
      acknowledged: new Map<string, number>([['confidentiality', 2]]),
      ...facts,
    } as const;
    const session = { secondFactor: 'totp', deviceTrusted: false, posture: null } as const;
    const documents = new Map([['confidentiality', 2]]);
    const decision = loaded.policy.decide('boweb', { person, session, ip: '10.0.0.1', now: 1e12 }, documents);
    expect(decision.reason).toBe(reason);
  });

  it('uses a variable’s default when it is unset, and names an unset one without a default', () => {
    const fallback = loadPolicyText(DEMO, {});
    expect(fallback.ok && fallback.policy.resource('boweb')?.upstream.port).toBe('8081');
    const loaded = loadPolicyText(GOOD.replace('http://127.0.0.1:9', '${APP_UPSTREAM}'));
    expect(loaded.ok ? [] : loaded.problems).toMatchObject([
      { line: 13, path: 'resources[0].upstream', message: 'environment variable APP_UPSTREAM is not set' },
    ]);
  });

  it.each([
    [
      4,
      '    steps: [inspection, trust, disclaimer, password, second_factor, nap]',
      'profiles.portal.steps[5]',
      /Invalid option/,
      /use one of: inspection/,
    ],
    [5, '    max_sessions: 0', 'profiles.portal.max_sessions', /Too small/, /larger/],
    [5, '    max_sessions: many', 'profiles.portal.max_sessions', /expected number/, /^write a number here$/],
    [
      5,
      '    max_sessions: 3\n    idle_timeout: 15 minutes',
      'profiles.portal.idle_timeout',
      /duration such as 90s/,
      /form the message gives/,
    ],
    [10, '  - id: App', 'resources[0].id', /lower-case letters/, /form the message gives/],
    [
      11,
      '    name: { en: App }',
      'resources[0].name.hi',
      /expected string, received undefined/,
      /add this field/,
    ],
    [
      12,
      '    host: App.localhost:8080',
      'resources[0].host',
      /lower-case host name/,
      /form the message gives/,
    ],
    [
      13,
      '    upstream: ftp://127.0.0.1',
      'resources[0].upstream',
      /http:\/\/ or https:\/\//,
      /form the message gives/,
    ],
    [
      16,
      '        allow: { role: [officer], wingz: [a] }',
      'resources[0].rules[0].allow',
      /Unrecognized key: "wingz"/,
      /remove "wingz" or check its spelling/,
    ],
    [
      16,
      '        allow: { role: [commissioner] }',
      'resources[0].rules[0].allow.role[0]',
      /Invalid option/,
      /officer/,
    ],
    [
      16,
      '        allow: { network: [10.0.0.0/33] }',
      'resources[0].rules[0].allow.network[0]',
      /prefix length from 0 to 32/,
      /.+/,
    ],
    [
      16,
      '        allow: { hours: { from: "9am", to: "18:00" } }',
      'resources[0].rules[0].allow.hours.from',
      /time such as 09:30/,
      /.+/,
    ],
    [
      16,
      '        allow: { posture: { require: [antivirus] } }',
      'resources[0].rules[0].allow.posture',
      /.+/,
      /.+/,
    ],
    [
      16,
      '        allow: { role: [officer] }\n        deny: { network: [10.0.0.0/8] }',
      'resources[0].rules[0]',
      /exactly one of allow or deny/,
      /.+/,
    ],
    [1, 'version: 2', 'version', /only version is 1/, /.+/],
  ])('names line %i for %s', (line, text, path, message, fix) => {
    const problems = problemsWith(line, text);
    const found = problems.find((p) => p.path === path);
    expect(found, JSON.stringify(problems)).toBeDefined();
    expect(found?.message).toMatch(message);
    expect(found?.fix).toMatch(fix);
    // A problem with a whole rule is named at the rule's first line.
    expect(found?.line).toBeGreaterThanOrEqual(line - 1);
    expect(found?.line).toBeLessThanOrEqual(line + 1);
  });

  it('names a YAML syntax error by its line', () => {
    const problems = problemsWith(11, '    name: { en: App, hi: ऐप');
    expect(problems[0]?.line).toBeGreaterThanOrEqual(11);
    expect(problems[0]?.fix).toBe('correct the YAML syntax here');
  });

  it('refuses a key given twice', () => {
    expect(problemsWith(5, '    max_sessions: 3\n    max_sessions: 4')[0]).toMatchObject({ line: 6 });
  });

  it.each([
    [
      4,
      '    steps: [inspection, trust, disclaimer, second_factor]',
      /password and second_factor are required/,
    ],
    [
      4,
      '    steps: [inspection, trust, disclaimer, second_factor, password]',
      /second_factor comes before password/,
    ],
    [
      4,
      '    steps: [trust, inspection, disclaimer, password, second_factor]',
      /trust needs inspection before it/,
    ],
    [4, '    steps: [inspection, password, disclaimer, second_factor]', /come before password/],
    [4, '    steps: [inspection, password, second_factor, password]', /listed twice/],
    [
      4,
      '    steps: [password, acknowledgements, second_factor]',
      /acknowledgements come after second_factor/,
    ],
    [4, '    steps: [password, second_factor, acknowledgements]', /needs a list of documents/],
    [
      7,
      '    steps: [inspection, password, second_factor]',
      /console signs in with password and second_factor/,
    ],
    [5, '    max_sessions: 3\n    idle_timeout: 2h\n    absolute_timeout: 1h', /absolute_timeout is shorter/],
  ])('refuses steps and limits the portal cannot follow (line %i: %s)', (line, text, message) => {
    const problems = problemsWith(line, text);
    expect(problems.map((p) => p.message).join(' | ')).toMatch(message);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(line);
  });

  it('refuses two resources with one id or one host, and two rules with one id', () => {
    const twice =
      GOOD +
      GOOD.slice(GOOD.indexOf('  - id: app')).replace(
        '      - id: officers',
        '      - id: officers\n        allow: { role: [officer] }\n      - id: officers',
      );
    const loaded = loadPolicyText(twice);
    const messages = loaded.ok ? [] : loaded.problems.map((p) => `${p.line} ${p.message}`);
    expect(messages).toEqual([
      '17 resource id "app" is used twice',
      '19 host "app.localhost" is used twice',
      '24 rule id "officers" is used twice in this resource',
    ]);
  });

  it('refuses an empty file', () => {
    expect(loadPolicyText('')).toMatchObject({
      ok: false,
      problems: [{ line: 1, message: 'the file is empty' }],
    });
  });
});
