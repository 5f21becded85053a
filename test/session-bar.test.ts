import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, follow, signIn, type Reply } from './http-client.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { TEST_DIALECTS } from './test-env.ts';

// Issue 8 item 5 (the session bar on resource hosts, the page for a form posted after the session ended,
// the tag inserted for resources that opt in) and item 7 (a back office opened directly).

const TAG = '<script src="/.dwaar/session-bar.js" defer></script>';
const LEGACY = 'legacy.localhost';

/** A back office whose pages cannot be changed: HTML in pieces, with the closing head tag split. */
interface HtmlUpstream {
  url: string;
  last(): IncomingHttpHeaders | undefined;
  close(): Promise<void>;
}

async function startHtmlUpstream(): Promise<HtmlUpstream> {
  let last: IncomingHttpHeaders | undefined;
  const server: Server = createServer((req, res) => {
    last = req.headers;
    if (req.url === '/data.json') {
      const body = '{"a":"</head>"}';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (req.url === '/nohead') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<p>fragment</p>');
      return;
    }
    const head = '<!doctype html><html><head><title>Legacy</title><style>header{}</style></he';
    const rest = 'ad><body><header>x</header><p>Returns</p></body></html>';
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(head + rest),
    });
    res.write(head);
    setTimeout(() => res.end(rest), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    last: () => last,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.each(TEST_DIALECTS)('session bar on %s', (dialect) => {
  let t: TestApp;
  let echo: EchoUpstream;
  let legacy: HtmlUpstream;

  beforeAll(async () => {
    echo = await startEchoUpstream();
    legacy = await startHtmlUpstream();
    t = await createTestApp({
      dialect,
      upstream: echo.url,
      extraResources: [{ id: 'legacy', host: LEGACY, upstream: legacy.url }],
      env: { DWAAR_SESSION_BAR_INJECT: 'legacy' },
    });
  });
  afterAll(async () => {
    await t.close();
    await echo.close();
    await legacy.close();
  });

  /** officer1 signed in and handed over to BOWEB (in `lang`). */
  async function atBoweb(path = '/', lang: 'en' | 'hi' = 'en'): Promise<Browser> {
    const browser = new Browser();
    browser.setCookie('localhost', 'dwaar_lang', lang);
    const landed = await follow(
      browser,
      await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.bowebOrigin}${path}`),
    );
    expect(landed.status).toBe(200);
    return browser;
  }

  const barPost = (browser: Browser, path: string, headers: Record<string, string>) =>
    browser.fetch(`${t.bowebOrigin}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', ...headers },
    });
  const fromBar = { origin: '', 'x-dwaar-session-bar': '1' };

  it('serves its script and styles on every resource host, long cached, revalidated by ETag', async () => {
    const browser = new Browser();
    const script = await browser.fetch(`${t.bowebOrigin}/.dwaar/session-bar.js`);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=604800');
    expect(script.body).toContain('attachShadow');
    expect(script.body).not.toMatch(/\beval\(|new Function/);
    const etag = String(script.headers.etag);
    const again = await browser.fetch(`${t.bowebOrigin}/.dwaar/session-bar.js`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    const css = await browser.fetch(`${t.originOf(LEGACY)}/.dwaar/session-bar.css`);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain(':host');
    const hi = JSON.parse((await browser.fetch(`${t.bowebOrigin}/.dwaar/session-bar-text?lang=hi`)).body) as {
      text: Record<string, string>;
      webtop: string;
    };
    expect(hi.text.warnExtend).toBe('सत्र जारी रखें');
    expect(hi.webtop).toBe(`${t.portalOrigin}/webtop`);
    expect(echo.count()).toBe(0); // none of it reached the back office
  });

  it('tells the bar the times only, and reading them does not keep an idle session alive', async () => {
    const browser = await atBoweb('/', 'hi');
    const status = await browser.fetch(`${t.bowebOrigin}/.dwaar/session`);
    expect(status.status).toBe(200);
    expect(status.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(status.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'absoluteLeftMs',
      'endsAt',
      'idleLeftMs',
      'idleMs',
      'lang',
      'live',
      'now',
    ]);
    expect(body).toMatchObject({ live: true, lang: 'hi', idleMs: 15 * 60_000, idleLeftMs: 15 * 60_000 });
    expect(status.body).not.toContain('officer1');

    t.clock.advance(10 * 60_000);
    const later = JSON.parse((await browser.fetch(`${t.bowebOrigin}/.dwaar/session`)).body) as {
      idleLeftMs: number;
    };
    expect(later.idleLeftMs).toBe(5 * 60_000);
    t.clock.advance(5 * 60_000 + 1000);
    const gone = await browser.fetch(`${t.bowebOrigin}/.dwaar/session`);
    expect(gone.status).toBe(401);
    expect(JSON.parse(gone.body)).toMatchObject({ live: false, endedAt: expect.any(Number) as number });
    expect((await new Browser().fetch(`${t.bowebOrigin}/.dwaar/session`)).status).toBe(401);
  });

  it('extends with one POST from the bar, and refuses one without its header or from another origin', async () => {
    const browser = await atBoweb();
    const own = { ...fromBar, origin: t.bowebOrigin };
    t.clock.advance(10 * 60_000);
    expect((await barPost(browser, '/.dwaar/session/extend', { origin: t.bowebOrigin })).status).toBe(403);
    expect(
      (await barPost(browser, '/.dwaar/session/extend', { ...own, origin: 'http://evil.localhost' })).status,
    ).toBe(403);
    expect((await browser.fetch(`${t.bowebOrigin}/.dwaar/session/extend`)).status).toBe(405);
    const refused = JSON.parse((await browser.fetch(`${t.bowebOrigin}/.dwaar/session`)).body) as {
      idleLeftMs: number;
    };
    expect(refused.idleLeftMs).toBe(5 * 60_000); // the refused POSTs did not extend it

    const extended = await barPost(browser, '/.dwaar/session/extend', own);
    expect(extended.status).toBe(200);
    expect(JSON.parse(extended.body)).toMatchObject({ live: true, idleLeftMs: 15 * 60_000 });
    t.clock.advance(10 * 60_000);
    expect((await browser.fetch(`${t.bowebOrigin}/`)).status).toBe(200);
  });

  it('logs out from the bar: the session ends everywhere', async () => {
    const browser = await atBoweb();
    expect((await barPost(browser, '/.dwaar/session/logout', { origin: t.bowebOrigin })).status).toBe(403);
    const out = await barPost(browser, '/.dwaar/session/logout', { ...fromBar, origin: t.bowebOrigin });
    expect(JSON.parse(out.body)).toEqual({ live: false, next: `${t.portalOrigin}/ended?reason=logout` });
    expect((await browser.fetch(`${t.portalOrigin}/webtop`)).location).toBe(
      `${t.portalOrigin}/ended?reason=logout`,
    );
    expect((await browser.fetch(`${t.bowebOrigin}/x`)).location).toContain(
      `${t.portalOrigin}/ended?reason=logout`,
    );
  });

  it('answers a form posted after the session ended with a page that explains, and leads back to the form', async () => {
    const browser = await atBoweb('/returns/r1', 'hi');
    const before = echo.count();
    t.clock.advance(16 * 60_000);
    const posted = await browser.fetch(`${t.bowebOrigin}/returns/r1/notes`, {
      form: { note: 'a long scrutiny note' },
      headers: { referer: `${t.bowebOrigin}/returns/r1?tab=2` },
    });
    expect(echo.count()).toBe(before); // nothing was sent on
    expect(posted.status).toBe(401);
    expect(posted.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(posted.headers['content-security-policy']).toBe(
      `default-src 'none'; style-src ${t.portalOrigin}; img-src ${t.portalOrigin}; frame-ancestors 'none'; form-action 'none'; base-uri 'none'`,
    );
    expect(posted.headers['x-frame-options']).toBe('DENY');
    expect(posted.body).toMatch(/^<!doctype html><html lang="hi">/);
    expect(posted.body).toContain('आपका द्वार सत्र');
    expect(posted.body).toContain('Your Dwaar session ended at');
    expect(posted.body).toContain('What you typed was not sent.');
    const next = `${t.bowebOrigin}/returns/r1?tab=2`;
    const href = `${t.portalOrigin}/?next=${encodeURIComponent(next)}`;
    expect(posted.body).toContain(`href="${href.replace(/&/g, '&amp;')}"`);

    // Signing in again from that link returns to the page the form was on.
    const again = await follow(
      browser,
      await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', next),
    );
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ method: 'GET', url: '/returns/r1?tab=2' });
  });

  it('never offers another site as the way back, and keeps the short answer for non-browsers', async () => {
    const browser = await atBoweb();
    t.clock.advance(16 * 60_000);
    const posted = await browser.fetch(`${t.bowebOrigin}/returns/r1/notes`, {
      form: { note: 'x' },
      headers: { referer: 'http://evil.localhost/returns/r1' },
    });
    expect(posted.body).toContain(`?next=${encodeURIComponent(`${t.bowebOrigin}/`)}"`);
    const api = await browser.fetch(`${t.bowebOrigin}/api/save`, {
      method: 'POST',
      headers: { accept: '*/*' },
    });
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('explains a back office opened directly, keeping the way there', async () => {
    const browser = new Browser();
    const first = await browser.fetch(`${t.bowebOrigin}/returns/r1`);
    const next = `${t.bowebOrigin}/returns/r1`;
    expect(first.location).toBe(`${t.portalOrigin}/opened-directly?next=${encodeURIComponent(next)}`);
    const page = await browser.fetch(first.location ?? '');
    expect(page.status).toBe(200);
    expect(page.body).toContain('You opened the back office directly. Sign in to Dwaar first');
    expect(page.body).toContain(`href="/?next=${encodeURIComponent(next)}"`);
    browser.setCookie('localhost', 'dwaar_lang', 'hi');
    const hi = await browser.fetch(first.location ?? '');
    expect(hi.body).toContain('आपने बैक-ऑफिस पोर्टल सीधे खोला है।');
    const evil = await browser.fetch(
      `${t.portalOrigin}/opened-directly?next=${encodeURIComponent('https://evil.example/')}`,
    );
    expect(evil.body).toMatch(/<a class="button" href="\/">/);
    expect(evil.body).not.toContain('?next=https');
  });

  describe('inserting the tag for a resource that opts in', () => {
    async function atLegacy(path: string, headers: Record<string, string> = {}): Promise<Reply> {
      const browser = new Browser();
      await follow(
        browser,
        await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.originOf(LEGACY)}/`),
      );
      return browser.fetch(`${t.originOf(LEGACY)}${path}`, { headers });
    }

    it('asks for an uncompressed page and inserts the one tag before </head>, across chunks', async () => {
      const page = await atLegacy('/', { 'accept-encoding': 'gzip, br' });
      expect(legacy.last()?.['accept-encoding']).toBe('identity');
      expect(page.status).toBe(200);
      expect(page.headers['content-length']).toBeUndefined();
      expect(page.body).toBe(
        `<!doctype html><html><head><title>Legacy</title><style>header{}</style>${TAG}</head><body><header>x</header><p>Returns</p></body></html>`,
      );
    });

    it('appends it to HTML without head or body, and leaves other types untouched', async () => {
      expect((await atLegacy('/nohead')).body).toBe(`<p>fragment</p>${TAG}`);
      const json = await atLegacy('/data.json');
      expect(json.body).toBe('{"a":"</head>"}');
      expect(json.headers['content-length']).toBe('15');
    });

    it('leaves resources that did not opt in alone', async () => {
      const browser = new Browser();
      await follow(
        browser,
        await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.bowebOrigin}/`),
      );
      const reply = await browser.fetch(`${t.bowebOrigin}/page`, { headers: { 'accept-encoding': 'gzip' } });
      expect(echo.last()?.['accept-encoding']).toBe('gzip');
      expect(reply.body).not.toContain('session-bar');
    });
  });
});
