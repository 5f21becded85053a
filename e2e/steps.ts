import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { BOWEB_DEMO_USERS } from '../src/boweb/users.ts';
import { DEMO_ACCOUNTS } from '../src/demo/seed.ts';
import type { Lang } from '../src/i18n/i18n.ts';
import { en } from '../src/i18n/messages/core-en.ts';
import { hi } from '../src/i18n/messages/core-hi.ts';
import { en as signinEn, hi as signinHi } from '../src/i18n/messages/signin.ts';
import { en as proxyEn, hi as proxyHi } from '../src/i18n/messages/proxy.ts';
import { createTestApp, type TestApp, type TestAppOptions } from '../test/create-test-app.ts';
import { STEP_TIMEOUT_MS } from './browser.ts';
import { nextCode } from '../test/factories/staff.ts';

/** Steps a person takes in the browser, shared by the spec files. Texts come from the real catalogues. */

export interface Credentials {
  readonly userId: string;
  readonly password: string;
}

export const OFFICER: Credentials = DEMO_ACCOUNTS.officer;
export const OFFICER_OPEN_OFFICE: Credentials = DEMO_ACCOUNTS.officerOpen;
export const ZONAL_HEAD: Credentials = DEMO_ACCOUNTS.zonalHead;
export const HQ_ADMIN: Credentials = DEMO_ACCOUNTS.hqAdmin;

const bowebUser = BOWEB_DEMO_USERS[0];
if (!bowebUser) throw new Error('BOWEB has no demo user');
/** BOWEB's own user: the back office keeps its own login behind the gateway. */
export const BOWEB_USER: Credentials = { userId: bowebUser.username, password: bowebUser.password };

