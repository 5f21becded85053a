import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatus, Role } from '../src/accounts/table.ts';
import { attemptLogin, type LoginDeps } from '../src/login/password-check.ts';
import { issueAccountToken } from '../src/accounts/account-tokens.ts';
import { sendAccountLink } from '../src/accounts/account-links.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { Browser, csrfFrom, follow, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';

describe.each(TEST_DIALECTS)('accounts console on %s', (dialect) => {
  let t: TestApp;
  let upstream: EchoUpstream;
  let hq: Browser;
  let zonal: Browser;
  let si: Browser;
  let officerSeq = 0;

  const db = () => t.deps.store.db;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  async function addStaff(
    userId: string,
    password: string,
    role: Role,
    zone: string | null,
    district: string | null,
  ) {
    const now = t.clock.now();
    await db()
      .insertInto('accounts')
      .values({
        user_id: userId,
        officer_id: null,
        display_name: userId,
        role,
        scope_zone_id: zone,
        scope_district_id: district,
        status: 'active',
        password_hash: await t.deps.passwords.hash(password),
        totp_secret_enc: null,
        locked_until: null,
        valid_until: null,
        last_login_at: null,
        email: `${userId}@ctd.up.example`,
        access_ends_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  /** A new officer in `district` with an account in `status`; returns the account ID. */
  async function addOfficerAccount(
    district: string,
    status: AccountStatus,
    password: string | null = null,
  ): Promise<{ id: number; userId: string }> {
    officerSeq += 1;
    const now = t.clock.now();
    const officer = await db()
      .insertInto('officers')
      .values({
        employee_no: `TEST${String(officerSeq).padStart(5, '0')}`,
        name_en: `Test Officer ${officerSeq}`,
        name_hi: `परीक्षण अधिकारी ${officerSeq}`,
        rank_id: 'cto',
        wing_id: 'adjudication',
        district_id: district,
        email: `test${officerSeq}@ctd.up.example`,
        mobile: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userId = `test.${district}.${officerSeq}`;
    const account = await db()
      .insertInto('accounts')
      .values({
        user_id: userId,
        officer_id: officer.id,
        display_name: `Test Officer ${officerSeq}`,
        role: 'officer',
        scope_zone_id: null,
        scope_district_id: null,
        status,
        password_hash: password ? await t.deps.passwords.hash(password) : null,
        totp_secret_enc: null,
        locked_until: null,
        valid_until: null,
        last_login_at: null,
        email: null,
        access_ends_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: account.id, userId };
  }

  const staffSignIn = (userId: string, password: string): Promise<Browser> =>
    consoleSignIn(t, userId, password);

  /** Posts an action the way the confirm page does, with the staff member's own CSRF token. */
  async function act(browser: Browser, id: number, action: string, form: Record<string, string> = {}) {
    const list = await browser.fetch(url('/console/accounts'));
    return browser.fetch(url(`/console/accounts/${id}/${action}`), {
      form: { _csrf: csrfFrom(list.body), ...form },
    });
  }

  const accountRow = (id: number) =>
    db()
      .selectFrom('accounts')
      .select(['status', 'failed_logins', 'locked_until', 'updated_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  const accountIdOf = async (userId: string) =>
    (await db().selectFrom('accounts').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow())
      .id;

  const auditTypes = async (type: string) =>
    db()
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', type)
      .orderBy('seq')
      .execute();

  const loginDeps = (): LoginDeps => ({
    db: db(),
    kv: t.deps.kv,
    clock: t.clock,
    audit: t.deps.audit,
    passwords: t.deps.passwords,
    lockout: t.deps.config.lockout,
  });

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    t = await createTestApp({ dialect, upstream: upstream.url });
    hq = await staffSignIn('hq.admin', 'Admin@Dwaar1');
    zonal = await staffSignIn('zonal.lucknow', 'Zonal@Dwaar1');
    si = await staffSignIn('si.lucknow', 'Integrator@Dwaar1');
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
  });

  it('revokes an officer at once: the next proxied request goes back to the portal', async () => {
    const officer = new Browser();
    const landed = await follow(
      officer,
      await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.bowebOrigin}/dealers`),
    );
    expect(landed.status).toBe(200);
    expect((await officer.fetch(`${t.bowebOrigin}/dealers`)).status).toBe(200);
    const id = await accountIdOf('officer1');
    await db()
      .transaction()
      .execute((trx) => issueAccountToken(trx, { accountId: id, purpose: 'reset', now: t.clock.now() }));

    const confirm = await hq.fetch(url(`/console/accounts/${id}/revoke`));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('name="reason"');
    const reply = await hq.fetch(url(`/console/accounts/${id}/revoke`), {
      form: { _csrf: csrfFrom(confirm.body), reason: 'Transferred out, order 17/2026', understood: 'yes' },
    });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(url(`/console/accounts/${id}?done=revoke`));

    const proxied = await officer.fetch(`${t.bowebOrigin}/dealers`);
    expect(proxied.status).toBe(302);
    expect(proxied.location?.startsWith(`${t.portalOrigin}/`)).toBe(true);
    expect((await accountRow(id)).status).toBe('revoked');
    const sessions = await db()
      .selectFrom('sessions')
      .select(['ended_at', 'end_reason'])
      .where('account_id', '=', id)
      .execute();
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      expect(s.ended_at).not.toBeNull();
      expect(s.end_reason).toBe('revoked');
    }
    const tokens = await db().selectFrom('account_tokens').selectAll().where('account_id', '=', id).execute();
    expect(tokens.every((tk) => tk.superseded_at !== null || tk.used_at !== null)).toBe(true);
    const audited = await auditTypes('account.revoked');
    expect(audited.at(-1)).toMatchObject({ actor: 'hq.admin', target: 'officer1' });
    expect(JSON.parse(audited.at(-1)?.detail ?? '{}')).toMatchObject({
      reason: 'Transferred out, order 17/2026',
      from: 'active',
      to: 'revoked',
    });
    const page = await hq.fetch(reply.location ?? '');
    expect(page.body).toContain('The account has been revoked');
    expect(page.body).toContain('ended by an administrator');
    // The officer cannot sign in again.
    expect(
      (await attemptLogin(loginDeps(), { userId: 'officer1', password: 'Officer@Dwaar1', ip: '192.0.2.50' }))
        .kind,
    ).toBe('not_active');
  });

  it('refuses a revocation without a reason, without the confirmation box, or without CSRF, changing nothing', async () => {
    const { id } = await addOfficerAccount('lucknow', 'active');
    const before = await accountRow(id);
    const revocations = (await auditTypes('account.revoked')).length;

    const noReason = await act(hq, id, 'revoke', { reason: '  ', understood: 'yes' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toContain('id="error-summary"');
    expect(noReason.body).toContain('Enter the reason for this action.');
    const short = await act(hq, id, 'revoke', { reason: 'bad', understood: 'yes' });
    expect(short.status).toBe(400);
    const unticked = await act(hq, id, 'revoke', { reason: 'Left the department' });
    expect(unticked.status).toBe(400);
    expect(unticked.body).toContain('Tick the box');
    expect(unticked.body).toContain('Left the department');
    const forged = await hq.fetch(url(`/console/accounts/${id}/revoke`), {
      form: { _csrf: 'forged', reason: 'Left the department', understood: 'yes' },
    });
    expect(forged.status).toBe(403);

    expect(await accountRow(id)).toEqual(before);
    expect((await auditTypes('account.revoked')).length).toBe(revocations);
  });

  it('keeps a zonal head to the zone: an Agra officer is out of reach (403, audited), a Lucknow officer can be unlocked', async () => {
    const agra = await addOfficerAccount('agra', 'locked');
    const denials = (await auditTypes('console.access_denied')).length;
    expect((await zonal.fetch(url(`/console/accounts/${agra.id}`))).status).toBe(403);
    expect((await zonal.fetch(url(`/console/accounts/${agra.id}/unlock`))).status).toBe(403);
    const post = await act(zonal, agra.id, 'unlock');
    expect(post.status).toBe(403);
    expect((await accountRow(agra.id)).status).toBe('locked');
    const denied = await auditTypes('console.access_denied');
    expect(denied.length).toBe(denials + 3);
    expect(denied.at(-1)).toMatchObject({ actor: 'zonal.lucknow' });
    const list = await zonal.fetch(url('/console/accounts?zone=agra'));
    expect(list.body).not.toContain(agra.userId);

    // Lock a Lucknow officer the real way, then unlock from the console.
    const local = await addOfficerAccount('lucknow', 'active', 'Local@Dwaar1');
    const ip = '203.0.113.77';
    for (let i = 0; i < 5; i++)
      await attemptLogin(loginDeps(), { userId: local.userId, password: 'wrong', ip });
    expect((await accountRow(local.id)).status).toBe('locked');
    expect(
      (await attemptLogin(loginDeps(), { userId: local.userId, password: 'Local@Dwaar1', ip })).kind,
    ).toBe('locked');
    const detail = await zonal.fetch(url(`/console/accounts/${local.id}`));
    expect(detail.status).toBe(200);
    expect(detail.body).toContain(`/console/accounts/${local.id}/unlock`);
    expect(detail.body).not.toContain(`/console/accounts/${local.id}/revoke`);
    const unlocked = await act(zonal, local.id, 'unlock');
    expect(unlocked.status).toBe(303);
    expect(await accountRow(local.id)).toMatchObject({
      status: 'active',
      failed_logins: 0,
      locked_until: null,
    });
    expect((await auditTypes('account.unlocked')).at(-1)).toMatchObject({
      actor: 'zonal.lucknow',
      target: local.userId,
    });
    expect(
      (await attemptLogin(loginDeps(), { userId: local.userId, password: 'Local@Dwaar1', ip })).kind,
    ).toBe('ok');
  });

  it('gives a zonal head no lifecycle power (403, audited)', async () => {
    const { id } = await addOfficerAccount('lucknow', 'active');
    expect((await zonal.fetch(url(`/console/accounts/${id}/revoke`))).status).toBe(403);
    const reply = await act(zonal, id, 'suspend', { reason: 'Not allowed to do this' });
    expect(reply.status).toBe(403);
    expect((await accountRow(id)).status).toBe('active');
  });

  it('shows a system integrator the Lucknow district only, and no staff accounts', async () => {
    const hardoi = await addOfficerAccount('hardoi', 'active');
    const local = await addOfficerAccount('lucknow', 'active');
    const list = await si.fetch(url('/console/accounts'));
    expect(list.status).toBe(200);
    expect(list.body).toContain(`>${local.userId}<`);
    expect(list.body).not.toContain(hardoi.userId);
    expect(list.body).not.toContain('>officer2<');
    expect(list.body).not.toContain('>hq.admin<');
    expect(list.body).not.toContain('name="zone"');
    const filtered = await si.fetch(url('/console/accounts?district=hardoi'));
    expect(filtered.body).not.toContain(hardoi.userId);
    expect((await si.fetch(url(`/console/accounts/${hardoi.id}`))).status).toBe(403);
    const staffId = await accountIdOf('hq.admin');
    expect((await si.fetch(url(`/console/accounts/${staffId}`))).status).toBe(403);
    expect((await zonal.fetch(url(`/console/accounts/${staffId}`))).status).toBe(403);
    expect((await hq.fetch(url(`/console/accounts/${staffId}`))).status).toBe(200);
  });

  it('suspends and resumes: suspension ends live sessions and refuses sign-in', async () => {
    const officer = await addOfficerAccount('lucknow', 'active', 'Suspend@Dwaar1');
    const portal = new Browser();
    const login = await signIn(portal, t.portalOrigin, officer.userId, 'Suspend@Dwaar1');
    expect(login.status).toBe(303);
    expect((await portal.fetch(url('/webtop'))).status).toBe(200);

    expect((await act(hq, officer.id, 'suspend', { reason: 'Under inquiry, letter 44' })).status).toBe(303);
    expect((await accountRow(officer.id)).status).toBe('suspended');
    expect((await portal.fetch(url('/webtop'))).status).not.toBe(200);
    const live = await db()
      .selectFrom('sessions')
      .select('id')
      .where('account_id', '=', officer.id)
      .where('ended_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    const ip = '198.51.100.20';
    expect(
      (await attemptLogin(loginDeps(), { userId: officer.userId, password: 'Suspend@Dwaar1', ip })).kind,
    ).toBe('not_active');

    expect((await act(hq, officer.id, 'suspend', { reason: 'Twice over again' })).status).toBe(409);
    expect((await act(hq, officer.id, 'resume')).status).toBe(303);
    expect((await accountRow(officer.id)).status).toBe('active');
    expect(
      (await attemptLogin(loginDeps(), { userId: officer.userId, password: 'Suspend@Dwaar1', ip })).kind,
    ).toBe('ok');
    expect((await auditTypes('account.suspended')).at(-1)).toMatchObject({ target: officer.userId });
    expect((await auditTypes('account.resumed')).at(-1)).toMatchObject({ target: officer.userId });
  });

  it('refuses to resume a revoked account, with a clear message', async () => {
    const { id } = await addOfficerAccount('lucknow', 'active');
    expect((await act(hq, id, 'revoke', { reason: 'Retired on 30 Nov', understood: 'yes' })).status).toBe(
      303,
    );
    const confirm = await hq.fetch(url(`/console/accounts/${id}/resume`));
    expect(confirm.status).toBe(409);
    expect(confirm.body).toContain('Only a suspended account can be resumed. This account is: Revoked.');
    expect(confirm.body).not.toContain('name="reason"');
    const post = await act(hq, id, 'resume', { reason: 'Please bring back' });
    expect(post.status).toBe(409);
    expect(post.body).toContain('id="error-summary"');
    expect((await accountRow(id)).status).toBe('revoked');
    const detail = await hq.fetch(url(`/console/accounts/${id}`));
    expect(detail.body).toContain('There is nothing you can change on this account');
  });

  it('re-sends an activation link, superseding the previous one, and shows link states but never tokens', async () => {
    const pending = await addOfficerAccount('lucknow', 'pending_activation');
    const send = () =>
      db()
        .transaction()
        .execute((trx) =>
          sendAccountLink(trx, t.deps, { accountId: pending.id, purpose: 'activation', actor: 'hq.admin' }),
        );
    expect(await send()).toBe(true);
    expect(await send()).toBe(true);
    const tokens = () =>
      db()
        .selectFrom('account_tokens')
        .selectAll()
        .where('account_id', '=', pending.id)
        .orderBy('id')
        .execute();
    const [first, second] = await tokens();
    expect(first?.superseded_at).not.toBeNull();
    expect(second?.superseded_at).toBeNull();

    const reply = await act(zonal, pending.id, 'resend');
    expect(reply.status).toBe(303);
    const after = await tokens();
    expect(after).toHaveLength(3);
    expect(after[1]?.superseded_at).not.toBeNull();
    expect(after[2]?.superseded_at).toBeNull();
    const mails = await db()
      .selectFrom('mail_outbox')
      .select('kind')
      .where('account_id', '=', pending.id)
      .execute();
    expect(mails.map((m) => m.kind)).toEqual(['activation', 'activation', 'activation']);
    expect((await auditTypes('account.activation_sent')).at(-1)).toMatchObject({
      actor: 'zonal.lucknow',
      target: pending.userId,
    });

    const detail = await zonal.fetch(url(`/console/accounts/${pending.id}`));
    expect(detail.body).toContain('Replaced by a newer link');
    expect(detail.body).toContain('Not used yet');
    expect(detail.body).toContain('Waiting to be sent');
    for (const tk of after) expect(detail.body).not.toContain(tk.token_hash);

    const active = await addOfficerAccount('lucknow', 'active');
    const refused = await act(zonal, active.id, 'resend');
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('pending activation');
  });

  it('sends a reset link (HQ, with a reason) without touching the password', async () => {
    const officer = await addOfficerAccount('lucknow', 'active', 'Reset@Dwaar1');
    const hashBefore = await db()
      .selectFrom('accounts')
      .select('password_hash')
      .where('id', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect((await act(hq, officer.id, 'reset')).status).toBe(400);
    expect(
      (await db().selectFrom('account_tokens').select('id').where('account_id', '=', officer.id).execute())
        .length,
    ).toBe(0);
    expect((await act(hq, officer.id, 'reset', { reason: 'Officer forgot password, call 12' })).status).toBe(
      303,
    );
    const token = await db()
      .selectFrom('account_tokens')
      .selectAll()
      .where('account_id', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect(token.purpose).toBe('reset');
    const hashAfter = await db()
      .selectFrom('accounts')
      .select('password_hash')
      .where('id', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect(hashAfter).toEqual(hashBefore);
    const audited = (await auditTypes('account.reset_sent')).at(-1);
    expect(audited).toMatchObject({ actor: 'hq.admin', target: officer.userId });
    expect(JSON.parse(audited?.detail ?? '{}')).toMatchObject({ reason: 'Officer forgot password, call 12' });

    const detail = await hq.fetch(url(`/console/accounts/${officer.id}`));
    expect(detail.body).not.toContain(hashAfter.password_hash ?? 'never');
    expect(detail.body).not.toContain('$argon2');
  });

  it('lists with filters, search and pages of 50', async () => {
    for (let i = 0; i < 52; i++) await addOfficerAccount('kanpur-nagar', 'expired');
    const first = await hq.fetch(url('/console/accounts?status=expired&district=kanpur-nagar'));
    expect(first.status).toBe(200);
    expect(first.body).toContain('Accounts found: 52');
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body.match(/<tr>/g)?.length).toBe(51);
    expect(first.body).toContain('scope="col"');
    const second = await hq.fetch(url('/console/accounts?status=expired&district=kanpur-nagar&page=2'));
    expect(second.body).toContain('Page 2 of 2');
    expect(second.body.match(/<tr>/g)?.length).toBe(3);

    const search = await hq.fetch(url('/console/accounts?q=OFFICER2'));
    expect(search.body).toContain('>officer2<');
    expect(search.body).toContain('Accounts found: 1');
    const hindi = await hq.fetch(url(`/console/accounts?q=${encodeURIComponent('परीक्षण अधिकारी 1')}`));
    expect(hindi.body).toContain('test.lucknow.1<');
    const wildcard = await hq.fetch(url('/console/accounts?q=%25'));
    expect(wildcard.body).toContain('Accounts found: 0');

    expect((await hq.fetch(url('/console/accounts?status=deleted'))).status).toBe(400);
    expect((await hq.fetch(url('/console/accounts?zone=%3Cscript%3E'))).status).toBe(400);
    expect((await hq.fetch(url('/console/accounts?page=-1'))).status).toBe(400);
  });

  it('says so when an activation link has nowhere to go, changing nothing', async () => {
    await addStaff('jc.nomail', 'Joint@Dwaar9', 'joint_commissioner', 'lucknow', null);
    const id = await accountIdOf('jc.nomail');
    await db()
      .updateTable('accounts')
      .set({ status: 'pending_activation', email: null })
      .where('id', '=', id)
      .execute();
    const reply = await act(hq, id, 'resend');
    expect(reply.status).toBe(409);
    expect(reply.body).toContain('no registered e-mail address');
    const tokens = await db()
      .selectFrom('account_tokens')
      .select('id')
      .where('account_id', '=', id)
      .execute();
    expect(tokens).toEqual([]);
  });

  it('refuses to act on your own account', async () => {
    const own = await accountIdOf('hq.admin');
    const reply = await act(hq, own, 'suspend', { reason: 'Testing myself' });
    expect(reply.status).toBe(409);
    expect(reply.body).toContain('You cannot change your own account here.');
    expect((await accountRow(own)).status).toBe('active');
  });

  it('answers 404 for unknown accounts and actions', async () => {
    expect((await hq.fetch(url('/console/accounts/999999'))).status).toBe(404);
    expect((await hq.fetch(url('/console/accounts/abc'))).status).toBe(404);
    expect((await hq.fetch(url('/console/accounts/1/delete'))).status).toBe(404);
    expect((await act(hq, 999999, 'unlock')).status).toBe(404);
  });

  it('refuses officers and visitors', async () => {
    const officer = new Browser();
    await signIn(officer, t.portalOrigin, 'officer2', 'Officer@Dwaar2');
    expect((await officer.fetch(url('/console/accounts'))).status).toBe(403);
    expect((await officer.fetch(url('/console/accounts/1'))).status).toBe(403);
    const visitor = await new Browser().fetch(url('/console/accounts'));
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe(url('/console/login'));
  });
});
