import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureConfidentialityDocument,
  insertOfficerAccount,
  sendLinkAndReadToken,
} from './factories/activation.ts';
import { linkRefFrom, openLink } from './factories/activation-open.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, signIn, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

/**
 * Issue 8 items 1, 2 and 4 over HTTP: opening a link spends nothing (a mail scanner's or a chat preview's
 * fetch leaves it working); each step is saved per link, so the same link opened again resumes at the first
 * unfinished step with the same authenticator key and the same recovery codes; the codes download as a file.
 */
describe.each(TEST_DIALECTS)('activation links that survive scanners and closed tabs on %s', (dialect) => {
  let t: TestApp;
  let next = 60;
  const PASSWORD = 'amber heron lantern 58';
  const newAccount = async () => {
    const n = next++;
    const userId = `lucknow.upct${10001 + n}`;
    const id = await insertOfficerAccount(t.deps, { employeeNo: `UPCT${10001 + n}`, userId });
    return { id, userId };
  };
  const tokenRow = async (accountId: number) =>
    t.deps.store.db
      .selectFrom('account_tokens')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
  const accountRow = (id: number) =>
    t.deps.store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const progressRows = (accountId: number) =>
    t.deps.store.db
      .withTables<{ activation_progress: { account_id: number; totp_sealed: string | null } }>()
      .selectFrom('activation_progress')
      .selectAll()
      .where('account_id', '=', accountId)
      .execute();
  const codeFor = (secret: string) =>
    new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
      timestamp: t.clock.now(),
    });
  const keyOn = (page: Reply) =>
    (/<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1] ?? '').replace(/ /g, '');
  const codesOn = (page: Reply) =>
    [...page.body.matchAll(/<li><code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{2})<\/code><\/li>/g)].map(
      (m) => m[1] ?? '',
    );
  /** A scanner: no cookies kept, follows nothing, fetches the link with GET (and HEAD). */
  const scan = async (link: string) => {
    const first = await new Browser().fetch(link);
    const head = await new Browser().fetch(link, { method: 'HEAD' });
    const second = await new Browser().fetch(link, {
      headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' },
    });
    return [first, head, second];
  };

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await ensureConfidentialityDocument(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets the officer activate after a scanner fetched the link twice', async () => {
    const { id, userId } = await newAccount();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const link = `${t.portalOrigin}/activate?token=${token}`;
    for (const reply of await scan(link)) expect(reply.status).toBe(200);
    expect((await tokenRow(id)).used_at).toBeNull();
    expect(await progressRows(id)).toEqual([]);

    const officer = new Browser();
    const { page, started } = await openLink(officer, t.portalOrigin, `/activate?token=${token}`);
    expect(page.body).toContain('<button type="submit">Start activation</button>');
    expect(started.location).toBe(`${t.portalOrigin}/activate/confidentiality`);
    const conf = await officer.fetch(`${t.portalOrigin}/activate/confidentiality`);
    expect(conf.body).toContain(`Your user ID: ${userId}`);
  });

  it('serves the link page uncached, without a referrer, and never puts the token in another address', async () => {
    const { id } = await newAccount();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const browser = new Browser();
    const page = await browser.fetch(`${t.portalOrigin}/activate?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).not.toContain(token);
    expect(page.body).not.toContain(encodeURIComponent(token));
    expect(page.body).toContain('<form method="post" action="/activate">');
    expect(page.body).toContain('href="/lang?to=hi&amp;back=%2Factivate"');
    expect(JSON.stringify(page.headers)).not.toContain(token);

    // The language switch comes back to the same page, in Hindi, still without the token.
    const switched = await browser.fetch(`${t.portalOrigin}/lang?to=hi&back=%2Factivate`);
    expect(switched.location).toBe(`${t.portalOrigin}/activate`);
    const hindi = await browser.fetch(`${t.portalOrigin}/activate`);
    expect(hindi.status).toBe(200);
    expect(hindi.body).toContain('सक्रियण आरंभ करें');
    expect(hindi.body).not.toContain(token);
    expect((await tokenRow(id)).used_at).toBeNull();
  });

  it('starts only from its own page: no CSRF token, another origin or a forged reference is refused', async () => {
    const { id } = await newAccount();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const browser = new Browser();
    const page = await browser.fetch(`${t.portalOrigin}/activate?token=${token}`);
    const form = { _csrf: csrfFrom(page.body), link: linkRefFrom(page.body) };
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      new Browser().fetch(`${t.portalOrigin}/activate`, { form: body, headers });
    expect((await post({ link: form.link, _csrf: 'x' })).status).toBe(403);
    expect((await post(form, { origin: 'https://evil.example' })).status).toBe(403);
    // The page sends no referrer, so browsers post its form with `Origin: null`: allowed only when the
    // browser also says the post came from our own origin.
    expect((await post(form, { origin: 'null' })).status).toBe(403);
    expect((await post(form, { origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ ...form, link: `${form.link}x` })).status).toBe(440);
    // A reference to an activation link does not start a reset.
    expect((await new Browser().fetch(`${t.portalOrigin}/reset`, { form })).status).toBe(440);
    expect(await progressRows(id)).toEqual([]);
    // A page left open longer than 30 minutes asks for the link again; the link itself still works.
    t.clock.advance(31 * 60_000);
    const stale = await post(form);
    expect(stale.status).toBe(440);
    expect(stale.body).toContain('Open the link from the e-mail again');
    expect((await openLink(new Browser(), t.portalOrigin, `/activate?token=${token}`)).started.status).toBe(
      303,
    );
    const fresh = await new Browser().fetch(`${t.portalOrigin}/activate?token=${token}`);
    const nullOrigin = await new Browser().fetch(`${t.portalOrigin}/activate`, {
      form: { _csrf: csrfFrom(fresh.body), link: linkRefFrom(fresh.body) },
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    expect(nullOrigin.status).toBe(303);
  });

  it('resumes after the tab is closed: same key, same codes, at the first unfinished step', async () => {
    const { id, userId } = await newAccount();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const path = `/activate?token=${token}`;

    // First tab: undertaking, password, and the authenticator step opened (key shown), then closed.
    const first = new Browser();
    await openLink(first, t.portalOrigin, path);
    const conf = await first.fetch(`${t.portalOrigin}/activate/confidentiality`);
    const version = /name="version" value="(\d+)"/.exec(conf.body)?.[1] ?? '1';
    await first.fetch(`${t.portalOrigin}/activate/confidentiality`, {
      form: { _csrf: csrfFrom(conf.body), version, accept: 'yes' },
    });
    const pw = await first.fetch(`${t.portalOrigin}/activate/password`);
    const chosen = await first.fetch(`${t.portalOrigin}/activate/password`, {
      form: { _csrf: csrfFrom(pw.body), password: PASSWORD, confirm: PASSWORD },
    });
    expect(chosen.location).toBe(`${t.portalOrigin}/activate/totp`);
    const totp1 = await first.fetch(`${t.portalOrigin}/activate/totp`);
    const key = keyOn(totp1);
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    expect(totp1.body).toContain(
      `If the app already has a “Dwaar” entry for ${userId} from an earlier attempt`,
    );
    expect(totp1.body).not.toContain('This is the same key');

    // Saved server-side, the key sealed; the link still unspent, the account untouched.
    const [saved] = await progressRows(id);
    expect(saved?.totp_sealed).toBeTruthy();
    expect(saved?.totp_sealed).not.toContain(key);
    expect(t.deps.keyring.open('totp-encryption', saved?.totp_sealed ?? '')).toBe(key);
    expect((await tokenRow(id)).used_at).toBeNull();
    expect((await accountRow(id)).status).toBe('pending_activation');

    // Later, in a new browser: the same link says where it resumes and goes straight to the app step.
    t.clock.advance(45 * 60_000);
    const second = new Browser();
    const { page, started } = await openLink(second, t.portalOrigin, path);
    expect(page.body).toContain('You will continue at step 3: Authenticator app.');
    expect(page.body).toContain('<button type="submit">Continue activation</button>');
    expect(started.location).toBe(`${t.portalOrigin}/activate/totp`);
    for (const earlier of ['confidentiality', 'password']) {
      const skipped = await second.fetch(`${t.portalOrigin}/activate/${earlier}`);
      expect(skipped.location).toBe(`${t.portalOrigin}/activate/totp`);
    }
    const totp2 = await second.fetch(`${t.portalOrigin}/activate/totp`);
    expect(keyOn(totp2)).toBe(key);
    expect(totp2.body).toContain('This is the same key as when you last opened this step.');
    const confirmed = await second.fetch(`${t.portalOrigin}/activate/totp`, {
      form: { _csrf: csrfFrom(totp2.body), code: codeFor(key) },
    });
    expect(confirmed.location).toBe(`${t.portalOrigin}/activate/done`);
    const done1 = await second.fetch(`${t.portalOrigin}/activate/done`);
    const codes = codesOn(done1);
    expect(codes).toHaveLength(10);

    // Closed again before confirming: a third opening shows the same ten codes.
    const third = new Browser();
    const resumed = await openLink(third, t.portalOrigin, path);
    expect(resumed.page.body).toContain('You will continue at step 4: Recovery codes.');
    expect(resumed.started.location).toBe(`${t.portalOrigin}/activate/done`);
    const done2 = await third.fetch(`${t.portalOrigin}/activate/done`);
    expect(codesOn(done2)).toEqual(codes);

    // Item 4: the codes download as a text file, and the page offers print (by a static script).
    expect(done2.body).toContain('href="/activate/done/codes.txt"');
    expect(done2.body).toContain('data-print');
    expect(done2.body).toContain('<script src="/static/activation.js" defer></script>');
    expect(done2.body).toContain('<link rel="stylesheet" href="/static/activation.css" />');
    const file = await third.fetch(`${t.portalOrigin}/activate/done/codes.txt`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(file.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="dwaar-recovery-codes-${userId}-\\d{4}-\\d{2}-\\d{2}_\\d{4}\\.txt"$`),
    );
    expect(file.headers['cache-control']).toBe('no-store');
    for (const code of codes) expect(file.body).toContain(code);
    expect(file.body).toContain(`User ID: ${userId}`);
    expect((await new Browser().fetch(`${t.portalOrigin}/activate/done/codes.txt`)).status).toBe(440);
    const script = await third.fetch(`${t.portalOrigin}/static/activation.js`);
    expect(script.body).toContain('window.print()');

    // The activation completes once; the other tab's cookie stops working with it.
    const finish = await third.fetch(`${t.portalOrigin}/activate/done`, {
      form: { _csrf: csrfFrom(done2.body), saved: 'yes' },
    });
    expect(finish.body).toContain('Your account is active');
    expect((await tokenRow(id)).used_at).toBe(t.clock.now());
    expect(await progressRows(id)).toEqual([]);
    const row = await accountRow(id);
    expect(row.status).toBe('active');
    expect(t.deps.keyring.open('totp-encryption', row.totp_secret_enc ?? '')).toBe(key);
    const late = await second.fetch(`${t.portalOrigin}/activate/done`);
    expect(late.status).toBe(440);
    const reopened = await new Browser().fetch(`${t.portalOrigin}${path}`);
    expect(reopened.status).toBe(410);
    expect(reopened.body).toContain('This link has already been used');

    // The password chosen in the first tab is the one that works.
    t.clock.advance(60_000);
    const login = await signIn(new Browser(), t.portalOrigin, userId, PASSWORD);
    expect(login.location).toBe(`${t.portalOrigin}/login/otp`);
  });

  it('starts over with a new link once the old one is re-sent, and stops the old one’s tab', async () => {
    const { id } = await newAccount();
    const firstToken = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const tab = new Browser();
    await openLink(tab, t.portalOrigin, `/activate?token=${firstToken}`);
    const conf = await tab.fetch(`${t.portalOrigin}/activate/confidentiality`);
    await tab.fetch(`${t.portalOrigin}/activate/confidentiality`, {
      form: { _csrf: csrfFrom(conf.body), version: '1', accept: 'yes' },
    });
    const secondToken = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    expect((await tab.fetch(`${t.portalOrigin}/activate/password`)).status).toBe(440);
    const fresh = await openLink(new Browser(), t.portalOrigin, `/activate?token=${secondToken}`);
    expect(fresh.page.body).toContain('Start activation');
    expect(fresh.started.location).toBe(`${t.portalOrigin}/activate/confidentiality`);
    expect(await progressRows(id)).toHaveLength(1);
  });

  it('does not spend a reset link by opening it, only by setting the password', async () => {
    const { id, userId } = await newAccount();
    await t.deps.store.db.updateTable('accounts').set({ status: 'active' }).where('id', '=', id).execute();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'reset' });
    const link = `${t.portalOrigin}/reset?token=${token}`;
    for (const reply of await scan(link)) expect(reply.status).toBe(200);
    const browser = new Browser();
    const { page, started } = await openLink(browser, t.portalOrigin, `/reset?token=${token}`);
    expect(page.body).toContain('choose a new password');
    expect(started.location).toBe(`${t.portalOrigin}/reset/password`);
    expect((await tokenRow(id)).used_at).toBeNull();
    const form = await browser.fetch(`${t.portalOrigin}/reset/password`);
    const done = await browser.fetch(`${t.portalOrigin}/reset/password`, {
      form: { _csrf: csrfFrom(form.body), password: PASSWORD, confirm: PASSWORD },
    });
    expect(done.body).toContain('Your password has been changed');
    expect((await tokenRow(id)).used_at).toBe(t.clock.now());
    expect((await new Browser().fetch(link)).status).toBe(410);
    expect((await signIn(new Browser(), t.portalOrigin, userId, PASSWORD)).status).toBe(303);
  });
});
