import { describe, expect, it } from 'vitest';
import { Browser, follow, signIn } from './http-client.ts';
import { type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { useAppWithEcho } from './app-with-echo.ts';

// Issue 7 item 13: a session ends only by logout (POST), its limits or revocation; /ended only reports.
describe.each(TEST_DIALECTS)('the /ended page on %s', (dialect) => {
  let t: TestApp;
  useAppWithEcho(dialect, (app) => {
    t = app;
  });

  it('GET /ended leaves a live session live: no cookie cleared, webtop and resource still served', async () => {
    const browser = new Browser();
    const landed = await follow(
      browser,
      await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.bowebOrigin}/`),
    );
    expect(landed.status).toBe(200);
    const sid = browser.cookie('localhost', 'dwaar_sid');
    expect(sid).toBeDefined();

    const ended = await browser.fetch(`${t.portalOrigin}/ended?reason=logout`);
    expect(ended.status).toBe(200);
    expect(ended.headers['set-cookie']).toBeUndefined();
    expect(browser.cookie('localhost', 'dwaar_sid')).toBe(sid);

    expect((await browser.fetch(`${t.portalOrigin}/webtop`)).status).toBe(200);
    expect((await browser.fetch(`${t.bowebOrigin}/`)).status).toBe(200);
    const row = await t.deps.store.db
      .selectFrom('sessions')
      .select(['ended_at'])
      .where('id', '=', (sid ?? '').split('.')[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(row.ended_at).toBeNull();
  });
});
