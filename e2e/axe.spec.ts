import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { formatFindings } from './axe.ts';
import { checkAccessibility, useBrowser, type AxeFinding } from './browser.ts';

/**
 * The accessibility hook itself (issue 8, item 17): a small real HTTP server serves deliberately bad pages
 * (an unlabelled field), in the language its `dwaar_lang` cookie asks for, and the harness must report them.
 */

function page(lang: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Test page</title></head>
<body><main><h1>${lang === 'hi' ? 'परीक्षण' : 'Test'}</h1>${body}</main></body></html>`;
}

const GOOD = '<p>Nothing wrong here.</p>';
const BAD = '<form method="post" action="/posted"><input type="text" name="x"><button>Send</button></form>';
// The unlabelled field appears only after a click: a state no page load shows.
const LATER = `<button type="button" id="more">More</button><div id="slot"></div>
<script>document.getElementById('more').onclick = () => { document.getElementById('slot').innerHTML = '<input type="text">'; };</script>`;

function startServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const lang = /(?:^|;\s*)dwaar_lang=hi\b/.test(req.headers.cookie ?? '') ? 'hi' : 'en';
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body =
      path === '/good' ? GOOD : path === '/later' ? LATER : path.startsWith('/missing') ? null : BAD;
    res.writeHead(body === null ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(lang, body ?? BAD));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function summary(
  findings: readonly AxeFinding[],
): { rule: string; lang: string; label: string; path: string }[] {
  return findings
    .map((f) => ({ rule: f.rule, lang: f.lang, label: f.label, path: new URL(f.url).pathname }))
    .sort((a, b) => `${a.lang}${a.label}`.localeCompare(`${b.lang}${b.label}`));
}

describe.skipIf(!TEST_CHROMIUM)('axe-core on every page the browser tests visit', () => {
  const b = useBrowser();
  let server: Server;
  let origin = '';
  beforeAll(async () => {
    server = await startServer();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.fails('fails the test (in afterEach) when a page it loads breaks a rule', async () => {
    const p = await b.newPage();
    await p.goto(`${origin}/broken`);
  });

  it('reports an unlabelled field on load, in the page’s language and, from a clone, in the other', async () => {
    const p = await b.newPage();
    await p.goto(`${origin}/form/7`);
    const findings = await b.takeAccessibilityFindings();
    expect(summary(findings)).toEqual([
      { rule: 'label', lang: 'en', label: 'on load', path: '/form/7' },
      { rule: 'label', lang: 'hi', label: 'other language', path: '/form/7' },
    ]);
    expect(findings[0]?.targets).toEqual(['input']);
    expect(findings[0]?.impact).toBe('critical');
    // The test's own context keeps its language: the clone's cookie never reached it.
    expect(await p.context().cookies()).toEqual([]);
  });

  it('checks each page shape once per run (ids in the path folded together)', async () => {
    const p = await b.newPage();
    await p.goto(`${origin}/form/8`);
    await p.goto(`${origin}/form/123456`);
    expect(await b.takeAccessibilityFindings()).toEqual([]);
  });

  it('checks a page answered to a POST as it is, but never replays the POST in the other language', async () => {
    const p = await b.newPage();
    await p.goto(`${origin}/first-form`);
    await b.takeAccessibilityFindings();
    await p.getByRole('button', { name: 'Send' }).click();
    await p.waitForURL(`${origin}/posted`);
    expect(summary(await b.takeAccessibilityFindings())).toEqual([
      { rule: 'label', lang: 'en', label: 'on load', path: '/posted' },
    ]);
  });

  it('does not replay an address answered 400 or above in the other language', async () => {
    const p = await b.newPage();
    await p.goto(`${origin}/missing`);
    expect(summary(await b.takeAccessibilityFindings())).toEqual([
      { rule: 'label', lang: 'en', label: 'on load', path: '/missing' },
    ]);
  });

  it('checks a state after an action when the spec asks, under the spec’s label', async () => {
    const p = await b.newPage();
    await p.goto(`${origin}/later`);
    expect(await b.takeAccessibilityFindings()).toEqual([]);
    await p.getByRole('button', { name: 'More' }).click();
    const seen = await checkAccessibility(p, 'after More');
    expect(summary(seen)).toEqual([{ rule: 'label', lang: 'en', label: 'after More', path: '/later' }]);
    expect(summary(await b.takeAccessibilityFindings())).toEqual(summary(seen));
  });

  it('lets a spec leave one transient state out, only with a reason', async () => {
    expect(() => b.skipAccessibility({ path: '/transient', reason: '' })).toThrow(/needs a reason/);
    b.skipAccessibility({ path: '/transient', reason: 'a deliberately broken page for this test' });
    const p = await b.newPage();
    await p.goto(`${origin}/transient`);
    expect(await b.takeAccessibilityFindings()).toEqual([]);
  });

  it('says which rule, how bad, where, on which page and in which language', () => {
    const text = formatFindings([
      {
        rule: 'label',
        impact: 'critical',
        help: 'Form elements must have labels',
        targets: ['#user-id'],
        url: 'http://localhost/login',
        lang: 'hi',
        label: 'other language',
      },
    ]);
    expect(text).toContain('[critical] label (Form elements must have labels) on http://localhost/login');
    expect(text).toContain('lang=hi');
    expect(text).toContain('    #user-id');
  });
});
