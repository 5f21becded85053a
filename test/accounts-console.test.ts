import { describe, expect, it } from 'vitest';
import { attemptLogin } from '../src/login/password-check.ts';
import { issueAccountToken } from '../src/accounts/account-tokens.ts';
import { Browser, csrfFrom, follow, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { useAccountsConsole } from './factories/accounts-console.ts';

describe.each(TEST_DIALECTS)('accounts console: lifecycle actions on %s', (dialect) => {
  const c = useAccountsConsole(dialect);

  it('revokes an officer at once: the next proxied request goes back to the portal', async () => {
    const officer = new Browser();
    const landed = await follow(
      officer,
      await signIn(officer, c.t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${c.t.bowebOrigin}/dealers`),
    );
    expect(landed.status).toBe(200);
    expect((await officer.fetch(`${c.t.bowebOrigin}/dealers`)).status).toBe(200);
    const id = await c.accountIdOf('officer1');
    await c
      .db()
      .transaction()
      .execute((trx) => issueAccountToken(trx, { accountId: id, purpose: 'reset', now: c.t.clock.now() }));

    const confirm = await c.hq.fetch(c.url(`/console/accounts/${id}/revoke`));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('name="reason"');
    const reply = await c.hq.fetch(c.url(`/console/accounts/${id}/revoke`), {
      form: { _csrf: csrfFrom(confirm.body), reason: 'Transferred out, order 17/2026', understood: 'yes' },
    });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(c.url(`/console/accounts/${id}?done=revoke`));

    const proxied = await officer.fetch(`${c.t.bowebOrigin}/dealers`);
    expect(proxied.status).toBe(302);
    expect(proxied.location?.startsWith(`${c.t.portalOrigin}/`)).toBe(true);
    expect((await c.accountRow(id)).status).toBe('revoked');
    const sessions = await c
      .db()
      .selectFrom('sessions')
      .select(['ended_at', 'end_reason'])
      .where('account_id', '=', id)
      .execute();
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      expect(s.ended_at).not.toBeNull();
      expect(s.end_reason).toBe('revoked');
    }
    const tokens = await c
      .db()
      .selectFrom('account_tokens')
      .selectAll()
      .where('account_id', '=', id)
      .execute();
    expect(tokens.every((tk) => tk.superseded_at !== null || tk.used_at !== null)).toBe(true);
    const audited = await c.auditTypes('account.revoked');
    expect(audited.at(-1)).toMatchObject({ actor: 'hq.admin', target: 'officer1' });
    expect(JSON.parse(audited.at(-1)?.detail ?? '{}')).toMatchObject({
      reason: 'Transferred out, order 17/2026',
      from: 'active',
      to: 'revoked',
    });
    const page = await c.hq.fetch(reply.location ?? '');
    expect(page.body).toContain('The account has been revoked');
    expect(page.body).toContain('ended by an administrator');
    // The officer cannot sign in again.
    expect(
      (
        await attemptLogin(c.loginDeps(), {
          userId: 'officer1',
          password: 'Officer@Dwaar1',
          ip: '192.0.2.50',
        })
      ).kind,
    ).toBe('not_active');
  });

  it('refuses a revocation without a reason, without the confirmation box, or without CSRF, changing nothing', async () => {
    const { id } = await c.addOfficerAccount('lucknow', 'active');
    const before = await c.accountRow(id);
    const revocations = (await c.auditTypes('account.revoked')).length;

    const noReason = await c.act(c.hq, id, 'revoke', { reason: '  ', understood: 'yes' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toContain('id="error-summary"');
    expect(noReason.body).toContain('Enter the reason for this action.');
    const short = await c.act(c.hq, id, 'revoke', { reason: 'bad', understood: 'yes' });
    expect(short.status).toBe(400);
    const unticked = await c.act(c.hq, id, 'revoke', { reason: 'Left the department' });
    expect(unticked.status).toBe(400);
    expect(unticked.body).toContain('Tick the box');
    expect(unticked.body).toContain('Left the department');
    const forged = await c.hq.fetch(c.url(`/console/accounts/${id}/revoke`), {
      form: { _csrf: 'forged', reason: 'Left the department', understood: 'yes' },
    });
    expect(forged.status).toBe(403);

    expect(await c.accountRow(id)).toEqual(before);
    expect((await c.auditTypes('account.revoked')).length).toBe(revocations);
  });

  it('keeps a zonal head to the zone: an Agra officer is out of reach (403, audited), a Lucknow officer can be unlocked', async () => {
    const agra = await c.addOfficerAccount('agra', 'locked');
    const denials = (await c.auditTypes('console.access_denied')).length;
    expect((await c.zonal.fetch(c.url(`/console/accounts/${agra.id}`))).status).toBe(403);
    expect((await c.zonal.fetch(c.url(`/console/accounts/${agra.id}/unlock`))).status).toBe(403);
    const post = await c.act(c.zonal, agra.id, 'unlock');
    expect(post.status).toBe(403);
    expect((await c.accountRow(agra.id)).status).toBe('locked');
    const denied = await c.auditTypes('console.access_denied');
    expect(denied.length).toBe(denials + 3);
    expect(denied.at(-1)).toMatchObject({ actor: 'zonal.lucknow' });
    const list = await c.zonal.fetch(c.url('/console/accounts?zone=agra'));
    expect(list.body).not.toContain(agra.userId);

    // Lock a Lucknow officer the real way, then unlock from the console.
    const local = await c.addOfficerAccount('lucknow', 'active', 'Local@Dwaar1');
    const ip = '203.0.113.77';
    for (let i = 0; i < 5; i++)
      await attemptLogin(c.loginDeps(), { userId: local.userId, password: 'wrong', ip });
    expect((await c.accountRow(local.id)).status).toBe('locked');
    expect(
      (await attemptLogin(c.loginDeps(), { userId: local.userId, password: 'Local@Dwaar1', ip })).kind,
    ).toBe('locked');
    const detail = await c.zonal.fetch(c.url(`/console/accounts/${local.id}`));
    expect(detail.status).toBe(200);
    expect(detail.body).toContain(`/console/accounts/${local.id}/unlock`);
    expect(detail.body).not.toContain(`/console/accounts/${local.id}/revoke`);
    const unlocked = await c.act(c.zonal, local.id, 'unlock');
    expect(unlocked.status).toBe(303);
    expect(await c.accountRow(local.id)).toMatchObject({
      status: 'active',
      failed_logins: 0,
      locked_until: null,
    });
    expect((await c.auditTypes('account.unlocked')).at(-1)).toMatchObject({
      actor: 'zonal.lucknow',
      target: local.userId,
    });
    expect(
      (await attemptLogin(c.loginDeps(), { userId: local.userId, password: 'Local@Dwaar1', ip })).kind,
    ).toBe('ok');
  });

  it('gives a zonal head no lifecycle power (403, audited)', async () => {
    const { id } = await c.addOfficerAccount('lucknow', 'active');
    expect((await c.zonal.fetch(c.url(`/console/accounts/${id}/revoke`))).status).toBe(403);
    const reply = await c.act(c.zonal, id, 'suspend', { reason: 'Not allowed to do this' });
    expect(reply.status).toBe(403);
    expect((await c.accountRow(id)).status).toBe('active');
  });

  it('shows a system integrator the Lucknow district only, and no staff accounts', async () => {
    const hardoi = await c.addOfficerAccount('hardoi', 'active');
    const local = await c.addOfficerAccount('lucknow', 'active');
    const list = await c.si.fetch(c.url('/console/accounts'));
    expect(list.status).toBe(200);
    expect(list.body).toContain(`>${local.userId}<`);
    expect(list.body).not.toContain(hardoi.userId);
    expect(list.body).not.toContain('>officer2<');
    expect(list.body).not.toContain('>hq.admin<');
    expect(list.body).not.toContain('name="zone"');
    const filtered = await c.si.fetch(c.url('/console/accounts?district=hardoi'));
    expect(filtered.body).not.toContain(hardoi.userId);
    expect((await c.si.fetch(c.url(`/console/accounts/${hardoi.id}`))).status).toBe(403);
    const staffId = await c.accountIdOf('hq.admin');
    expect((await c.si.fetch(c.url(`/console/accounts/${staffId}`))).status).toBe(403);
    expect((await c.zonal.fetch(c.url(`/console/accounts/${staffId}`))).status).toBe(403);
    expect((await c.hq.fetch(c.url(`/console/accounts/${staffId}`))).status).toBe(200);
  });

  it('suspends and resumes: suspension ends live sessions and refuses sign-in', async () => {
    const officer = await c.addOfficerAccount('lucknow', 'active', 'Suspend@Dwaar1');
    const portal = new Browser();
    const login = await signIn(portal, c.t.portalOrigin, officer.userId, 'Suspend@Dwaar1');
    expect(login.status).toBe(303);
    expect((await portal.fetch(c.url('/webtop'))).status).toBe(200);

    expect((await c.act(c.hq, officer.id, 'suspend', { reason: 'Under inquiry, letter 44' })).status).toBe(
      303,
    );
    expect((await c.accountRow(officer.id)).status).toBe('suspended');
    expect((await portal.fetch(c.url('/webtop'))).status).not.toBe(200);
    const live = await c
      .db()
      .selectFrom('sessions')
      .select('id')
      .where('account_id', '=', officer.id)
      .where('ended_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    const ip = '198.51.100.20';
    expect(
      (await attemptLogin(c.loginDeps(), { userId: officer.userId, password: 'Suspend@Dwaar1', ip })).kind,
    ).toBe('not_active');

    expect((await c.act(c.hq, officer.id, 'suspend', { reason: 'Twice over again' })).status).toBe(409);
    expect((await c.act(c.hq, officer.id, 'resume')).status).toBe(303);
    expect((await c.accountRow(officer.id)).status).toBe('active');
    expect(
      (await attemptLogin(c.loginDeps(), { userId: officer.userId, password: 'Suspend@Dwaar1', ip })).kind,
    ).toBe('ok');
    expect((await c.auditTypes('account.suspended')).at(-1)).toMatchObject({ target: officer.userId });
    expect((await c.auditTypes('account.resumed')).at(-1)).toMatchObject({ target: officer.userId });
  });

  it('refuses to resume a revoked account, with a clear message', async () => {
    const { id } = await c.addOfficerAccount('lucknow', 'active');
    expect((await c.act(c.hq, id, 'revoke', { reason: 'Retired on 30 Nov', understood: 'yes' })).status).toBe(
      303,
    );
    const confirm = await c.hq.fetch(c.url(`/console/accounts/${id}/resume`));
    expect(confirm.status).toBe(409);
    expect(confirm.body).toContain('Only a suspended account can be resumed. This account is: Revoked.');
    expect(confirm.body).not.toContain('name="reason"');
    const post = await c.act(c.hq, id, 'resume', { reason: 'Please bring back' });
    expect(post.status).toBe(409);
    expect(post.body).toContain('id="error-summary"');
    expect((await c.accountRow(id)).status).toBe('revoked');
    const detail = await c.hq.fetch(c.url(`/console/accounts/${id}`));
    expect(detail.body).toContain('There is nothing you can change on this account');
  });
});