/** Runs `fn` against a gateway of its own (for tests that lock accounts or move the clock), then closes it. */
export async function withOwnApp(
  fn: (app: TestApp) => Promise<void>,
  options: TestAppOptions = { upstream: 'boweb' },
): Promise<void> {
  const app = await createTestApp(options);
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

/**
 * Call once inside a `describe`: a gateway with the demo back office for the file's tests, started before
 * them and closed after. The returned object reads the running app, so it can be named before it starts.
 */
export function useTestApp(options: TestAppOptions = { upstream: 'boweb' }): TestApp {
  let running: TestApp | undefined;
  beforeAll(async () => {
    running = await createTestApp(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  const app = (): TestApp => {
    if (!running) throw new Error('the test app starts in beforeAll');
    return running;
  };
  return {
    get deps() {
      return app().deps;
    },
    get app() {
      return app().app;
    },
    get clock() {
      return app().clock;
    },
    get port() {
      return app().port;
    },
    get portalOrigin() {
      return app().portalOrigin;
    },
    get bowebOrigin() {
      return app().bowebOrigin;
    },
    get pgSchema() {
      return app().pgSchema;
    },
    get redisPrefix() {
      return app().redisPrefix;
    },
    get policyPath() {
      return app().policyPath;
    },
    originOf: (host: string) => app().originOf(host),
    close: () => app().close(),
  };
}

/** The sign-in steps' own catalogue (`signin.` keys). */
export const SIGNIN = { en: signinEn, hi: signinHi } as const;
/** The gateway's and session bar's texts (issue 8 items 5, 7, 9). */
export const PROXY = { en: proxyEn, hi: proxyHi } as const;

export const UI: Readonly<Record<Lang, Readonly<Record<keyof typeof en, string>>>> = { en, hi };

async function describePage(page: Page): Promise<string> {
  const h1 = await page
    .locator('h1')
    .first()
    .innerText({ timeout: 1000 })
    .catch(() => '(none)');
  return `at ${page.url()} with heading "${h1.trim()}"`;
}

/** Waits until the page's level-1 heading is `name`; on timeout says which page the browser is on. */
export async function expectHeading(page: Page, name: string | RegExp): Promise<void> {
  try {
    await page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' }).waitFor();
  } catch {
    throw new Error(`expected the heading "${String(name)}", but the browser is ${await describePage(page)}`);
  }
}

/** Waits until the main landmark contains `text`. */
export async function expectMainText(page: Page, text: string): Promise<void> {
  await expect
    .poll(() => page.locator('main').innerText(), {
      timeout: STEP_TIMEOUT_MS,
      message: `main should contain "${text}"`,
    })
    .toContain(text);
}

export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname;
}

/** The portal landing page, optionally reached through a deep link. */
export async function openLanding(page: Page, url: string, lang: Lang = 'en'): Promise<void> {
  await page.goto(url);
  // A back office opened directly first says to sign in to Dwaar (issue 8 item 7): press its button.
  if (pathOf(page) === '/opened-directly') {
    await page.getByRole('link', { name: PROXY[lang]['proxy.directButton'], exact: true }).click();
  }
  await expectHeading(page, UI[lang].landingTitle);
}

export interface WalkOptions {
  lang?: Lang;
  /** On the trust step (when it is shown), choose "Trust this site…" rather than "Not this time". */
  trust?: boolean;
}

/**
 * From the landing page through the device check, trust step and disclaimer to the login form.
 * Reports whether the trust step was shown (a trusted device skips it).
 */
export async function walkToLogin(page: Page, o: WalkOptions = {}): Promise<{ trustStepShown: boolean }> {
  const t = UI[o.lang ?? 'en'];
  await page.getByRole('link', { name: t.startSignIn }).click();
  await expectHeading(page, t.inspectTitle);
  // The check runs by itself; "Continue" appears only once the device has passed.
  await page.getByRole('link', { name: t.continue, exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/trust' || url.pathname === '/disclaimer');
  const trustStepShown = pathOf(page) === '/trust';
  if (trustStepShown) {
    await expectHeading(page, t.trustTitle);
    const choice = o.trust ? 'signin.trustYes' : 'signin.trustNo';
    await page.getByLabel(SIGNIN[o.lang ?? 'en'][choice]).check();
    await page.getByRole('button', { name: t.continue, exact: true }).click();
  }
  await expectHeading(page, t.disclaimerTitle);
  await page.getByRole('button', { name: t.agree, exact: true }).click();
  await expectHeading(page, t.loginTitle);
  return { trustStepShown };
}

/**
 * Runs `action` and waits until it has replaced the document: needed where the next page looks like the
 * last one (a refused login shows the login form again).
 */
export async function loadsNewPage(page: Page, action: () => Promise<void>): Promise<void> {
  await page.evaluate(() => {
    document.documentElement.dataset.e2eStale = 'yes';
  });
  await action();
  await page.waitForFunction(() => document.documentElement.dataset.e2eStale !== 'yes');
  await page.waitForLoadState();
}

/** The authenticator app on each staff member's phone: the key they set up, by app and user ID. */
const authenticators = new WeakMap<TestApp, Map<string, string>>();

/**
 * Signs into the console as a person would: user ID and password, then the code from their authenticator
 * app, which they set up on their first console sign-in (typing the key shown, confirming with a code,
 * saving the recovery codes). When the console refuses the password, stops on the sign-in page.
 */
export async function consoleSignIn(page: Page, app: TestApp, who: Credentials): Promise<void> {
  await page.goto(`${app.portalOrigin}/console/login`);
  await expectHeading(page, 'Administrator sign-in');
  await submitLogin(page, who);
  let keys = authenticators.get(app);
  if (!keys) authenticators.set(app, (keys = new Map<string, string>()));
  if (pathOf(page) === '/console/login/enrol') {
    await expectHeading(page, 'Set up your second factor');
    const key = (await page.locator('#totp-secret').innerText()).trim();
    keys.set(who.userId, key);
    await page
      .getByLabel('Then enter the six-digit code the app shows now.')
      .fill(nextCode(app, who.userId, key));
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Continue', exact: true }).click());
    await expectHeading(page, 'Recovery codes');
    await page.getByLabel('I have saved these codes').check();
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Finish and open the console' }).click());
  } else if (pathOf(page) === '/console/login/otp') {
    const key = keys.get(who.userId);
    if (!key) throw new Error(`no authenticator set up for ${who.userId} in this app`);
    await page.getByLabel('One-time code').fill(nextCode(app, who.userId, key));
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Verify' }).click());
  } else return;
  await expectHeading(page, 'Directory');
}

/** Fills and submits the login form (portal or console), and waits for the answer to load. */
export async function submitLogin(page: Page, who: Credentials, lang: Lang = 'en'): Promise<void> {
  const t = UI[lang];
  await page.getByLabel(t.userId, { exact: true }).fill(who.userId);
  await page.getByLabel(t.password, { exact: true }).fill(who.password);
  await loadsNewPage(page, () => page.getByRole('button', { name: t.logIn, exact: true }).click());
}

export interface SignInOptions extends WalkOptions {
  /** Where to start instead of the portal landing page (e.g. a BOWEB deep link). */
  start?: string;
}

/** The whole officer sign-in as a person does it; leaves the browser wherever the portal sends it. */
export async function signIn(
  page: Page,
  portalOrigin: string,
  who: Credentials,
  o: SignInOptions = {},
): Promise<{ trustStepShown: boolean }> {
  await openLanding(page, o.start ?? `${portalOrigin}/`, o.lang);
  const walked = await walkToLogin(page, o);
  await submitLogin(page, who, o.lang);
  await page.waitForURL((url) => url.origin !== portalOrigin || url.pathname !== '/login');
  return walked;
}

/** Signs in and checks that the webtop greets the officer. */
export async function signInToWebtop(
  page: Page,
  portalOrigin: string,
  who: Credentials = OFFICER,
  o: WalkOptions = {},
): Promise<void> {
  await signIn(page, portalOrigin, who, o);
  await expectHeading(page, UI[o.lang ?? 'en'].webtopTitle);
}

export const BOWEB_LOGIN_HEADING = 'Log in / लॉग इन';
export const BOWEB_RETURNS_HEADING = 'Dealer returns / व्यापारी रिटर्न';
export const BOWEB_GATEWAY_REQUIRED = 'Open this portal through the Dwaar gateway';

/** Opens BOWEB from its webtop tile; BOWEB then asks for its own login. */
export async function openBowebFromWebtop(page: Page, lang: Lang = 'en'): Promise<void> {
  const t = UI[lang];
  const name = lang === 'hi' ? 'बोवेब बैक-ऑफिस पोर्टल' : 'BOWEB back-office portal';
  await page.getByRole('link', { name: `${t.open} ${name}` }).click();
  await expectHeading(page, BOWEB_LOGIN_HEADING);
}

/** Logs into BOWEB's own login form with BOWEB's own user. */
export async function logIntoBoweb(page: Page, who: Credentials = BOWEB_USER): Promise<void> {
  await page.getByLabel(/^User name/).fill(who.userId);
  await page.getByLabel(/^Password/).fill(who.password);
  await page.getByRole('button', { name: /^Log in/ }).click();
  await expectHeading(page, BOWEB_RETURNS_HEADING);
}

/** The text of BOWEB's banner naming whom the gateway vouched for. */
export async function vouchedBanner(page: Page): Promise<string> {
  return page.locator('.vouched').innerText();
}

export interface Whoami {
  gateway: { sub: string; name: string; sid: string } | null;
  boweb: { username: string } | null;
}

/** Navigates to BOWEB's `/api/whoami` and reads what BOWEB saw. */
export async function readWhoami(page: Page, bowebOrigin: string): Promise<{ status: number; body: Whoami }> {
  const response = await page.goto(`${bowebOrigin}/api/whoami`);
  if (!response) throw new Error('no response from /api/whoami');
  return { status: response.status(), body: (await response.json()) as Whoami };
}

/** Presses the webtop's "Log out" and waits for "Session ended". */
export async function logOut(page: Page, lang: Lang = 'en'): Promise<void> {
  const t = UI[lang];
  await page.getByRole('button', { name: t.logout, exact: true }).click();
  await expectHeading(page, t.endedTitle);
}

/** The value of one cookie in the context for `url`, or undefined. */
export async function cookieValue(
  context: BrowserContext,
  url: string,
  name: string,
): Promise<string | undefined> {
  const cookies = await context.cookies(url);
  return cookies.find((c) => c.name === name)?.value;
}

/** Every URL the page's frames navigated to, in order (redirects included via requests). */
export function recordNavigations(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    // Only the main frame's navigations (a service worker's requests have no frame at all).
    if (
      request.isNavigationRequest() &&
      request.serviceWorker() === null &&
      request.frame() === page.mainFrame()
    )
      urls.push(request.url());
  });
  return urls;
}
