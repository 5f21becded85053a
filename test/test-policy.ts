import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A resource of the test policy: BOWEB's shape, its own host and upstream, every wing unless told. */
export interface TestResource {
  id: string;
  host: string;
  upstream: string;
  /** Wings granted; empty or absent grants every wing. */
  allowedWings?: readonly string[];
}

export interface TestPolicyOptions {
  /** BOWEB's upstream origin. */
  upstream: string;
  extraResources?: readonly TestResource[];
  /** Live sessions per person (default 50: tests sign the same officer in many times). */
  maxSessions?: number;
  /** Document kinds BOWEB's rule requires at their current version (none by default). */
  acknowledged?: readonly string[];
}

const resourceYaml = (r: TestResource, rule: string) => `  - id: ${r.id}
    name: { en: "${r.id === 'boweb' ? 'BOWEB back-office portal' : `${r.id} (test resource)`}", hi: "${r.id === 'boweb' ? 'बोवेब बैक-ऑफिस पोर्टल' : `${r.id} (परीक्षण संसाधन)`}" }
    purpose: { en: "Dealer returns, scrutiny and notices.", hi: "व्यापारी रिटर्न, जाँच एवं नोटिस।" }
    host: ${r.host}
    upstream: ${r.upstream}
    rules:
${rule}`;

const officersRule = (
  wings: readonly string[] | undefined,
  acknowledged?: readonly string[],
) => `      - id: closed-office-officers
        allow:
          role: [officer]
${wings?.length ? `          wing: [${wings.join(', ')}]\n` : ''}          office: closed
${acknowledged?.length ? `          acknowledged: [${acknowledged.join(', ')}]\n` : ''}`;

/**
 * The policy the test gateway runs: the demo's rules (officers of closed offices, BOWEB for two wings),
 * without session timeouts (so DWAAR_IDLE_TIMEOUT and DWAAR_ABSOLUTE_TIMEOUT apply).
 */
export function testPolicyYaml(o: TestPolicyOptions): string {
  const max = o.maxSessions ?? 50;
  const resources = [
    resourceYaml(
      { id: 'boweb', host: 'boweb.localhost', upstream: o.upstream },
      officersRule(['adjudication', 'enforcement'], o.acknowledged),
    ),
    ...(o.extraResources ?? []).map((r) => resourceYaml(r, officersRule(r.allowedWings))),
  ];
  return `version: 1
profiles:
  portal:
    steps: [inspection, trust, disclaimer, password, second_factor]
    max_sessions: ${max}
  console:
    steps: [password, second_factor]
    max_sessions: ${max}
resources:
${resources.join('')}`;
}

/** Writes a policy into a fresh temporary directory; returns the file's path. */
export function writeTestPolicy(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dwaar-policy-')), 'policy.yaml');
  writeFileSync(path, text);
  return path;
}
