import { appendFileSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { COOKIE } from '../src/web/cookies.ts';

/**
 * axe-core on every page the browser tests visit, in both languages (issue 8, item 17). `useBrowser()` wires
 * an `AxeWatch` into every context it makes; specs need no change. Pages send a strict CSP, so axe goes in
 * through `page.evaluate` (CDP), never a script tag.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0 A and AA, and 2.1 AA: what the department's accessibility statement promises. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'] as const;

/** One rule broken on one page state. */
export interface AxeFinding {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  /** CSS selectors of the offending elements. */
  readonly targets: readonly string[];
  readonly url: string;
  readonly lang: string;
  /** Which check saw it: the page's load, its other language, or a spec's own label. */
  readonly label: string;
}

interface AxeRun {
  readonly lang: string;
  readonly url: string;
  readonly findings: readonly AxeFinding[];
}

/** What a spec says when it leaves one known-transient page state out of the automatic checks. */
export interface AxeSkip {
  /** The page's path (exact) or a pattern over it. */
  readonly path: string | RegExp;
  readonly lang?: string;
  readonly reason: string;
}

/** The readable failure `afterEach` raises: one line per rule and page, then its selectors. */
export function formatFindings(findings: readonly AxeFinding[]): string {
  const lines = findings.map(
    (f) =>
      `- [${f.impact}] ${f.rule} (${f.help}) on ${f.url} [lang=${f.lang}, ${f.label}]\n` +
      f.targets.map((t) => `    ${t}`).join('\n'),
  );
  return `axe found ${findings.length} accessibility violation(s) (${AXE_TAGS.join(', ')}):\n${lines.join('\n')}`;
}

/**
 * Page shapes already checked in this run: host name + path (ids folded) + language (+ POST). Each spec file
 * runs in its own child of the one vitest process, so the set is kept in a file named for that parent, and
 * the sign-in pages every file walks are checked once per run, not once per file.
 */
const CHECKED_FILE = join(tmpdir(), `dwaar-axe-checked-${process.ppid}-${parentStart()}.txt`);

/** Lists of earlier runs, a day old or more, are removed (nothing else marks a run's end). */
for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith('dwaar-axe-checked-'))) {
  const path = join(tmpdir(), name);
  try {
    if (Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { force: true });
  } catch {
    // another run removed it first
  }
}

