import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, inspectionForm } from './http-client.ts';
import { testPolicyYaml } from './test-policy.ts';

/** The test policy with the portal's steps and limits replaced. */
function policyWith(steps: string, extra = ''): string {
  return testPolicyYaml({ upstream: 'http://127.0.0.1:9' }).replace(
    'steps: [inspection, trust, disclaimer, password, second_factor]',
    `steps: [${steps}]${extra}`,
  );
}

describe('a portal profile with only password and second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      policy: policyWith('password, second_factor', '\n    idle_timeout: 5m\n    absolute_timeout: 2h'),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('goes from the landing page straight to the login form, and signs in without a disclaimer', async () => {
    const browser = new Browser();
    await browser.fetch(`${t.portalOrigin}/`);
    const start = await browser.fetch(`${t.portalOrigin}/inspect`);
    expect(start.status).toBe(303);
    expect(start.location).toBe(`${t.portalOrigin}/login`);
    for (const skipped of ['/trust', '/disclaimer'])
      expect((await browser.fetch(`${t.portalOrigin}${skipped}`)).location).toBe(`${t.portalOrigin}/login`);
    const login = await browser.fetch(`${t.portalOrigin}/login`);
    expect(login.status).toBe(200);
    const signedIn = await browser.fetch(`${t.portalOrigin}/login`, {
      form: { _csrf: csrfFrom(login.body), userId: 'officer1', password: 'Officer@Dwaar1' },
    });
    expect(signedIn.location).toBe(`${t.portalOrigin}/webtop`);

    // The session takes the profile's limits, and no disclaimer was acknowledged in it.
    const row = await t.deps.store.db
      .selectFrom('sessions')
      .select(['id', 'idle_timeout_s', 'created_at', 'expires_at', 'disclaimer_version'])
      .executeTakeFirstOrThrow();
    expect(row.idle_timeout_s).toBe(300);
    expect(row.expires_at - row.created_at).toBe(2 * 3600_000);
    expect(row.disclaimer_version).toBe(0);
    const acks = await t.deps.store.db
      .selectFrom('acknowledgements')
      .select('id')
      .where('session_id', '=', row.id)
      .execute();
    expect(acks).toEqual([]);
  });
});

describe('a portal profile without the trust step', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ policy: policyWith('inspection, disclaimer, password, second_factor') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('goes from the device check to the disclaimer, and still requires the check before the login', async () => {
    const browser = new Browser();
    await browser.fetch(`${t.portalOrigin}/`);
    expect((await browser.fetch(`${t.portalOrigin}/login`)).location).toBe(`${t.portalOrigin}/inspect`);
    const inspect = await browser.fetch(`${t.portalOrigin}/inspect`);
    const inspected = await browser.fetch(`${t.portalOrigin}/inspect`, { form: inspectionForm(inspect) });
    expect(inspected.body).toContain('href="/disclaimer"');
    expect(inspected.body).not.toContain('href="/trust"');
    expect((await browser.fetch(`${t.portalOrigin}/trust`)).location).toBe(`${t.portalOrigin}/disclaimer`);
    expect((await browser.fetch(`${t.portalOrigin}/login`)).location).toBe(`${t.portalOrigin}/disclaimer`);
  });
});
