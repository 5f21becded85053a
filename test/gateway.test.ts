import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { Browser, follow, signIn } from './http-client.ts';
import { handoffCallbackUrl } from './handoff-trip.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';

let t: TestApp;

function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: u.port,
        path: u.pathname,
        headers: { host: u.host, ...headers },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
let upstream: EchoUpstream;

/** Signs officer1 in and completes the hand-off to BOWEB; returns the browser holding both cookies. */
async function officerAtBoweb(): Promise<Browser> {
  const browser = new Browser();
  const login = await signIn(
    browser,
    t.portalOrigin,
    'officer1',
    'Officer@Dwaar1',
    `${t.bowebOrigin}/dealers?x=1`,
  );
  const landed = await follow(browser, login);
  expect(landed.status).toBe(200);
  return browser;
}

describe.each(TEST_DIALECTS)('gateway on %s', (dialect) => {
  beforeAll(async () => {
    upstream = await startEchoUpstream();
    t = await createTestApp({ upstream: upstream.url, dialect });
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
  });

  describe('proxy path', () => {
    it('sends a visitor without a session to the portal with a checked return address', async () => {
      const reply = await new Browser().fetch(`${t.bowebOrigin}/dealers?x=1`);
      expect(reply.status).toBe(302);
      expect(reply.location).toBe(
        `${t.portalOrigin}/opened-directly?next=${encodeURIComponent(`${t.bowebOrigin}/dealers?x=1`)}`,
      );
      expect(upstream.count()).toBe(0);
    });

    it('returns the officer to the deep link after sign-in and forwards with a verifiable assertion', async () => {
      const browser = await officerAtBoweb();
      const reply = await browser.fetch(`${t.bowebOrigin}/dealers?x=1`);
      expect(JSON.parse(reply.body)).toMatchObject({ method: 'GET', url: '/dealers?x=1' });
      const token = upstream.last()?.['x-dwaar-assertion'];
      expect(typeof token).toBe('string');
      const jwks = JSON.parse(
        (await browser.fetch(`${t.portalOrigin}/.well-known/jwks.json`)).body,
      ) as JSONWebKeySet;
      const { payload, protectedHeader } = await jwtVerify(String(token), createLocalJWKSet(jwks), {
        audience: 'boweb.localhost',
        currentDate: new Date(t.clock.now()),
      });
      expect(protectedHeader.alg).toBe('ES256');
      expect(payload).toMatchObject({
        sub: 'officer1',
        zone: 'lucknow',
        district: 'lucknow',
        wing: 'adjudication',
      });
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(60);
    });

    it('strips a client-sent assertion, the gateway cookies and hop-by-hop headers', async () => {
      const browser = await officerAtBoweb();
      // node:http, because undici will not send a custom Connection header.
      const reply = await rawGet(`${t.bowebOrigin}/x`, {
        cookie: `dwaar_rs=${browser.cookie('boweb.localhost', 'dwaar_rs') ?? ''}; dwaar_sid=portal-cookie; BOWEB_SESSION=keep-me`,
        'x-dwaar-assertion': 'forged.token.value',
        'x-forwarded-for': '6.6.6.6',
        connection: 'keep-alive, x-drop-me',
        'x-drop-me': 'secret',
      });
      expect(reply.status).toBe(200);
      const seen = upstream.last() ?? {};
      expect(seen['x-dwaar-assertion']).not.toBe('forged.token.value');
      expect(seen['x-forwarded-for']).toBe('127.0.0.1');
      expect(seen['x-drop-me']).toBeUndefined();
      expect(seen.cookie).toBe('BOWEB_SESSION=keep-me');
      expect(reply.headers['x-secret-hop']).toBeUndefined();
      expect(reply.headers['set-cookie']).toContain('UPSTREAM=1; Path=/');
      await vi.waitFor(async () => {
        const audited = await t.deps.store.db
          .selectFrom('audit_events')
          .select('type')
          .where('type', '=', 'assertion.stripped')
          .execute();
        expect(audited.length).toBeGreaterThan(0);
      });
    });

    it('streams request bodies to the upstream', async () => {
      const browser = await officerAtBoweb();
      const reply = await browser.fetch(`${t.bowebOrigin}/submit`, { form: { gstin: '09AAACB1234F1Z5' } });
      expect(JSON.parse(reply.body)).toMatchObject({ method: 'POST', body: 'gstin=09AAACB1234F1Z5' });
    });

    it('refuses a forged resource cookie and audits it', async () => {
      const browser = new Browser();
      browser.setCookie('boweb.localhost', 'dwaar_rs', 'AAAAAAAAAAAAAAAAAAAAAAAA.forged');
      const reply = await browser.fetch(`${t.bowebOrigin}/`);
      expect(reply.status).toBe(302);
      expect(reply.location).toContain(`${t.portalOrigin}/?next=`);
      const post = await browser.fetch(`${t.bowebOrigin}/`, { method: 'POST' });
      expect(post.status).toBe(401);
      await vi.waitFor(async () => {
        const rows = await t.deps.store.db
          .selectFrom('audit_events')
          .select('type')
          .where('type', '=', 'session.cookie_rejected')
          .execute();
        expect(rows.length).toBeGreaterThan(0);
      });
    });

    it('refuses a resource cookie with the right ID and a wrong secret', async () => {
      const browser = await officerAtBoweb();
      const real = browser.cookie('boweb.localhost', 'dwaar_rs') ?? '';
      const forged = new Browser();
      forged.setCookie('boweb.localhost', 'dwaar_rs', `${real.split('.')[0] ?? ''}.wrongsecret`);
      expect((await forged.fetch(`${t.bowebOrigin}/`)).status).toBe(302);
    });

    it('redeems a hand-off code once only', async () => {
      const browser = new Browser();
      const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
      expect(login.location).toBe(`${t.portalOrigin}/webtop`);
      const callback = await handoffCallbackUrl(browser, t.portalOrigin, 'boweb');
      expect(callback).toContain('/.dwaar/callback?code=');
      const first = await browser.fetch(callback);
      expect(first.headers['set-cookie']).toBeDefined();
      const replay = await new Browser().fetch(callback);
      expect(replay.status).toBe(302);
      expect(replay.location).toBe(`${t.portalOrigin}/webtop`);
      expect(replay.headers['set-cookie']).toBeUndefined();
    });

    it('answers 502 with a bilingual page when the upstream is down', async () => {
      const down = await createTestApp({ upstream: 'http://127.0.0.1:9', dialect });
      try {
        const browser = new Browser();
        const landed = await follow(
          browser,
          await signIn(browser, down.portalOrigin, 'officer1', 'Officer@Dwaar1', `${down.bowebOrigin}/`),
        );
        expect(landed.status).toBe(502);
        expect(landed.body).toContain('बैक-ऑफिस पोर्टल उत्तर नहीं दे रहा है');
        // The gateway's own page on the resource host: no script, never framed.
        expect(landed.headers['content-security-policy']).toContain("default-src 'none'");
        expect(landed.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(landed.headers['x-frame-options']).toBe('DENY');
      } finally {
        await down.close();
      }
    });

    it('proxies WebSocket upgrades for a session and refuses them without one', async () => {
      const browser = await officerAtBoweb();
      const cookie = `dwaar_rs=${browser.cookie('boweb.localhost', 'dwaar_rs') ?? ''}`;
      const open = (headers: Record<string, string>) =>
        new WebSocket(`ws://127.0.0.1:${t.port}/ws`, {
          headers: { host: `boweb.localhost:${t.port}`, ...headers },
        });
      const ws = open({ cookie });
      const message = await new Promise<string>((resolve, reject) => {
        ws.once('open', () => ws.send('namaste'));
        ws.once('message', (data: Buffer) => resolve(data.toString('utf8')));
        ws.once('error', reject);
      });
      ws.close();
      expect(message).toBe('echo:namaste');
      expect(typeof upstream.last()?.['x-dwaar-assertion']).toBe('string');
      const refused = open({});
      const status = await new Promise<number>((resolve) => {
        refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        refused.once('error', () => resolve(-1));
      });
      expect(status).toBe(401);
    });
  });

  describe('session end', () => {
    it('records abandoned sessions as ended when their limit passes, without a request', async () => {
      const browser = await officerAtBoweb();
      const sid = (browser.cookie('localhost', 'dwaar_sid') ?? '').split('.')[0] ?? '';
      t.clock.advance(16 * 60_000);
      expect(await t.deps.sessions.sweep()).toBeGreaterThanOrEqual(1);
      const row = await t.deps.store.db
        .selectFrom('sessions')
        .select(['end_reason'])
        .where('id', '=', sid)
        .executeTakeFirstOrThrow();
      expect(row.end_reason).toBe('idle');
      expect((await browser.fetch(`${t.bowebOrigin}/`)).status).toBe(302);
    });

    it('ends the session everywhere at logout', async () => {
      const browser = await officerAtBoweb();
      const webtop = await browser.fetch(`${t.portalOrigin}/webtop`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(webtop.body)?.[1] ?? '';
      const out = await browser.fetch(`${t.portalOrigin}/logout`, { form: { _csrf: csrf } });
      expect(out.location).toBe(`${t.portalOrigin}/ended?reason=logout`);
      const after = await browser.fetch(`${t.bowebOrigin}/`);
      expect(after.status).toBe(302);
      expect(after.location).toContain(`${t.portalOrigin}/`);
      expect((await browser.fetch(`${t.portalOrigin}/webtop`)).status).toBe(303);
    });

    it('ends an idle session and says why', async () => {
      const browser = await officerAtBoweb();
      t.clock.advance(16 * 60_000);
      const reply = await browser.fetch(`${t.bowebOrigin}/`);
      expect(reply.location).toContain(`${t.portalOrigin}/ended?reason=idle`);
      const ended = await browser.fetch(reply.location ?? '');
      expect(ended.body).toContain('was not used for 15 minutes');
      // The proxy path records the end without waiting for the database, so wait for the row.
      await vi.waitFor(async () => {
        const rows = await t.deps.store.db
          .selectFrom('audit_events')
          .select('detail')
          .where('type', '=', 'session.ended')
          .where('detail', '=', '{"reason":"idle"}')
          .execute();
        expect(rows.length).toBeGreaterThan(0);
      });
    });

    it('ends a busy session at the absolute limit', async () => {
      const browser = await officerAtBoweb();
      for (let i = 0; i < 33; i++) {
        t.clock.advance(15 * 60_000 - 1000);
        const r = await browser.fetch(`${t.bowebOrigin}/`);
        if (r.status !== 200) {
          expect(r.location).toContain('reason=absolute');
          expect(i).toBeGreaterThanOrEqual(31);
          return;
        }
      }
      throw new Error('session outlived its absolute limit');
    });
  });
});
