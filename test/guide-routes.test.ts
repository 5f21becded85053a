import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guideRoutes } from '../src/guide/index.ts';
import { createGuideService } from '../src/guide/guide-service.ts';
import { registerRequestContext } from '../src/web/request-context.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser } from './http-client.ts';
import { TEST_CHROMIUM, TEST_DIALECTS } from './test-env.ts';

if (!TEST_CHROMIUM) {
  console.info(
    'guide PDF test skipped: TEST_CHROMIUM is not set (TEST_CHROMIUM=/usr/bin/chromium to run it)',
  );
}

const versionOf = (body: string) => /Version ([0-9a-f]{12})/.exec(body)?.[1];

describe.each(TEST_DIALECTS)('user guide on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is public and built from the live configuration, in English and Hindi', async () => {
    const reply = await new Browser().fetch(`${t.portalOrigin}/guide`);
    expect(reply.status).toBe(200);
    const body = reply.body;
    expect(body).toContain(`href="${t.portalOrigin}"`);
    expect(body).toContain('BOWEB back-office portal');
    expect(body).toContain('बोवेब बैक-ऑफिस पोर्टल');
    expect(body).toContain(t.deps.config.helpdeskPhone);
    expect(body).toContain('after 15 minutes without use, and after 8 hours at most');
    expect(body).toContain('15 मिनट बाद, और अधिकतम 8 घंटे');
    expect(body).toContain('After 5 wrong attempts sign-in is locked: 5 minutes the first time');
    expect(body).toContain('The link works once, for 72 hours');
    expect(body).toContain('version 120 or newer');
    expect(body).toContain('section 133');
    expect(body).toMatch(/<section class="guide-section" lang="en"/);
    expect(body).toMatch(/<section class="guide-section" lang="hi"/);
    expect(body).toContain('Contents');
    expect(body).toContain('विषय-सूची');
    expect(body).toContain('Last updated:');
    expect(body).toContain('अंतिम अद्यतन:');
    expect(body).toContain('href="/static/guide.css"');
    const version = versionOf(body);
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    expect(reply.headers['x-guide-version']).toBe(version);
  });

  it('puts the reader’s language first and keeps heading IDs unique', async () => {
    const browser = new Browser();
    browser.setCookie('localhost', 'dwaar_lang', 'hi');
    const reply = await browser.fetch(`${t.portalOrigin}/guide`, { headers: { 'accept-language': 'hi' } });
    expect(reply.body.indexOf('lang="hi" aria-labelledby')).toBeLessThan(
      reply.body.indexOf('lang="en" aria-labelledby'),
    );
    const ids = [...reply.body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const topic of ['open', 'activate', 'sign-in', 'webtop', 'problems', 'help', 'confidentiality']) {
      expect(reply.body).toContain(`href="#en-${topic}"`);
      expect(reply.body).toContain(`href="#hi-${topic}"`);
    }
  });

  it('changes version when a document the guide cites is republished', async () => {
    const before = versionOf((await new Browser().fetch(`${t.portalOrigin}/guide`)).body);
    await t.deps.store.db
      .insertInto('documents')
      .values({
        kind: 'disclaimer',
        version: 7,
        title_en: 'Disclaimer',
        title_hi: 'अस्वीकरण',
        body_en: 'Text',
        body_hi: 'पाठ',
        published_at: t.clock.now() - 1000,
      })
      .execute();
    const after = await new Browser().fetch(`${t.portalOrigin}/guide`);
    expect(versionOf(after.body)).not.toBe(before);
    expect(after.body).toContain('read it (version 7)');
  });

  it.runIf(TEST_CHROMIUM)(
    'serves a tagged PDF rendered by Chromium, cached for the version',
    async () => {
      const first = await new Browser().fetch(`${t.portalOrigin}/guide.pdf`);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('application/pdf');
      expect(first.body.startsWith('%PDF')).toBe(true);
      expect(first.body).toContain('/StructTreeRoot');
      expect(first.body).toContain('NotoSansDevanagari');
      const started = performance.now();
      const second = await new Browser().fetch(`${t.portalOrigin}/guide.pdf`);
      expect(second.body.length).toBe(first.body.length);
      expect(performance.now() - started).toBeLessThan(1000);
    },
    60_000,
  );
});

describe('user guide configuration', () => {
  it('builds a different guide, with a different version, from a different configuration', async () => {
    const a = await createTestApp({});
    const b = await createTestApp({
      env: {
        DWAAR_HELPDESK_PHONE: '0522-4000-777',
        DWAAR_IDLE_TIMEOUT: '600',
        DWAAR_ABSOLUTE_TIMEOUT: '14400',
        DWAAR_ACTIVATION_TTL_HOURS: '48',
      },
    });
    try {
      const pageA = (await new Browser().fetch(`${a.portalOrigin}/guide`)).body;
      const pageB = (await new Browser().fetch(`${b.portalOrigin}/guide`)).body;
      expect(pageB).toContain('0522-4000-777');
      expect(pageB).not.toContain(a.deps.config.helpdeskPhone);
      expect(pageB).toContain('after 10 minutes without use, and after 4 hours at most');
      expect(pageB).toContain('for 48 hours');
      expect(pageB).toContain(`href="${b.portalOrigin}"`);
      expect(versionOf(pageA)).toBeDefined();
      expect(versionOf(pageB)).not.toBe(versionOf(pageA));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('answers 503 with a bilingual page pointing to the HTML guide when Chromium is missing', async () => {
    const t = await createTestApp({});
    const web = Fastify();
    try {
      await web.register(cookie);
      registerRequestContext(web);
      await web.register(guideRoutes(t.deps, { chromiumPath: '/nonexistent/chromium' }));
      const reply = await web.inject({ method: 'GET', url: '/guide.pdf' });
      expect(reply.statusCode).toBe(503);
      expect(reply.headers['content-type']).toContain('text/html');
      expect(reply.body).toContain('The PDF is not available right now');
      expect(reply.body).toContain('PDF अभी उपलब्ध नहीं है');
      expect(reply.body).toContain('lang="hi"');
      expect(reply.body).toContain('href="/guide"');
      const service = createGuideService(t.deps, { chromiumPath: '/nonexistent/chromium' });
      const { result } = await service.pdf();
      expect(result).toMatchObject({ ok: false, reason: 'no_browser' });
    } finally {
      await web.close();
      await t.close();
    }
  });
});
