import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY_PATH } from '../src/config.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { consoleSignIn, nextCode } from './factories/staff.ts';
import { Browser, csrfFrom } from './http-client.ts';
import { assertWith, attest, newSoftPasskey } from './passkeys-authenticator.ts';
import {
  auditOf,
  enrol,
  officerWithTotp,
  options,
  passkeyStep,
  passwordOnly,
  rp,
  signedIn,
} from './passkeys-fixtures.ts';
import { TEST_DIALECTS } from './test-env.ts';

describe.each(TEST_DIALECTS)('passkeys as the second factor on %s', (dialect) => {
  let t: TestApp;
  let n = 40;
  const url = (path: string) => `${t.portalOrigin}${path}`;
  const failures = async (userId: string) =>
    (await auditOf(t, 'login.passkey_failed'))
      .filter((e) => e.actor === userId)
      .map((e) => (JSON.parse(e.detail) as { why: string }).why);

  beforeAll(async () => {
    t = await createTestApp({ dialect, env: { DWAAR_LOCKOUT_SECONDS: '60' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('offers no passkey to an account without one', async () => {
    const officer = await officerWithTotp(t, n++);
    const b = new Browser();
    const otp = await passwordOnly(t, b, officer);
    expect(otp.body).toContain('data-passkey="get"');
    expect(otp.body).toMatch(/class="passkey-signin"[^>]*hidden/);
    expect((await options(b, url('/login/passkey/options'), otp.body)).status).toBe(404);
  });

  it('signs in with the password and a passkey, and records the use', async () => {
    const officer = await officerWithTotp(t, n++);
    const key = await enrol(t, await signedIn(t, officer));
    const b = new Browser();
    const otp = await passwordOnly(t, b, officer);
    const done = await passkeyStep(t, b, otp.body, key);
    expect(done.status).toBe(303);
    expect(done.location).toBe(url('/webtop'));
    const row = await t.deps.store.db
      .selectFrom('webauthn_credentials')
      .select(['counter', 'last_used_at'])
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(row.counter).toBe(1);
    expect(row.last_used_at).not.toBeNull();
    const session = await t.deps.store.db
      .selectFrom('sessions')
      .select('mfa_method')
      .where('account_id', '=', officer.id)
      .execute();
    expect(session.map((s) => s.mfa_method).sort()).toEqual(['passkey', 'totp']);
  });

  it('refuses a replayed assertion, a missing challenge, an old counter and another’s credential', async () => {
    const officer = await officerWithTotp(t, n++);
    const key = await enrol(t, await signedIn(t, officer));
    const other = await officerWithTotp(t, n++);
    const otherKey = await enrol(t, await signedIn(t, other));
    const post = (b: Browser, page: string, response: string) =>
      b.fetch(url('/login/passkey'), { form: { _csrf: csrfFrom(page), response } });

    // A challenge replaced by a newer one is no longer good.
    const b = new Browser();
    const otp = await passwordOnly(t, b, officer);
    const got = await options(b, url('/login/passkey/options'), otp.body);
    const replaced = await passkeyStep(t, b, otp.body, key, { challenge: got.challenge ?? '' });
    expect([replaced.status, replaced.location]).toEqual([401, undefined]);

    // No options asked for: there is no challenge for this flow.
    const b2 = new Browser();
    const otp2 = await passwordOnly(t, b2, officer);
    expect((await post(b2, otp2.body, JSON.stringify({ id: key.id }))).status).toBe(401);
    // Another account's passkey, with a genuine signature over this flow's challenge.
    const shared = await options(b2, url('/login/passkey/options'), otp2.body);
    const over = { challenge: shared.challenge ?? '', ...rp(t) };
    expect((await post(b2, otp2.body, JSON.stringify(assertWith(otherKey, over)))).status).toBe(401);
    // That try spent the challenge: the right key's answer over it is refused too.
    expect((await post(b2, otp2.body, JSON.stringify(assertWith(key, over)))).status).toBe(401);
    // The real key gets in, once.
    const fresh = await options(b2, url('/login/passkey/options'), otp2.body);
    const answer = JSON.stringify(assertWith(key, { challenge: fresh.challenge ?? '', ...rp(t) }));
    expect((await post(b2, otp2.body, answer)).location).toBe(url('/webtop'));

    // The same answer in a new sign-in: its challenge is spent, the new one differs.
    const b3 = new Browser();
    const otp3 = await passwordOnly(t, b3, officer);
    await options(b3, url('/login/passkey/options'), otp3.body);
    expect((await post(b3, otp3.body, answer)).status).toBe(401);
    // A counter the server already saw (a cloned authenticator).
    expect((await passkeyStep(t, b3, otp3.body, key, { counter: key.counter })).status).toBe(401);
    expect((await failures(officer.userId)).sort()).toEqual(
      ['counter', 'invalid', 'invalid', 'no_challenge', 'no_challenge', 'unknown_credential'].sort(),
    );
  });

  it('counts failed passkeys towards the lockout like wrong codes', async () => {
    const officer = await officerWithTotp(t, n++);
    const key = await enrol(t, await signedIn(t, officer));
    const b = new Browser();
    const otp = await passwordOnly(t, b, officer);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await passkeyStep(t, b, otp.body, key, { challenge: 'forged-challenge' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    expect((await auditOf(t, 'login.locked')).some((e) => e.actor === officer.userId)).toBe(true);
  });

  it('signs staff into the console with a passkey enrolled on the console’s security page', async () => {
    const admin = await consoleSignIn(t, 'hq.approver');
    const page = await admin.fetch(url('/console/security'));
    const got = await options(admin, url('/console/security/passkeys/options'), page.body);
    const key = newSoftPasskey();
    const response = JSON.stringify(attest(key, { challenge: got.challenge ?? '', ...rp(t) }));
    const added = await admin.fetch(url('/console/security/passkeys'), {
      form: { _csrf: csrfFrom(page.body), name: 'HQ key', response },
    });
    expect(added.location).toBe(url('/console/security?done=enrolled'));
    const b = new Browser();
    const login = await b.fetch(url('/console/login'));
    await b.fetch(url('/console/login'), {
      form: { _csrf: csrfFrom(login.body), userId: 'hq.approver', password: 'Admin@Dwaar2' },
    });
    const otp = await b.fetch(url('/console/login/otp'));
    expect(otp.body).toContain('/console/login/passkey/options');
    const o = await options(b, url('/console/login/passkey/options'), otp.body);
    const answer = JSON.stringify(assertWith(key, { challenge: o.challenge ?? '', ...rp(t) }));
    const done = await b.fetch(url('/console/login/passkey'), {
      form: { _csrf: csrfFrom(otp.body), response: answer },
    });
    expect(done.location).toBe(url('/console'));
  });

  it('refuses a passkey post without the flow’s CSRF token', async () => {
    const officer = await officerWithTotp(t, n++);
    const key = await enrol(t, await signedIn(t, officer));
    const b = new Browser();
    const otp = await passwordOnly(t, b, officer);
    const got = await b.fetch(url('/login/passkey/options'), { form: { _csrf: 'forged' } });
    expect(got.status).toBe(403);
    const reply = await b.fetch(url('/login/passkey'), { form: { response: '{}' } });
    expect(reply.status).toBe(403);
    expect(otp.status).toBe(200);
    expect(key.counter).toBe(0);
  });
});

describe('an access profile that requires a passkey', () => {
  let t: TestApp;
  let n = 40;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwaar-passkey-policy-'));
    const file = join(dir, 'policy.yaml');
    const demo = readFileSync(DEMO_POLICY_PATH, 'utf8');
    const required = demo
      .replace(
        /( {2}portal:\n(?: {4}.*\n)*? {4}second_factor: any\n)/,
        '$1    second_factor_by_role: { officer: passkey }\n',
      )
      .replace(
        '    # second_factor_by_role: { hq_admin: passkey }',
        '    second_factor_by_role: { hq_admin: passkey }',
      );
    expect(required).toContain('{ officer: passkey }');
    writeFileSync(file, required);
    t = await createTestApp({ env: { DWAAR_POLICY: file, DWAAR_POLICY_WATCH: '0' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('offers only the passkey, refuses codes (audited), and lets the passkey in', async () => {
    const officer = await officerWithTotp(t, n++);
    // Enrolled while the officer could still use the app (before the rule): set the key directly.
    const b0 = new Browser();
    const otp0 = await passwordOnly(t, b0, officer);
    expect(otp0.body).toContain('A passkey is needed');
    expect(otp0.body).toContain('Ask your system integrator');
    expect(otp0.body).not.toContain('name="code"');
    const code = nextCode(t, officer.userId, officer.secret);
    // The page has no form without a passkey; the flow's token is the login page's.
    const csrf = csrfFrom((await b0.fetch(url('/login'))).body);
    const refused = await b0.fetch(url('/login/otp'), { form: { _csrf: csrf, method: 'totp', code } });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Codes are not accepted');
    const recovery = await b0.fetch(url('/login/otp'), {
      form: { _csrf: csrf, method: 'recovery', code: 'ABCD-EFGH' },
    });
    expect(recovery.status).toBe(403);
    const audits = (await auditOf(t, 'login.passkey_required')).filter((e) => e.actor === officer.userId);
    expect(audits).toHaveLength(2);
    expect(
      await t.deps.store.db
        .selectFrom('sessions')
        .select('id')
        .where('account_id', '=', officer.id)
        .execute(),
    ).toEqual([]);

    // With a passkey (added by their integrator, say), the passkey is offered and lets them in.
    const key = newSoftPasskey();
    await t.deps.store.db
      .insertInto('webauthn_credentials')
      .values({
        id: key.id,
        account_id: officer.id,
        public_key: Buffer.from(key.publicCose).toString('base64url'),
        counter: 0,
        transports: '[]',
        name: 'Key',
        device_type: 'singleDevice',
        backed_up: 0,
        created_at: t.clock.now(),
        last_used_at: null,
      })
      .execute();
    const b = new Browser();
    const otp = await passwordOnly(t, b, officer);
    expect(otp.body).toContain('data-passkey="get"');
    expect(otp.body).not.toMatch(/class="passkey-signin"[^>]*hidden/);
    // Past the second factor: the demo policy's next step asks this new officer for the section-133 clause.
    expect((await passkeyStep(t, b, otp.body, key)).location).toBe(url('/login/acknowledge'));
  });

  it('tells staff without a passkey to ask HQ in the console, and Hindi too', async () => {
    const b = new Browser();
    await t.deps.store.db
      .updateTable('accounts')
      .set({ totp_secret_enc: t.deps.keyring.seal('totp-encryption', 'JBSWY3DPEHPK3PXP') })
      .where('user_id', '=', 'hq.admin')
      .execute();
    const page = await b.fetch(url('/console/login'));
    const login = await b.fetch(url('/console/login'), {
      form: { _csrf: csrfFrom(page.body), userId: 'hq.admin', password: 'Admin@Dwaar1' },
    });
    expect(login.location).toBe(url('/console/login/otp'));
    const otp = await b.fetch(url('/console/login/otp'));
    expect(otp.body).toContain('Ask HQ');
    await b.fetch(url('/lang?to=hi&back=/console/login/otp'));
    expect((await b.fetch(url('/console/login/otp'))).body).toContain('मुख्यालय');
    const key = newSoftPasskey();
    expect(key.counter).toBe(0);
  });
});
