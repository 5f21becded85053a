import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin } from '../src/login/password-check.ts';
import {
  ensureConfidentialityDocument,
  insertOfficerAccount,
  sendLinkAndReadToken,
} from './factories/activation.ts';
import { openLink } from './factories/activation-open.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, follow, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

describe.each(TEST_DIALECTS)('activation and reset links on %s', (dialect) => {
  let t: TestApp;
  let next = 20;
  /** A fresh account for a directory officer nobody else in this file uses. */
  const newAccount = async (status: 'pending_activation' | 'active' = 'pending_activation') => {
    const n = next++;
    const userId = `test.upct${10001 + n}`;
    const id = await insertOfficerAccount(t.deps, { employeeNo: `UPCT${10001 + n}`, userId, status });
    return { id, userId };
  };
  const account = (id: number) =>
    t.deps.store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const tokens = (accountId: number) =>
    t.deps.store.db
      .selectFrom('account_tokens')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('id')
      .execute();
  const rejections = async () =>
    (
      await t.deps.store.db
        .selectFrom('audit_events')
        .select('detail')
        .where('type', '=', 'token.rejected')
        .orderBy('seq')
        .execute()
    ).map((r) => JSON.parse(r.detail) as Record<string, unknown>);

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await ensureConfidentialityDocument(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens a link on a page with a button, spends nothing, and moves on without the token in any later address', async () => {
    const { id } = await newAccount();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const browser = new Browser();
    const { page: linkPage, started: opened } = await openLink(
      browser,
      t.portalOrigin,
      `/activate?token=${token}`,
    );
    expect(linkPage.body).not.toContain(token);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe(`${t.portalOrigin}/activate/confidentiality`);
    expect(opened.headers['set-cookie']?.toString()).toMatch(
      /dwaar_act=[^;]+; Max-Age=1800; Path=\/; HttpOnly; SameSite=Lax/,
    );
    expect(browser.cookie('localhost', 'dwaar_act')).not.toContain(token);
    const [row] = await tokens(id);
    expect(row?.used_at).toBeNull();
    const page = await browser.fetch(opened.location ?? '');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(token);
  });

  it('refuses a spent link: 410 "already used", and changes nothing', async () => {
    const { id } = await newAccount();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    // A link is spent when its activation completes (test/activation-resume.test.ts walks that).
    await t.deps.store.db
      .updateTable('account_tokens')
      .set({ used_at: t.clock.now() })
      .where('account_id', '=', id)
      .execute();
    const before = { account: await account(id), tokens: await tokens(id) };
    const again = new Browser();
    const reply = await again.fetch(`${t.portalOrigin}/activate?token=${token}`);
    expect(reply.status).toBe(410);
    expect(reply.body).toContain('This link has already been used');
    expect(reply.body).toContain('ask your zonal office or the system integrator');
    expect(reply.body).not.toContain(token);
    expect(again.cookie('localhost', 'dwaar_act')).toBeUndefined();
    expect({ account: await account(id), tokens: await tokens(id) }).toEqual(before);
    expect((await rejections()).at(-1)).toEqual({ purpose: 'activation', reason: 'used' });
  });

  it('refuses an expired link after 72 hours with 410', async () => {
    const { id } = await newAccount();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    t.clock.advance(72 * 3600_000 + 1000);
    const reply = await new Browser().fetch(`${t.portalOrigin}/activate?token=${token}`);
    expect(reply.status).toBe(410);
    expect(reply.body).toContain('This link has expired (links last 72 hours)');
    expect((await tokens(id))[0]?.used_at).toBeNull();
    expect((await account(id)).status).toBe('pending_activation');
    expect((await rejections()).at(-1)).toEqual({ purpose: 'activation', reason: 'expired' });
  });

  it('refuses a link superseded by a re-send with 410, while the newest link works', async () => {
    const { id } = await newAccount();
    const first = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const second = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const old = await new Browser().fetch(`${t.portalOrigin}/activate?token=${first}`);
    expect(old.status).toBe(410);
    expect(old.body).toContain('A newer link was sent; use the latest e-mail');
    expect((await rejections()).at(-1)).toEqual({ purpose: 'activation', reason: 'superseded' });
    expect((await new Browser().fetch(`${t.portalOrigin}/activate?token=${second}`)).status).toBe(200);
  });

  it('answers an unknown or missing token with 404', async () => {
    for (const query of ['?token=' + 'x'.repeat(43), '?token=short', '']) {
      const reply = await new Browser().fetch(`${t.portalOrigin}/activate${query}`);
      expect(reply.status).toBe(404);
      expect(reply.body).toContain('This link is not valid');
    }
    const hindi = await new Browser().fetch(`${t.portalOrigin}/activate?token=nope`, {
      headers: { 'accept-language': 'hi-IN' },
    });
    expect(hindi.body).toContain('यह लिंक मान्य नहीं है');
    expect((await rejections()).at(-1)).toEqual({ purpose: 'activation', reason: 'unknown' });
  });

  it('refuses to activate an account that is not pending, and leaves its link unused', async () => {
    const { id, userId } = await newAccount('active');
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const reply = await new Browser().fetch(`${t.portalOrigin}/activate?token=${token}`);
    expect(reply.status).toBe(409);
    expect(reply.body).toContain('This account is already active');
    expect((await tokens(id))[0]?.used_at).toBeNull();
    const audited = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['target', 'detail'])
      .where('type', '=', 'token.rejected')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audited.target).toBe(userId);
    expect(JSON.parse(audited.detail)).toMatchObject({ reason: 'wrong_status', status: 'active' });
  });

  it('keeps the steps in order and stops them without the activation cookie', async () => {
    const { id } = await newAccount();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const browser = new Browser();
    await openLink(browser, t.portalOrigin, `/activate?token=${token}`);
    for (const step of ['password', 'totp', 'done']) {
      const skipped = await browser.fetch(`${t.portalOrigin}/activate/${step}`);
      expect(skipped.location, step).toBe(`${t.portalOrigin}/activate/confidentiality`);
    }
    const stranger = await new Browser().fetch(`${t.portalOrigin}/activate/confidentiality`);
    expect(stranger.status).toBe(440);
    expect(stranger.body).toContain('Activation stopped');
    const forged = new Browser();
    forged.setCookie('localhost', 'dwaar_act', `${browser.cookie('localhost', 'dwaar_act') ?? ''}x`);
    expect((await forged.fetch(`${t.portalOrigin}/activate/confidentiality`)).status).toBe(440);
    t.clock.advance(31 * 60_000);
    expect((await browser.fetch(`${t.portalOrigin}/activate/confidentiality`)).status).toBe(440);
  });

  it('resets a locked account’s password: lock cleared, sessions ended, old password gone', async () => {
    const { id, userId } = await newAccount('active');
    const oldPassword = 'old harbour lantern 1';
    const newPassword = 'quiet river granite 42';
    await t.deps.store.db
      .updateTable('accounts')
      .set({ password_hash: await t.deps.passwords.hash(oldPassword) })
      .where('id', '=', id)
      .execute();
    const officer = new Browser();
    expect((await signIn(officer, t.portalOrigin, userId, oldPassword)).location).toBe(
      `${t.portalOrigin}/webtop`,
    );
    const loginDeps = { ...t.deps, db: t.deps.store.db, lockout: t.deps.config.lockout };
    for (let i = 0; i < 5; i++)
      await attemptLogin(loginDeps, { userId, password: 'wrong', ip: '192.0.2.50' });
    expect((await account(id)).status).toBe('locked');

    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'reset' });
    const browser = new Browser();
    const { started: opened } = await openLink(browser, t.portalOrigin, `/reset?token=${token}`);
    expect(opened.location).toBe(`${t.portalOrigin}/reset/password`);
    const form = await browser.fetch(`${t.portalOrigin}/reset/password`);
    expect(form.body).toContain('autocomplete="new-password"');
    const weak = await browser.fetch(`${t.portalOrigin}/reset/password`, {
      form: { _csrf: csrfFrom(form.body), password: 'Welcome@12345', confirm: 'Welcome@12345' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('too common');
    expect(weak.body).not.toContain('Welcome@12345');
    expect((await account(id)).status).toBe('locked');
    const done = await browser.fetch(`${t.portalOrigin}/reset/password`, {
      form: { _csrf: csrfFrom(form.body), password: newPassword, confirm: newPassword },
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Your password has been changed');
    expect(done.body).not.toContain(newPassword);

    const after = await account(id);
    expect(after).toMatchObject({ status: 'active', failed_logins: 0, locked_until: null });
    const live = await t.deps.store.db
      .selectFrom('sessions')
      .select(['ended_at', 'end_reason'])
      .where('account_id', '=', id)
      .execute();
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((s) => s.ended_at !== null && s.end_reason === 'revoked')).toBe(true);
    expect((await follow(officer, await officer.fetch(`${t.portalOrigin}/webtop`))).body).not.toContain(
      'Your applications',
    );
    const audited = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['actor', 'detail'])
      .where('type', '=', 'account.password_reset')
      .where('target', '=', userId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audited.detail)).toEqual({ was: 'locked', sessions_ended: live.length });

    const again = new Browser();
    expect((await signIn(again, t.portalOrigin, userId, oldPassword)).status).toBe(401);
    expect((await signIn(again, t.portalOrigin, userId, newPassword)).location).toBe(
      `${t.portalOrigin}/webtop`,
    );
    const reused = await new Browser().fetch(`${t.portalOrigin}/reset?token=${token}`);
    expect(reused.status).toBe(410);
    const rows = await t.deps.store.db.selectFrom('audit_events').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(newPassword);
  });

  it('refuses a reset link for an account that is not active, and an activation cookie on the reset page', async () => {
    const { id } = await newAccount();
    const token = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'reset' });
    const reply = await new Browser().fetch(`${t.portalOrigin}/reset?token=${token}`);
    expect(reply.status).toBe(409);
    expect(reply.body).toContain('This link cannot be used for this account');
    expect(reply.body).toContain('Pending activation');
    const activation = await sendLinkAndReadToken(t.deps, { accountId: id, purpose: 'activation' });
    const browser = new Browser();
    await openLink(browser, t.portalOrigin, `/activate?token=${activation}`);
    expect((await browser.fetch(`${t.portalOrigin}/reset/password`)).status).toBe(440);
  });
});
