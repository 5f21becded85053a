import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, follow, signIn } from './http-client.ts';
import { consoleSignIn } from './factories/staff.ts';

/** Issue 7 item 14 (cookies and CSP): `__Host-` portal cookies under HTTPS, and `form-action 'self'`. */

const cookieNames = (setCookie: string | string[] | undefined): string[] =>
  (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((l) => l.split('=')[0] ?? '');

describe('portal cookies under an https public URL', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The public URL is https (TLS ends in front of the gateway); the test speaks plain HTTP to the port.
    t = await createTestApp({ env: { DWAAR_PUBLIC_URL: 'https://localhost/' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sets every host-only Path=/ portal cookie as __Host- (Secure, no Domain) and reads it back', async () => {
    const browser = new Browser();
    const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(login.status).toBe(303);
    const jar = [...(browser.jar.get('localhost')?.keys() ?? [])];
    expect(jar).toContain('__Host-dwaar_sid');
    expect(jar.filter((name) => name.startsWith('dwaar_'))).toEqual([]);
    for (const line of [login.headers['set-cookie']].flat())
      if (line?.startsWith('__Host-')) {
        expect(line).toMatch(/; Secure/i);
        expect(line).toMatch(/; Path=\//i);
        expect(line).not.toMatch(/; Domain=/i);
      }
    // The session is read back under its prefixed name: the webtop opens.
    const webtop = await follow(browser, login);
    expect(webtop.status).toBe(200);
    expect(webtop.body).toContain('Log out');

    // Language choice too (the request context reads it under its plain name).
    const lang = await browser.fetch(`${t.portalOrigin}/lang?to=hi&back=%2Fwebtop`);
    expect(cookieNames(lang.headers['set-cookie'])).toEqual(['__Host-dwaar_lang']);
    expect((await browser.fetch(`${t.portalOrigin}/webtop`)).body).toContain('lang="hi"');
  });

  it('ignores a plain dwaar_ cookie, which a sibling host or plain HTTP could have planted', async () => {
    const browser = new Browser();
    await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    const sid =
      browser.cookie('localhost', '__Host-dwaar_sid') ?? browser.cookie('localhost', 'dwaar_sid') ?? '';
    expect(sid).not.toBe('');
    expect((await browser.fetch(`${t.portalOrigin}/webtop`)).status).toBe(200);
    const planted = new Browser();
    planted.setCookie('localhost', 'dwaar_sid', sid);
    const webtop = await planted.fetch(`${t.portalOrigin}/webtop`);
    expect(webtop.status).toBe(303);
  });

  it('signs staff in to the console end to end with __Host- cookies', async () => {
    const hq = await consoleSignIn(t, 'hq.admin', 'Admin@Dwaar1');
    expect(hq.cookie('localhost', '__Host-dwaar_sid')).toBeDefined();
    const home = await hq.fetch(`${t.portalOrigin}/console`);
    expect(home.status).toBe(200);
  });
});

describe('portal cookies under plain http (development)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the plain names, which browsers refuse to prefix without Secure', async () => {
    const browser = new Browser();
    await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(browser.cookie('localhost', 'dwaar_sid')).toBeDefined();
    expect(browser.cookie('localhost', '__Host-dwaar_sid')).toBeUndefined();
  });
});

describe("CSP form-action 'self'", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("allows forms to post only to the portal itself: exactly form-action 'self'", async () => {
    const page = await new Browser().fetch(`${t.portalOrigin}/`);
    const csp = String(page.headers['content-security-policy']);
    const formAction = csp
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d.startsWith('form-action'));
    expect(formAction).toEqual(["form-action 'self'"]);
  });

  it('turns a browser form post answered by a redirect elsewhere into a page that moves on by itself', async () => {
    const browser = new Browser();
    const next = `http://boweb.localhost:${new URL(t.portalOrigin).port}/cases`;
    // Clients that are not browsers loading a page (no Sec-Fetch-Dest) keep the plain redirect.
    const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', next);
    expect(login.status).toBe(303);
    const redirected = login.location ?? '';
    expect(new URL(redirected).host).toBe(new URL(next).host);

    // The same walk up to the password form (an empty post counts no failure), then a browser's post.
    const again = new Browser();
    expect((await signIn(again, t.portalOrigin, '', '', next)).status).toBe(400);
    const page = await again.fetch(`${t.portalOrigin}/login`);
    const posted = await again.fetch(`${t.portalOrigin}/login`, {
      form: { _csrf: csrfFrom(page.body), userId: 'officer1', password: 'Officer@Dwaar1' },
      headers: { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' },
    });
    expect(posted.status).toBe(200);
    expect(posted.location).toBeUndefined();
    expect(posted.body).toContain(`<meta http-equiv="refresh" content="0; url=http://boweb.localhost:`);
    expect(posted.body).toContain('Continue to boweb.localhost');
    expect(again.cookie('localhost', 'dwaar_sid')).toBeDefined();
  });
});
