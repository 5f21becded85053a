import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/web/chromium.ts';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { AxeWatch, formatFindings, type AxeFinding, type AxeSkip } from './axe.ts';

export { checkAccessibility, type AxeFinding } from './axe.ts';

/** Said once per browser spec file when the suite is skipped. */
if (!TEST_CHROMIUM) {
  console.info(
    'Browser (e2e) tests skipped: TEST_CHROMIUM is not set. Run: TEST_CHROMIUM=/usr/bin/chromium npx vitest run --project e2e',
  );
}

/** How long one browser action may wait. */
export const STEP_TIMEOUT_MS = 10_000;

/** Where failed tests leave their last screenshot (git-ignored). */
export const ARTIFACTS_DIR = join(import.meta.dirname, 'artifacts');

/** Launches the system Chromium (never a downloaded one). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: TEST_CHROMIUM || CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

/** A file name from a test's name: letters, digits, dashes. */
export function artifactName(testName: string): string {
  const safe = testName
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 150);
  return `${safe || 'test'}.png`;
}

export interface BrowserHarness {
  /** The browser shared by the file's tests. */
  readonly browser: Browser;
  /** A fresh context (cookies, storage) for the running test; closed after it. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /**
   * Leaves one known-transient page state out of the automatic axe checks for the running test; the reason
   * says why (it is required).
   */
  skipAccessibility(skip: AxeSkip): void;
  /** Waits for the running test's axe checks and takes what they found, so `afterEach` no longer fails on it. */
  takeAccessibilityFindings(): Promise<AxeFinding[]>;
}

/**
 * Call once inside a `describe`: launches Chromium for the file, gives each test fresh contexts, and,
 * when a test fails, saves a full-page screenshot of its newest open page (the last context's last page)
 * to `e2e/artifacts/<test name>.png` before closing its contexts. Every page loaded in those contexts is
 * checked with axe-core, in its language and in the other one (see `./axe.ts`); any violation fails the test.
 */
export function useBrowser(): BrowserHarness {
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  const axe = new AxeWatch(() => harness.browser);

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterEach(async (ctx) => {
    const opened = contexts;
    contexts = [];
    // Before the contexts close: the checks under way need their pages.
    const { findings, problems } = await axe.settle();
    try {
      // An `it.fails` test fails on purpose; only unexpected failures leave a screenshot.
      if (ctx.task.result?.state === 'fail' && !ctx.task.fails) {
        const pages = opened.flatMap((c) => c.pages()).filter((p) => !p.isClosed());
        const last = pages.at(-1);
        if (last) {
          await mkdir(ARTIFACTS_DIR, { recursive: true });
          const path = join(ARTIFACTS_DIR, artifactName(ctx.task.fullTestName ?? ctx.task.name));
          await last.screenshot({ path, fullPage: true, timeout: 10_000 }).catch((err: unknown) => {
            console.warn(`could not save screenshot ${path}: ${String(err)}`);
          });
        }
      }
    } finally {
      await Promise.all(opened.map((c) => c.close().catch(() => undefined)));
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
    if (findings.length > 0) throw new Error(formatFindings(findings));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const harness: BrowserHarness = {
    get browser(): Browser {
      if (!browser) throw new Error('the browser is not started yet (use it inside a test)');
      return browser;
    },
    async newContext(options) {
      const context = await harness.browser.newContext({ locale: 'en-IN', ...options });
      contexts.push(context);
      // Fail a step after 10 s with the page on screen, rather than Playwright's default 30 s.
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
      axe.watch(context);
      return context;
    },
    async newPage(options) {
      const context = await harness.newContext(options);
      return context.newPage();
    },
    skipAccessibility(skip) {
      axe.skip(skip);
    },
    async takeAccessibilityFindings() {
      const { findings, problems } = await axe.settle();
      if (problems.length > 0) throw new Error(problems.join('\n'));
      return findings;
    },
  };
  return harness;
}
