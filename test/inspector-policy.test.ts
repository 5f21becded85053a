import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY_PATH } from '../src/config.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser } from './http-client.ts';
import { FACTS, inspectorSteps, runScript } from './inspector-steps.ts';

/**
 * A policy that requires the inspector for BOWEB: the gateway's per-request decision follows the session's
 * verified report. No report: POSTURE_REQUIRED; a report with disk encryption and updates: allowed; a later
 * report without disk encryption: POSTURE_FAILED; a report older than the rule's max_age: required again.
 */
describe('a resource that requires the inspector', () => {
  let t: TestApp;
  let home: string;
  const steps = inspectorSteps(() => t);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'dwaar-inspect-policy-'));
    const demo = readFileSync(DEMO_POLICY_PATH, 'utf8');
    const withPosture = demo.replace(
      /\n(\s+)office: closed\n/,
      '\n$1office: closed\n$1posture: { require: [disk_encryption, os_patched], max_age: 10m }\n',
    );
    expect(withPosture).not.toBe(demo);
    const policyFile = join(home, 'policy.yaml');
    writeFileSync(policyFile, withPosture);
    t = await createTestApp({ env: { DWAAR_POLICY: policyFile, DWAAR_POLICY_WATCH: '0' } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(home, { recursive: true, force: true });
  });

  async function report(b: Browser, facts: object): Promise<void> {
    const factsFile = join(home, 'facts.json');
    writeFileSync(factsFile, JSON.stringify(facts));
    const run = await runScript(['report', t.portalOrigin, await steps.nonceFrom(b)], home, factsFile);
    expect(run.stderr).toBe('');
  }

  it('decides each request on the session’s latest verified report', async () => {
    const b = new Browser();
    const code = await steps.signInTrusted(b, true);
    const factsFile = join(home, 'facts.json');
    writeFileSync(factsFile, JSON.stringify(FACTS));
    expect((await runScript(['pair', t.portalOrigin, code ?? ''], home, factsFile)).code).toBe(0);
    const decide = async () => t.deps.access.decide(await steps.sessionOf(b), 'boweb', '127.0.0.1');

    expect(await decide()).toMatchObject({ effect: 'deny', reason: 'POSTURE_REQUIRED' });
    await report(b, FACTS);
    expect(await decide()).toMatchObject({ effect: 'allow' });
    await report(b, { ...FACTS, diskEncryption: 'unknown' });
    expect(await decide()).toMatchObject({ effect: 'deny', reason: 'POSTURE_FAILED' });
    await report(b, FACTS);
    expect(await decide()).toMatchObject({ effect: 'allow' });
    t.clock.advance(11 * 60_000);
    expect(await decide()).toMatchObject({ effect: 'deny', reason: 'POSTURE_REQUIRED' });
  });
});
