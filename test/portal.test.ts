import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, csrfFrom, follow, signIn, CHROME_UA } from './http-client.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({});
});
afterAll(async () => {
  await t.close();
});

async function inspect(browser: Browser, userAgent = CHROME_UA, secureContext = 'yes') {
  const page = await browser.fetch(`${t.portalOrigin}/inspect`);
  return browser.fetch(`${t.portalOrigin}/inspect`, {
    form: {
      _csrf: csrfFrom(page.body),
      userAgent,
      platform: 'Windows',
      secureContext,
      cookiesEnabled: 'yes',
    },
  });
}

describe('portal steps', () => {
  it('serves pages with security headers and no server banner', async () => {
    const reply = await new Browser().fetch(`${t.portalOrigin}/`);
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.headers['x-frame-options']).toBe('DENY');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers.server).toBeUndefined();
    expect(reply.body).toContain('Skip to main content');
  });

  it('reports a failed check with what to do, and lets nobody skip ahead', async () => {
    const browser = new Browser();
    const failed = await inspect(browser, 'Mozilla/5.0 (Windows NT 6.1) Chrome/79.0 Safari/537.36', 'no');
    expect(failed.status).toBe(422);
    expect(failed.body).toContain('Use a current version of Chrome, Edge or Firefox');
    expect(failed.body).toContain('Open the portal at the exact https:// address');
    expect((await browser.fetch(`${t.portalOrigin}/trust`)).location).toBe(`${t.portalOrigin}/inspect`);
    expect((await browser.fetch(`${t.portalOrigin}/login`)).location).toBe(`${t.portalOrigin}/inspect`);
  });

  it('requires the disclaimer before the login form', async () => {
    const browser = new Browser();
    await inspect(browser);
    expect((await browser.fetch(`${t.portalOrigin}/login`)).location).toBe(`${t.portalOrigin}/disclaimer`);
  });

  it('rejects a form post without its CSRF token or from another origin', async () => {
    const browser = new Browser();
    await inspect(browser);
    const noToken = await browser.fetch(`${t.portalOrigin}/disclaimer`, {
      form: { decision: 'agree', version: '1' },
    });
    expect(noToken.status).toBe(403);
    const page = await browser.fetch(`${t.portalOrigin}/disclaimer`);
    const crossSite = await browser.fetch(`${t.portalOrigin}/disclaimer`, {
      form: { _csrf: csrfFrom(page.body), decision: 'agree', version: '1' },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('stops a sign-in that took too long', async () => {
    const browser = new Browser();
    await inspect(browser);
    t.clock.advance(11 * 60_000);
    const reply = await browser.fetch(`${t.portalOrigin}/disclaimer`);
    expect(reply.status).toBe(440);
    expect(reply.body).toContain('Sign-in took too long');
  });

  it('records a declined disclaimer and starts over', async () => {
    const browser = new Browser();
    await inspect(browser);
    const page = await browser.fetch(`${t.portalOrigin}/disclaimer`);
    const declined = await browser.fetch(`${t.portalOrigin}/disclaimer`, {
      form: { _csrf: csrfFrom(page.body), decision: 'decline', version: '1' },
    });
    expect(declined.body).toContain('Disclaimer not accepted');
    expect((await browser.fetch(`${t.portalOrigin}/login`)).location).toBe(`${t.portalOrigin}/inspect`);
    const audited = await t.deps.store.db
      .selectFrom('audit_events')
      .select('type')
      .where('type', '=', 'disclaimer.declined')
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('rotates the session at login and records the accepted disclaimer version', async () => {
    const browser = new Browser();
    browser.setCookie('localhost', 'dwaar_sid', 'attacker-chosen.value');
    const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(login.location).toBe(`${t.portalOrigin}/webtop`);
    const sid = browser.cookie('localhost', 'dwaar_sid') ?? '';
    expect(sid).not.toBe('attacker-chosen.value');
    expect(login.headers['set-cookie']?.toString()).toMatch(
      /dwaar_sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax/,
    );
    const session = await t.deps.store.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', sid.split('.')[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(session.disclaimer_version).toBe(1);
    expect(session.secret_hash).not.toContain(sid.split('.')[1] ?? '');
    const ack = await t.deps.store.db
      .selectFrom('acknowledgements')
      .selectAll()
      .where('session_id', '=', session.id)
      .execute();
    expect(ack).toHaveLength(1);
  });

  it('shows the webtop with the officer, the granted tile and only the open-office notice for an open office', async () => {
    const officer = new Browser();
    const webtop = await follow(officer, await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1'));
    expect(webtop.body).toContain('BOWEB back-office portal');
    expect(webtop.body).toContain('Adjudication wing, Lucknow');
    const open = new Browser();
    const denied = await follow(open, await signIn(open, t.portalOrigin, 'officer2', 'Officer@Dwaar2'));
    // Only what is true: the office is open, so "no applications yet, ask HQ" would mislead.
    expect(denied.body).not.toContain('No applications assigned yet');
    expect(denied.body).toContain('Your district office is open');
  });

  it('greets the officer by the Hindi name on a Hindi webtop and the English name on an English one', async () => {
    const names = await t.deps.store.db
      .selectFrom('accounts as a')
      .innerJoin('officers as o', 'o.id', 'a.officer_id')
      .select(['o.name_en', 'o.name_hi'])
      .where('a.user_id', '=', 'officer1')
      .executeTakeFirstOrThrow();
    const officer = new Browser();
    const webtop = await follow(officer, await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1'));
    expect(webtop.body).toContain(`Welcome, ${names.name_en}`);
    officer.setCookie('localhost', 'dwaar_lang', 'hi');
    const hindi = await officer.fetch(`${t.portalOrigin}/webtop`);
    expect(hindi.body).toContain(`स्वागत है, ${names.name_hi}`);
    expect(hindi.body).not.toContain(names.name_en);
  });

  it('ignores and audits a return address that points off-site', async () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/',
      `http://boweb.localhost.evil.example:${t.port}/`,
      'javascript:alert(1)',
    ]) {
      const browser = new Browser();
      const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', next);
      expect(login.location).toBe(`${t.portalOrigin}/webtop`);
    }
    // Rejected addresses are tallied per address and minute (issue 7, item 9): write them, then count.
    await t.deps.audit.flush();
    const rows = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['type', 'detail'])
      .where('type', '=', 'redirect.rejected')
      .execute();
    const count = rows.reduce((n, r) => n + ((JSON.parse(r.detail) as { count?: number }).count ?? 1), 0);
    expect(count).toBeGreaterThanOrEqual(4);
  });

  it('switches language and remembers the choice', async () => {
    const browser = new Browser();
    const switched = await browser.fetch(`${t.portalOrigin}/lang?to=hi&back=%2Finspect`);
    expect(switched.location).toBe(`${t.portalOrigin}/inspect`);
    const page = await browser.fetch(`${t.portalOrigin}/inspect`);
    expect(page.body).toContain('<html lang="hi">');
    expect(page.body).toContain('डिवाइस जाँच');
    const offsite = await browser.fetch(`${t.portalOrigin}/lang?to=en&back=https%3A%2F%2Fevil.example`);
    expect(offsite.location).toBe(`${t.portalOrigin}/`);
  });

  it('answers health checks and publishes the signing keys', async () => {
    const health = await new Browser().fetch(`${t.portalOrigin}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', database: 'sqlite' });
    const jwks = JSON.parse((await new Browser().fetch(`${t.portalOrigin}/.well-known/jwks.json`)).body) as {
      keys: { kty: string; crv: string; d?: string }[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('shows a bilingual not-found page', async () => {
    const reply = await new Browser().fetch(`${t.portalOrigin}/no/such/page`);
    expect(reply.status).toBe(404);
    expect(reply.body).toContain('Page not found');
  });

  it('keeps access during the grace period after a district reopens, and says until when', async () => {
    const db = t.deps.store.db;
    await db.updateTable('districts').set({ office_status: 'open' }).where('id', '=', 'lucknow').execute();
    await db
      .updateTable('accounts')
      .set({ access_ends_at: t.clock.now() + 3 * 86_400_000 })
      .where('user_id', '=', 'officer1')
      .execute();
    try {
      const browser = new Browser();
      const webtop = await follow(
        browser,
        await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1'),
      );
      expect(webtop.body).toContain('Your district office has reopened: remote access ends on');
      expect(webtop.body).toContain('href="/go/boweb"');
    } finally {
      await db
        .updateTable('districts')
        .set({ office_status: 'closed' })
        .where('id', '=', 'lucknow')
        .execute();
      await db
        .updateTable('accounts')
        .set({ access_ends_at: null })
        .where('user_id', '=', 'officer1')
        .execute();
    }
  });
});
