import { describe, expect, it } from 'vitest';
import { type TestApp } from './create-test-app.ts';
import { Browser, signIn, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { useAppWithEcho } from './app-with-echo.ts';

/**
 * Issue 7, item 5: a hand-off code is bound to the browser that started the trip (OAuth 2.0 `state` in a
 * short-lived cookie on the resource host), so a code taken from one browser cannot sign in another.
 */

const STATE = 'dwaar_hs';
const RESOURCE = 'dwaar_rs';

function setCookies(reply: Reply): string[] {
  const set = reply.headers['set-cookie'];
  return Array.isArray(set) ? set : set ? [set] : [];
}

describe.each(TEST_DIALECTS)('hand-off bound to the browser on %s', (dialect) => {
  let t: TestApp;
  useAppWithEcho(dialect, (app) => {
    t = app;
  });

  /** Follows the portal's redirects from `/go/boweb` up to (not into) the callback URL. */
  async function callbackFor(browser: Browser): Promise<string> {
    let reply = await browser.fetch(`${t.portalOrigin}/go/boweb`);
    for (let i = 0; i < 5 && reply.location && !reply.location.includes('/.dwaar/callback?code='); i++) {
      reply = await browser.fetch(reply.location);
    }
    expect(reply.location).toContain('/.dwaar/callback?code=');
    return reply.location ?? '';
  }

  async function officer(): Promise<Browser> {
    const browser = new Browser();
    const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(login.location).toBe(`${t.portalOrigin}/webtop`);
    return browser;
  }

  it('refuses a code taken from browser A in browser B (login CSRF), with or without a trip of its own', async () => {
    const a = await officer();
    for (const b of [new Browser(), await officer()]) {
      if (b.cookie('localhost', 'dwaar_sid') !== undefined) {
        // B started a trip of its own: it holds a state cookie, just not the one A's code is bound to.
        const go = await b.fetch(`${t.portalOrigin}/go/boweb`);
        if (go.location?.includes('/.dwaar/start')) await b.fetch(go.location);
      }
      const stolen = await callbackFor(a);
      const landed = await b.fetch(stolen);
      expect(landed.status).toBe(302);
      expect(landed.location).toBe(`${t.portalOrigin}/webtop`);
      expect(setCookies(landed).join('\n')).not.toContain(`${RESOURCE}=`);
      expect(b.cookie('boweb.localhost', RESOURCE)).toBeUndefined();
      // The code is spent: A cannot use it after B tried.
      expect(setCookies(await a.fetch(stolen)).join('\n')).not.toContain(`${RESOURCE}=`);
    }
  });

  it('signs in the browser that started the trip and clears its state cookie', async () => {
    const a = await officer();
    const go = await a.fetch(`${t.portalOrigin}/go/boweb?path=${encodeURIComponent('/records?id=7')}`);
    expect(go.location).toBe(`${t.bowebOrigin}/.dwaar/start?path=${encodeURIComponent('/records?id=7')}`);
    const started = await a.fetch(go.location ?? '');
    const [stateCookie = ''] = setCookies(started);
    const state = a.cookie('boweb.localhost', STATE) ?? '';
    expect(state).toMatch(/^[\w-]{43}$/);
    expect(stateCookie).toMatch(/; Max-Age=300; HttpOnly; SameSite=Lax$/);
    expect(started.location).toBe(
      `${t.portalOrigin}/go/boweb?path=${encodeURIComponent('/records?id=7')}&state=${state}`,
    );
    const back = await a.fetch(started.location ?? '');
    const landed = await a.fetch(back.location ?? '');
    expect(landed.status).toBe(302);
    expect(landed.location).toBe(`${t.bowebOrigin}/records?id=7`);
    expect(setCookies(landed).some((c) => c.startsWith(`${STATE}=;`) && c.includes('Max-Age=0'))).toBe(true);
    expect(a.cookie('boweb.localhost', RESOURCE)).toBeDefined();
  });

  it('takes an officer who starts at the resource host there through sign-in', async () => {
    const browser = new Browser();
    const first = await browser.fetch(`${t.bowebOrigin}/records?id=7`);
    expect(first.location).toBe(
      `${t.portalOrigin}/opened-directly?next=${encodeURIComponent(`${t.bowebOrigin}/records?id=7`)}`,
    );
    const login = await signIn(
      browser,
      t.portalOrigin,
      'officer1',
      'Officer@Dwaar1',
      `${t.bowebOrigin}/records?id=7`,
    );
    // Redirects resolved against the URL that gave them, as a browser does.
    let url = `${t.portalOrigin}/login`;
    let page = login;
    for (let i = 0; i < 8 && page.location; i++) {
      url = new URL(page.location, url).toString();
      page = await browser.fetch(url);
    }
    expect(page.status).toBe(200);
    expect(JSON.parse(page.body)).toMatchObject({ url: '/records?id=7' });
  });

  it('refuses a forged state in the portal trip and a start with an off-site path', async () => {
    const a = await officer();
    const bad = await a.fetch(`${t.portalOrigin}/go/boweb?state=short`);
    expect(bad.location).toBe(`${t.bowebOrigin}/.dwaar/start?path=%2F`);
    const offsite = await a.fetch(
      `${t.bowebOrigin}/.dwaar/start?path=${encodeURIComponent('//evil.example/')}`,
    );
    expect(offsite.location).toMatch(new RegExp(`^${t.portalOrigin}/go/boweb\\?path=%2F&state=`));
  });
});
