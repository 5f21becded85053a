import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { Browser, signIn, type Reply } from './http-client.ts';
import { handoffCallbackUrl } from './handoff-trip.ts';
import { TEST_DIALECTS } from './test-env.ts';

/**
 * Host binding with two resources granted to the same officer: a resource cookie or a hand-off code is
 * good on the host it was issued for and nowhere else, even though the session may use both hosts.
 */

const BOWEB = 'boweb.localhost';
const DMS = 'dms.localhost';
const ID_OF: Readonly<Record<string, string>> = { [BOWEB]: 'boweb', [DMS]: 'dms' };
const COOKIE = 'dwaar_rs';

describe.each(TEST_DIALECTS)('resource host binding on %s', (dialect) => {
  let t: TestApp;
  let bowebUpstream: EchoUpstream;
  let dmsUpstream: EchoUpstream;
  let jwks: ReturnType<typeof createLocalJWKSet>;

  const upstreamOf = (host: string) => (host === BOWEB ? bowebUpstream : dmsUpstream);
  const reached = (): Record<string, number> => ({
    [BOWEB]: bowebUpstream.count(),
    [DMS]: dmsUpstream.count(),
  });
  const bindingsCount = async () =>
    (await t.deps.store.db.selectFrom('session_bindings').select('id').execute()).length;
  const handoffAudits = async () =>
    (
      await t.deps.store.db
        .selectFrom('audit_events')
        .select('seq')
        .where('type', '=', 'session.handoff')
        .execute()
    ).length;

  beforeAll(async () => {
    bowebUpstream = await startEchoUpstream();
    dmsUpstream = await startEchoUpstream();
    t = await createTestApp({
      dialect,
      upstream: bowebUpstream.url,
      extraResources: [{ id: 'dms', host: DMS, upstream: dmsUpstream.url }],
    });
    const keys = JSON.parse(
      (await new Browser().fetch(`${t.portalOrigin}/.well-known/jwks.json`)).body,
    ) as JSONWebKeySet;
    jwks = createLocalJWKSet(keys);
  });
  afterAll(async () => {
    await t.close();
    await bowebUpstream.close();
    await dmsUpstream.close();
  });

  /** officer1 signed in at the portal; the browser holds the portal cookie only. */
  async function signedIn(): Promise<Browser> {
    const browser = new Browser();
    const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(login.location).toBe(`${t.portalOrigin}/webtop`);
    return browser;
  }

  /** The portal session's ID. */
  const sessionIdOf = (browser: Browser) => (browser.cookie('localhost', 'dwaar_sid') ?? '').split('.')[0];

  /** The hand-off URL the portal sends the browser to for the resource on `host`. */
  async function handoffFor(browser: Browser, host: string): Promise<string> {
    const callback = await handoffCallbackUrl(browser, t.portalOrigin, ID_OF[host] ?? '');
    expect(callback).toMatch(new RegExp(`^${t.originOf(host)}/\\.dwaar/callback\\?code=`));
    return callback;
  }

  /** Completes a hand-off on its own host and returns the resource cookie, not yet used on any request. */
  async function resourceCookie(browser: Browser, host: string): Promise<string> {
    const landed = await browser.fetch(await handoffFor(browser, host));
    expect(landed.status).toBe(302);
    expect(landed.location).toBe(`${t.originOf(host)}/`);
    const cookie = browser.cookie(host, COOKIE);
    if (cookie === undefined) throw new Error(`no resource cookie for ${host}`);
    return cookie;
  }

  /** Sends `cookie` to `host` from a browser holding nothing else. */
  function present(cookie: string, host: string, method = 'GET'): Promise<Reply> {
    const browser = new Browser();
    browser.setCookie(host, COOKIE, cookie);
    return browser.fetch(`${t.originOf(host)}/records?id=7`, { method });
  }

  /** The assertion the upstream of `host` last received, verified for that host as audience. */
  async function lastAssertion(host: string): Promise<JWTPayload> {
    const token = upstreamOf(host).last()?.['x-dwaar-assertion'];
    if (typeof token !== 'string') throw new Error(`no assertion reached ${host}`);
    const { payload } = await jwtVerify(token, jwks, {
      audience: host,
      currentDate: new Date(t.clock.now()),
    });
    return payload;
  }

  /** A refusal on `host`: the portal's sign-in for a page, 401 for anything else, and no upstream request. */
  async function expectRefused(cookie: string, host: string): Promise<void> {
    const before = reached();
    const page = await present(cookie, host);
    expect(page.status).toBe(302);
    expect(page.location).toBe(
      `${t.portalOrigin}/?next=${encodeURIComponent(`${t.originOf(host)}/records?id=7`)}`,
    );
    expect(page.headers['set-cookie']).toBeUndefined();
    expect((await present(cookie, host, 'POST')).status).toBe(401);
    expect(reached()).toEqual(before);
  }

  it('offers officer1 both resources from the portal', async () => {
    const browser = await signedIn();
    await handoffFor(browser, BOWEB);
    await handoffFor(browser, DMS);
  });

  describe('resource cookies', () => {
    it.each([
      [BOWEB, DMS],
      [DMS, BOWEB],
    ])(
      'refuses a fresh cookie issued for %s on %s, and it still works on its own host',
      async (own, other) => {
        const cookie = await resourceCookie(await signedIn(), own);
        await expectRefused(cookie, other);
        const before = reached();
        const reply = await present(cookie, own);
        expect(reply.status).toBe(200);
        expect(JSON.parse(reply.body)).toMatchObject({ url: '/records?id=7' });
        expect(reached()).toEqual({ ...before, [own]: (before[own] ?? 0) + 1 });
      },
    );

    it.each([
      [BOWEB, DMS],
      [DMS, BOWEB],
    ])('refuses a cookie already in use on %s when it is presented on %s', async (own, other) => {
      const cookie = await resourceCookie(await signedIn(), own);
      expect((await present(cookie, own)).status).toBe(200);
      await expectRefused(cookie, other);
      expect((await present(cookie, own)).status).toBe(200);
    });

    it('refuses a WebSocket upgrade on dms with the cookie for boweb', async () => {
      const cookie = await resourceCookie(await signedIn(), BOWEB);
      expect((await present(cookie, BOWEB)).status).toBe(200);
      const open = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${String(t.port)}/ws`, {
            headers: { host: `${host}:${String(t.port)}`, cookie: `${COOKIE}=${cookie}` },
          });
          ws.once('open', () => {
            ws.close();
            resolve(101);
          });
          ws.once('unexpected-response', (_req, res) => {
            resolve(res.statusCode ?? 0);
          });
          ws.once('error', reject);
        });
      expect(await open(DMS)).toBe(401);
      expect(await open(BOWEB)).toBe(101);
    });
  });

  describe('hand-off codes', () => {
    it.each([
      [BOWEB, DMS],
      [DMS, BOWEB],
    ])(
      'a code minted for %s and redeemed on %s sets no cookie, grants nothing, and is spent',
      async (own, other) => {
        const browser = await signedIn();
        const callback = await handoffFor(browser, own);
        const misdirected = new URL(callback);
        misdirected.hostname = other;
        const [bindings, audits, upstreams] = [await bindingsCount(), await handoffAudits(), reached()];

        const wrong = await browser.fetch(misdirected.toString());
        expect(wrong.status).toBe(302);
        expect(wrong.location).toBe(`${t.portalOrigin}/webtop`);
        expect(wrong.headers['set-cookie']).toBeUndefined();
        expect(browser.cookie(other, COOKIE)).toBeUndefined();
        const after = await browser.fetch(`${t.originOf(other)}/records?id=7`);
        expect(after.status).toBe(302);
        // No resource cookie at all: the portal first explains (issue 8 item 7).
        expect(after.location).toContain(`${t.portalOrigin}/opened-directly?next=`);

        // Redeeming takes the code whatever the host, so the misdirected attempt spent it.
        const late = await browser.fetch(callback);
        expect(late.status).toBe(302);
        expect(late.location).toBe(`${t.portalOrigin}/webtop`);
        // Only the spent trip's state cookie is cleared; no resource cookie is set.
        expect(String(late.headers['set-cookie'] ?? '')).not.toContain(`${COOKIE}=`);
        expect(browser.cookie(own, COOKIE)).toBeUndefined();

        expect(await bindingsCount()).toBe(bindings);
        expect(await handoffAudits()).toBe(audits);
        expect(reached()).toEqual(upstreams);
      },
    );
  });

  describe('one session on both resources', () => {
    it('holds a cookie for each host, each working on its own host only', async () => {
      const browser = await signedIn();
      const sid = sessionIdOf(browser);
      const cookies = {
        [BOWEB]: await resourceCookie(browser, BOWEB),
        [DMS]: await resourceCookie(browser, DMS),
      };
      expect(cookies[BOWEB]).not.toBe(cookies[DMS]);
      const rows = await t.deps.store.db
        .selectFrom('session_bindings')
        .select(['session_id', 'host'])
        .where('session_id', '=', sid ?? '')
        .orderBy('host')
        .execute();
      expect(rows).toEqual([
        { session_id: sid, host: BOWEB },
        { session_id: sid, host: DMS },
      ]);

      for (const host of [BOWEB, DMS]) {
        const before = reached();
        const reply = await browser.fetch(`${t.originOf(host)}/records?id=7`);
        expect(reply.status).toBe(200);
        expect(reached()).toEqual({ ...before, [host]: (before[host] ?? 0) + 1 });
        expect(await lastAssertion(host)).toMatchObject({ sub: 'officer1', aud: host, sid });
      }

      await expectRefused(cookies[BOWEB], DMS);
      await expectRefused(cookies[DMS], BOWEB);
      for (const host of [BOWEB, DMS]) {
        expect((await browser.fetch(`${t.originOf(host)}/records?id=7`)).status).toBe(200);
      }
    });
  });
});