/** When the parent process started (Linux), so a later run that reuses its pid starts afresh. */
function parentStart(): string {
  try {
    return readFileSync(`/proc/${process.ppid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19] ?? '';
  } catch {
    return '';
  }
}
const checked = {
  has(key: string): boolean {
    try {
      return readFileSync(CHECKED_FILE, 'utf8').split('\n').includes(key);
    } catch {
      return false;
    }
  },
  add(key: string): void {
    appendFileSync(CHECKED_FILE, `${key}\n`);
  },
  /** Forgets a shape whose check could not run, so a later visit checks it. */
  delete(key: string): void {
    try {
      const left = readFileSync(CHECKED_FILE, 'utf8')
        .split('\n')
        .filter((k) => k !== '' && k !== key);
      appendFileSync(CHECKED_FILE, '', { flag: 'w' });
      if (left.length > 0) appendFileSync(CHECKED_FILE, `${left.join('\n')}\n`);
    } catch {
      // nothing recorded
    }
  },
};

/** `/console/proposals/42/review` and `/console/proposals/9/review` are one page shape. */
export function pageShape(url: URL): string {
  const path = url.pathname
    .split('/')
    .map((s) => (/^\d+$|^[0-9a-f-]{16,}$|^[\w-]{24,}$/i.test(s) ? ':id' : s))
    .join('/');
  return `${url.hostname}${path}`;
}

/** Errors that only mean the page moved on (or closed) while axe ran: the test's own flow won the race. */
function interrupted(err: unknown): boolean {
  return /Execution context was destroyed|Target (page, context or browser )?(has been )?closed|navigat|frame was detached|Cannot find context/i.test(
    String(err),
  );
}

/** Runs axe on the page as it is now. Serialised per page: axe refuses to run twice at once. */
const running = new WeakMap<Page, Promise<unknown>>();
async function runAxe(page: Page, label: string): Promise<AxeRun> {
  const before = running.get(page) ?? Promise.resolve();
  const run = before
    .catch(() => undefined)
    .then(async () => {
      const loaded = await page.evaluate(() => 'axe' in window);
      if (!loaded) await page.evaluate(AXE_SOURCE);
      const options: RunOptions = {
        runOnly: { type: 'tag', values: [...AXE_TAGS] },
        resultTypes: ['violations'],
      };
      return page.evaluate(async (opts) => {
        const axe = (window as unknown as { axe: { run(c: Document, o: RunOptions): Promise<AxeResults> } })
          .axe;
        const result = await axe.run(document, opts);
        return {
          lang: document.documentElement.lang,
          violations: result.violations.map((v) => ({
            rule: v.id,
            impact: v.impact ?? 'unknown',
            help: v.help,
            targets: v.nodes.map((n) =>
              n.target.map((t) => (typeof t === 'string' ? t : t.join(' >>> '))).join(' '),
            ),
          })),
        };
      }, options);
    });
  running.set(page, run);
  const { lang, violations } = await run;
  const url = page.url();
  return { lang, url, findings: violations.map((v) => ({ ...v, url, lang, label })) };
}

/** The page's language, or undefined for a document that is not HTML (JSON, plain text, an image). */
async function pageLang(page: Page): Promise<string | undefined> {
  return page.evaluate(() =>
    document.contentType === 'text/html' ? document.documentElement.lang : undefined,
  );
}

/** Runs `work`; undefined when the page navigated or closed under it. */
async function unlessMovedOn<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (interrupted(err)) return undefined;
    throw err;
  }
}

interface Navigation {
  readonly method: string;
  readonly status: number;
}

/** Which contexts belong to which watch, so `checkAccessibility(page)` finds the test it reports to. */
const watches = new WeakMap<BrowserContext, AxeWatch>();

/**
 * Watches one test's contexts: on each main-frame `load` checks the page as it is, then (for a GET answered
 * below 400) the same address in the other language in a throw-away clone of the context's storage. Each page
 * shape is checked once per language per run, to keep the suite's time reasonable.
 */
export class AxeWatch {
  private findings: AxeFinding[] = [];
  private readonly pending = new Set<Promise<void>>();
  private skips: AxeSkip[] = [];
  private problems: string[] = [];

  constructor(private readonly browser: () => Browser) {}

  watch(context: BrowserContext): void {
    watches.set(context, this);
    for (const page of context.pages()) this.watchPage(context, page);
    context.on('page', (page) => this.watchPage(context, page));
  }

  skip(skip: AxeSkip): void {
    if (skip.reason.trim().length < 10) throw new Error('skipping an accessibility check needs a reason');
    this.skips.push(skip);
  }

  record(findings: readonly AxeFinding[]): void {
    this.findings.push(...findings);
  }

  /** Waits for the checks under way, then hands over (and forgets) what they found. */
  async settle(): Promise<{ findings: AxeFinding[]; problems: string[] }> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    const out = { findings: this.findings, problems: this.problems };
    this.findings = [];
    this.problems = [];
    this.skips = [];
    return out;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => {
      this.problems.push(`accessibility check failed to run: ${String(err)}`);
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private watchPage(context: BrowserContext, page: Page): void {
    let last: Navigation | undefined;
    page.on('response', (response) => {
      const request = response.request();
      if (!request.isNavigationRequest()) return;
      try {
        if (request.frame() !== page.mainFrame()) return;
      } catch {
        return; // a service worker's request has no frame
      }
      last = { method: request.method(), status: response.status() };
    });
    page.on('load', () => {
      const nav = last;
      last = undefined;
      this.track(this.onLoad(context, page, nav));
    });
  }

  private skipped(url: URL, lang: string): boolean {
    return this.skips.some(
      (s) =>
        (typeof s.path === 'string' ? s.path === url.pathname : s.path.test(url.pathname)) &&
        (s.lang === undefined || s.lang === lang),
    );
  }

  private async onLoad(context: BrowserContext, page: Page, nav: Navigation | undefined): Promise<void> {
    const url = new URL(page.url());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const replayable = nav?.method === 'GET' && nav.status < 400;
    const lang = await unlessMovedOn(() => pageLang(page));
    if (lang === undefined) return;
    const shape = `${pageShape(url)}${nav?.method === 'POST' ? ' (POST)' : ''}`;
    const here = `${shape}|${lang}`;
    if (!checked.has(here) && !this.skipped(url, lang)) {
      checked.add(here);
      try {
        this.record((await runAxe(page, 'on load')).findings);
      } catch (err) {
        if (!interrupted(err)) throw err;
        // The test moved on before axe finished: check the same address in a copy of its storage instead.
        if (replayable) await this.checkClone(context, page, url, lang, 'on load, replayed');
        else checked.delete(here);
      }
    }
    if (!replayable) return;
    const other = lang === 'hi' ? 'en' : 'hi';
    const there = `${shape}|${other}`;
    if (checked.has(there) || this.skipped(url, other)) return;
    checked.add(there);
    await this.checkClone(context, page, url, other, 'other language');
  }

  /** Opens `url` in a throw-away context cloned from `context`, with the language cookie set to `lang`. */
  private async checkClone(
    context: BrowserContext,
    page: Page,
    url: URL,
    lang: string,
    label: string,
  ): Promise<void> {
    const state = await unlessMovedOn(() => context.storageState());
    if (!state) return;
    const clone = await this.browser().newContext({
      storageState: state,
      viewport: page.viewportSize(),
      locale: lang === 'hi' ? 'hi-IN' : 'en-IN',
    });
    try {
      const secure = url.protocol === 'https:';
      await clone.addCookies([
        {
          name: secure ? `__Host-${COOKIE.lang}` : COOKIE.lang,
          value: lang,
          url: `${url.origin}/`,
          httpOnly: true,
          secure,
          sameSite: 'Lax',
        },
      ]);
      const copy = await clone.newPage();
      try {
        await copy.goto(url.href, { timeout: 10_000 });
      } catch (err) {
        // Not the test's failure: say so and move on (the address may have been one-time).
        console.warn(`accessibility: could not open ${url.href} in ${lang}: ${String(err)}`);
        return;
      }
      // A page that moves on by itself (a meta refresh) is left to its destination's own check.
      const run = await unlessMovedOn(() => runAxe(copy, label));
      // A page in one language only (the bilingual back office) has nothing more to show.
      if (run?.lang === lang) this.record(run.findings);
    } finally {
      await clone.close().catch(() => undefined);
    }
  }
}

/**
 * Checks a page state that only appears after an action (an error summary, an open dialog), now, in the
 * page's language. Violations fail the test in `afterEach`, like the automatic checks; they are also returned.
 */
export async function checkAccessibility(page: Page, label: string): Promise<readonly AxeFinding[]> {
  const watch = watches.get(page.context());
  if (!watch) throw new Error('checkAccessibility needs a page from useBrowser()');
  const { findings } = await runAxe(page, label);
  watch.record(findings);
  return findings;
}
