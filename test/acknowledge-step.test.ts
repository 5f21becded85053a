import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIDENTIALITY_V1 } from '../src/demo/disclaimer.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { Browser, csrfFrom, follow, signIn } from './http-client.ts';
import { testPolicyYaml } from './test-policy.ts';

/** The test policy with the acknowledgements step, and BOWEB needing the section-133 clause at its current version. */
function policyFor(upstream: string): string {
  return testPolicyYaml({ upstream })
    .replace(
      'steps: [inspection, trust, disclaimer, password, second_factor]',
      'steps: [inspection, trust, disclaimer, password, second_factor, acknowledgements]\n    acknowledge: [confidentiality]',
    )
    .replace('office: closed', 'office: closed\n          acknowledged: [confidentiality]');
}

const acksOf = (t: TestApp) =>
  t.deps.store.db
    .selectFrom('acknowledgements as a')
    .innerJoin('documents as d', 'd.id', 'a.document_id')
    .innerJoin('accounts as c', 'c.id', 'a.account_id')
    .select(['c.user_id', 'd.kind', 'd.version'])
    .where('d.kind', '=', 'confidentiality')
    .orderBy('a.id')
    .execute();

describe('the acknowledgements step and acknowledgement as an access condition', () => {
  let t: TestApp;
  let upstream: EchoUpstream;
  beforeAll(async () => {
    upstream = await startEchoUpstream();
    t = await createTestApp({ upstream: upstream.url, policy: policyFor(upstream.url) });
    // The demo's officers accepted the clause at activation; these tests start from one who never did.
    await t.deps.store.db.deleteFrom('acknowledgements').execute();
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
  });

  it('holds the sign-in until the officer acknowledges the current version, then opens the session', async () => {
    const browser = new Browser();
    const held = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(held.location).toBe(`${t.portalOrigin}/login/acknowledge`);
    expect((await browser.fetch(`${t.portalOrigin}/webtop`)).status).not.toBe(200);
    const page = await browser.fetch(held.location ?? '');
    expect(page.body).toContain(CONFIDENTIALITY_V1.title_en);
    expect(page.body).toContain('name="versions" value="confidentiality:1"');

    // Without the tick: the same page, saying why, and nothing recorded.
    const unticked = await browser.fetch(held.location ?? '', {
      form: { _csrf: csrfFrom(page.body), versions: 'confidentiality:1', action: 'accept' },
    });
    expect(unticked.status).toBe(400);
    expect(unticked.body).toContain('Tick the box');
    expect(await acksOf(t)).toEqual([]);
    // A forged form (no CSRF token) changes nothing either.
    const forged = await browser.fetch(held.location ?? '', {
      form: { versions: 'confidentiality:1', accept: 'yes', action: 'accept' },
    });
    expect(forged.status).toBe(403);

    const accepted = await browser.fetch(held.location ?? '', {
      form: { _csrf: csrfFrom(page.body), versions: 'confidentiality:1', accept: 'yes', action: 'accept' },
    });
    expect(accepted.location).toBe(`${t.portalOrigin}/webtop`);
    expect(await acksOf(t)).toEqual([{ user_id: 'officer1', kind: 'confidentiality', version: 1 }]);
    // Replayed: the held sign-in was taken once.
    const replay = await browser.fetch(held.location ?? '', {
      form: { _csrf: csrfFrom(page.body), versions: 'confidentiality:1', accept: 'yes', action: 'accept' },
    });
    expect(replay.status).not.toBe(200);
    expect(await acksOf(t)).toHaveLength(1);
    const audit = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', 'document.acknowledged')
      .execute();
    expect(audit).toMatchObject([{ actor: 'officer1', target: 'confidentiality' }]);

    // Signed in again: already acknowledged at this version, so straight through.
    const again = new Browser();
    const landed = await signIn(again, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(landed.location).toBe(`${t.portalOrigin}/webtop`);
  });

  it('refuses a live session at its next request once a new version is published, until it is acknowledged', async () => {
    const browser = new Browser();
    const landed = await follow(
      browser,
      await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.bowebOrigin}/`),
    );
    expect(landed.status).toBe(200);
    await t.deps.store.db
      .insertInto('documents')
      .values({ ...CONFIDENTIALITY_V1, version: 2, published_at: t.clock.now() })
      .execute();
    await t.deps.policy.documentsChanged();
    const refused = await browser.fetch(`${t.bowebOrigin}/`);
    expect(refused.location).toBe(`${t.portalOrigin}/webtop?denied=boweb`);
    // The webtop sends the officer straight to the new version, and on to BOWEB afterwards.
    const webtop = await browser.fetch(refused.location ?? '');
    expect(webtop.location).toBe(`${t.portalOrigin}/account/acknowledge?resource=boweb`);

    // The officer signs in again in another browser, and is held at the sign-in's step for version 2.
    const other = new Browser();
    const held = await signIn(other, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    const page = await other.fetch(held.location ?? '');
    expect(page.body).toContain('value="confidentiality:2"');
    // A page showing version 1 (opened before version 2 came out) is not enough.
    const stale = await other.fetch(held.location ?? '', {
      form: { _csrf: csrfFrom(page.body), versions: 'confidentiality:1', accept: 'yes', action: 'accept' },
    });
    expect(stale.status).toBe(400);
    await other.fetch(held.location ?? '', {
      form: { _csrf: csrfFrom(page.body), versions: 'confidentiality:2', accept: 'yes', action: 'accept' },
    });
    // The first browser's live session is decided on the new acknowledgement from its next request.
    expect((await browser.fetch(`${t.bowebOrigin}/`)).status).toBe(200);
  });
});
