import { describe, expect, it } from 'vitest';
import { sendAccountLink } from '../src/accounts/account-links.ts';
import { Browser, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { useAccountsConsole } from './factories/accounts-console.ts';
import { insertAccount, insertOfficer } from './factories/accounts.ts';

describe.each(TEST_DIALECTS)('accounts console: links, lists and refusals on %s', (dialect) => {
  const c = useAccountsConsole(dialect);

  it('re-sends an activation link, superseding the previous one, and shows link states but never tokens', async () => {
    const pending = await c.addOfficerAccount('lucknow', 'pending_activation');
    const send = () =>
      c
        .db()
        .transaction()
        .execute((trx) =>
          sendAccountLink(trx, c.t.deps, {
            accountId: pending.id,
            purpose: 'activation',
            actor: 'hq.admin',
          }),
        );
    expect(await send()).toBe(true);
    expect(await send()).toBe(true);
    const tokens = () =>
      c
        .db()
        .selectFrom('account_tokens')
        .selectAll()
        .where('account_id', '=', pending.id)
        .orderBy('id')
        .execute();
    const [first, second] = await tokens();
    expect(first?.superseded_at).not.toBeNull();
    expect(second?.superseded_at).toBeNull();

    const reply = await c.act(c.zonal, pending.id, 'resend');
    expect(reply.status).toBe(303);
    const after = await tokens();
    expect(after).toHaveLength(3);
    expect(after[1]?.superseded_at).not.toBeNull();
    expect(after[2]?.superseded_at).toBeNull();
    const mails = await c
      .db()
      .selectFrom('mail_outbox')
      .select('kind')
      .where('account_id', '=', pending.id)
      .execute();
    expect(mails.map((m) => m.kind)).toEqual(['activation', 'activation', 'activation']);
    expect((await c.auditTypes('account.activation_sent')).at(-1)).toMatchObject({
      actor: 'zonal.lucknow',
      target: pending.userId,
    });

    const detail = await c.zonal.fetch(c.url(`/console/accounts/${pending.id}`));
    expect(detail.body).toContain('Replaced by a newer link');
    expect(detail.body).toContain('Not used yet');
    expect(detail.body).toContain('Waiting to be sent');
    for (const tk of after) expect(detail.body).not.toContain(tk.token_hash);

    const active = await c.addOfficerAccount('lucknow', 'active');
    const refused = await c.act(c.zonal, active.id, 'resend');
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('pending activation');
  });

  it('sends a reset link (HQ, with a reason) without touching the password', async () => {
    const officer = await c.addOfficerAccount('lucknow', 'active', 'Reset@Dwaar1');
    const hashBefore = await c
      .db()
      .selectFrom('accounts')
      .select('password_hash')
      .where('id', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect((await c.act(c.hq, officer.id, 'reset')).status).toBe(400);
    expect(
      (await c.db().selectFrom('account_tokens').select('id').where('account_id', '=', officer.id).execute())
        .length,
    ).toBe(0);
    expect(
      (await c.act(c.hq, officer.id, 'reset', { reason: 'Officer forgot password, call 12' })).status,
    ).toBe(303);
    const token = await c
      .db()
      .selectFrom('account_tokens')
      .selectAll()
      .where('account_id', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect(token.purpose).toBe('reset');
    const hashAfter = await c
      .db()
      .selectFrom('accounts')
      .select('password_hash')
      .where('id', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect(hashAfter).toEqual(hashBefore);
    const audited = (await c.auditTypes('account.reset_sent')).at(-1);
    expect(audited).toMatchObject({ actor: 'hq.admin', target: officer.userId });
    expect(JSON.parse(audited?.detail ?? '{}')).toMatchObject({ reason: 'Officer forgot password, call 12' });

    const detail = await c.hq.fetch(c.url(`/console/accounts/${officer.id}`));
    expect(detail.body).not.toContain(hashAfter.password_hash ?? 'never');
    expect(detail.body).not.toContain('$argon2');
  });

  it("sends a staff account's reset link only to the staff member's own address (issue 7 item 11)", async () => {
    // A zonal head whose account is linked to a directory officer record: that record's e-mail is set by
    // whoever imported it, so it must never receive the staff member's reset link.
    const now = c.t.clock.now();
    const officer = await insertOfficer(c.db(), now, {
      district_id: 'lucknow',
      email: 'someone.else@ctd.up.example',
    });
    const id = await insertAccount(c.db(), now, {
      user_id: 'zonal.linked',
      role: 'zonal_head',
      scope_zone_id: 'lucknow',
      officer_id: officer.id,
      password_hash: await c.t.deps.passwords.hash('Linked@Dwaar1'),
      email: 'zonal.linked@ctd.up.example',
    });
    const reply = await c.act(c.hq, id, 'reset', { reason: 'Forgot the password, call 14' });
    expect(reply.status).toBe(303);
    const mails = await c
      .db()
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('account_id', '=', id)
      .execute();
    expect(mails.map((m) => m.to_address)).toEqual(['zonal.linked@ctd.up.example']);

    // Without an address of its own, a staff account gets no link at all (and no fallback).
    await c.db().updateTable('accounts').set({ email: null }).where('id', '=', id).execute();
    const none = await c.act(c.hq, id, 'reset', { reason: 'Forgot the password, call 15' });
    expect(none.status).toBe(409);
    const after = await c
      .db()
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('account_id', '=', id)
      .execute();
    expect(after).toHaveLength(1);
  });

  it('lists with filters, search and pages of 50', async () => {
    for (let i = 0; i < 52; i++) await c.addOfficerAccount('kanpur-nagar', 'expired');
    const first = await c.hq.fetch(c.url('/console/accounts?status=expired&district=kanpur-nagar'));
    expect(first.status).toBe(200);
    expect(first.body).toContain('Accounts found: 52');
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body.match(/<tr>/g)?.length).toBe(51);
    expect(first.body).toContain('scope="col"');
    const second = await c.hq.fetch(c.url('/console/accounts?status=expired&district=kanpur-nagar&page=2'));
    expect(second.body).toContain('Page 2 of 2');
    expect(second.body.match(/<tr>/g)?.length).toBe(3);

    const search = await c.hq.fetch(c.url('/console/accounts?q=OFFICER2'));
    expect(search.body).toContain('>officer2<');
    expect(search.body).toContain('Accounts found: 1');
    const named = await c.addOfficerAccount('lucknow', 'active');
    const hindi = await c.hq.fetch(c.url(`/console/accounts?q=${encodeURIComponent(named.nameHi)}`));
    expect(hindi.body).toContain(`${named.userId}<`);
    const wildcard = await c.hq.fetch(c.url('/console/accounts?q=%25'));
    expect(wildcard.body).toContain('Accounts found: 0');

    expect((await c.hq.fetch(c.url('/console/accounts?status=deleted'))).status).toBe(400);
    expect((await c.hq.fetch(c.url('/console/accounts?zone=%3Cscript%3E'))).status).toBe(400);
    expect((await c.hq.fetch(c.url('/console/accounts?page=-1'))).status).toBe(400);
  });

  it('says so when an activation link has nowhere to go, changing nothing', async () => {
    await c.addStaff('jc.nomail', 'Joint@Dwaar9', 'joint_commissioner', 'lucknow', null);
    const id = await c.accountIdOf('jc.nomail');
    await c
      .db()
      .updateTable('accounts')
      .set({ status: 'pending_activation', email: null })
      .where('id', '=', id)
      .execute();
    const reply = await c.act(c.hq, id, 'resend');
    expect(reply.status).toBe(409);
    expect(reply.body).toContain('no registered e-mail address');
    const tokens = await c
      .db()
      .selectFrom('account_tokens')
      .select('id')
      .where('account_id', '=', id)
      .execute();
    expect(tokens).toEqual([]);
  });

  it('refuses to act on your own account', async () => {
    const own = await c.accountIdOf('hq.admin');
    const reply = await c.act(c.hq, own, 'suspend', { reason: 'Testing myself' });
    expect(reply.status).toBe(409);
    expect(reply.body).toContain('You cannot change your own account here.');
    expect((await c.accountRow(own)).status).toBe('active');
  });

  it('answers 404 for unknown accounts and actions', async () => {
    expect((await c.hq.fetch(c.url('/console/accounts/999999'))).status).toBe(404);
    expect((await c.hq.fetch(c.url('/console/accounts/abc'))).status).toBe(404);
    expect((await c.hq.fetch(c.url('/console/accounts/1/delete'))).status).toBe(404);
    expect((await c.act(c.hq, 999999, 'unlock')).status).toBe(404);
  });

  it('refuses officers and visitors', async () => {
    const officer = new Browser();
    await signIn(officer, c.t.portalOrigin, 'officer2', 'Officer@Dwaar2');
    expect((await officer.fetch(c.url('/console/accounts'))).status).toBe(403);
    expect((await officer.fetch(c.url('/console/accounts/1'))).status).toBe(403);
    const visitor = await new Browser().fetch(c.url('/console/accounts'));
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe(c.url('/console/login'));
  });
});
