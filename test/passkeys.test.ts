import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { consoleSignIn } from './factories/staff.ts';
import { Browser, csrfFrom } from './http-client.ts';
import { attest, newSoftPasskey } from './passkeys-authenticator.ts';
import { auditOf, enrol, officerWithTotp, options, rp, signedIn } from './passkeys-fixtures.ts';
import { TEST_DIALECTS } from './test-env.ts';

describe.each(TEST_DIALECTS)('passkeys: enrol, list, rename, remove, reset on %s', (dialect) => {
  let t: TestApp;
  let n = 60;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  beforeAll(async () => {
    t = await createTestApp({ dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  it('enrols a passkey on the security page and lists it, audited', async () => {
    const officer = await officerWithTotp(t, n++);
    const b = await signedIn(t, officer);
    const empty = await b.fetch(url('/account/security'));
    expect(empty.status).toBe(200);
    expect(empty.body).toContain('You have no passkey yet.');
    const key = await enrol(t, b, 'Blue USB key');
    const listed = await b.fetch(url('/account/security?done=enrolled'));
    expect(listed.body).toContain('Blue USB key');
    expect(listed.body).toContain('Not used yet');
    const row = await t.deps.store.db
      .selectFrom('webauthn_credentials')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(row.account_id).toBe(officer.id);
    const [audit] = await auditOf(t, 'passkey.enrolled');
    expect(audit?.actor).toBe(officer.userId);
    const hindi = await b.fetch(url('/lang?to=hi&back=/account/security'));
    expect(hindi.status).toBeLessThan(400);
    expect((await b.fetch(url('/account/security'))).body).toContain('पासकी');
  });

  it('refuses a replayed, forged or cross-session registration answer', async () => {
    const officer = await officerWithTotp(t, n++);
    const b = await signedIn(t, officer);
    const page = await b.fetch(url('/account/security'));
    const o = await options(b, url('/account/security/passkeys/options'), page.body);
    const key = newSoftPasskey();
    // Forged: signed over a challenge the server never issued. The real challenge is spent by the try.
    const forged = JSON.stringify(attest(key, { challenge: 'A'.repeat(43), ...rp(t) }));
    const post = (response: string) =>
      b.fetch(url('/account/security/passkeys'), {
        form: { _csrf: csrfFrom(page.body), name: 'Key', response },
      });
    expect((await post(forged)).status).toBe(422);
    const genuine = JSON.stringify(attest(key, { challenge: o.challenge ?? '', ...rp(t) }));
    expect((await post(genuine)).status).toBe(422);
    // A fresh challenge works once; the same answer again finds no challenge.
    const again = await options(b, url('/account/security/passkeys/options'), page.body);
    const fresh = JSON.stringify(attest(key, { challenge: again.challenge ?? '', ...rp(t) }));
    expect((await post(fresh)).status).toBe(303);
    expect((await post(fresh)).status).toBe(422);
    // Another signed-in person cannot finish this person's ceremony with their own session.
    const other = await signedIn(t, await officerWithTotp(t, n++));
    const otherPage = await other.fetch(url('/account/security'));
    const mine = await options(b, url('/account/security/passkeys/options'), page.body);
    const stolen = JSON.stringify(attest(newSoftPasskey(), { challenge: mine.challenge ?? '', ...rp(t) }));
    const cross = await other.fetch(url('/account/security/passkeys'), {
      form: { _csrf: csrfFrom(otherPage.body), name: 'Key', response: stolen },
    });
    expect(cross.status).toBe(422);
  });

  it('refuses options and enrolment without the session or its CSRF token', async () => {
    const officer = await officerWithTotp(t, n++);
    const b = await signedIn(t, officer);
    const noToken = await b.fetch(url('/account/security/passkeys/options'), { form: { x: '1' } });
    expect(noToken.status).toBe(403);
    const page = await b.fetch(url('/account/security'));
    const stranger = await signedIn(t, await officerWithTotp(t, n++));
    const wrongSession = await stranger.fetch(url('/account/security/passkeys/options'), {
      form: { _csrf: csrfFrom(page.body) },
    });
    expect(wrongSession.status).toBe(403);
    const anonymous = await new Browser().fetch(url('/account/security'));
    expect(anonymous.status).toBe(303);
  });

  it('renames and removes only the person’s own passkeys; another’s is 404 and audited', async () => {
    const owner = await officerWithTotp(t, n++);
    const ob = await signedIn(t, owner);
    const key = await enrol(t, ob);
    const intruder = await officerWithTotp(t, n++);
    const ib = await signedIn(t, intruder);
    const ipage = await ib.fetch(url('/account/security'));
    const rename = await ib.fetch(url('/account/security/passkeys/rename'), {
      form: { _csrf: csrfFrom(ipage.body), id: key.id, name: 'Mine now' },
    });
    expect(rename.status).toBe(404);
    const remove = await ib.fetch(url('/account/security/passkeys/remove'), {
      form: { _csrf: csrfFrom(ipage.body), id: key.id },
    });
    expect(remove.status).toBe(404);
    const refused = (await auditOf(t, 'passkey.refused')).filter((e) => e.actor === intruder.userId);
    expect(refused.map((e) => (JSON.parse(e.detail) as { action: string }).action).sort()).toEqual([
      'remove',
      'rename',
    ]);
    expect(
      await t.deps.store.db
        .selectFrom('webauthn_credentials')
        .select('name')
        .where('id', '=', key.id)
        .executeTakeFirst(),
    ).toEqual({ name: 'Office laptop' });

    const opage = await ob.fetch(url('/account/security'));
    const bad = await ob.fetch(url('/account/security/passkeys/rename'), {
      form: { _csrf: csrfFrom(opage.body), id: key.id, name: '   ' },
    });
    expect(bad.status).toBe(422);
    const renamed = await ob.fetch(url('/account/security/passkeys/rename'), {
      form: { _csrf: csrfFrom(opage.body), id: key.id, name: 'Home laptop' },
    });
    expect(renamed.status).toBe(303);
    expect((await ob.fetch(url('/account/security'))).body).toContain('Home laptop');
    expect((await auditOf(t, 'passkey.renamed'))[0]?.actor).toBe(owner.userId);
    const removed = await ob.fetch(url('/account/security/passkeys/remove'), {
      form: { _csrf: csrfFrom(opage.body), id: key.id },
    });
    expect(removed.status).toBe(303);
    expect((await auditOf(t, 'passkey.removed'))[0]?.actor).toBe(owner.userId);
    const left = await t.deps.store.db
      .selectFrom('webauthn_credentials')
      .select('id')
      .where('account_id', '=', owner.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('lets an administrator remove all passkeys with a reason, audited and mailed; no reason is 422', async () => {
    const officer = await officerWithTotp(t, n++);
    const b = await signedIn(t, officer);
    await enrol(t, b, 'One');
    await enrol(t, b, 'Two');
    const admin = await consoleSignIn(t, 'hq.admin');
    const page = await admin.fetch(url(`/console/accounts/${officer.id}/passkeys`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('One');
    const detail = await admin.fetch(url(`/console/accounts/${officer.id}`));
    expect(detail.body).toContain(`/console/accounts/${officer.id}/passkeys`);
    const noReason = await admin.fetch(url(`/console/accounts/${officer.id}/passkeys/reset`), {
      form: { _csrf: csrfFrom(page.body), reason: '  ' },
    });
    expect(noReason.status).toBe(422);
    expect(await auditOf(t, 'passkey.reset')).toEqual([]);
    const reset = await admin.fetch(url(`/console/accounts/${officer.id}/passkeys/reset`), {
      form: { _csrf: csrfFrom(page.body), reason: 'Laptop reported stolen' },
    });
    expect(reset.status).toBe(303);
    const [audit] = await auditOf(t, 'passkey.reset');
    expect(audit?.actor).toBe('hq.admin');
    expect(audit?.target).toBe(officer.userId);
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ reason: 'Laptop reported stolen', removed: 2 });
    const mail = await t.deps.store.db
      .selectFrom('mail_outbox')
      .select(['kind', 'to_address'])
      .where('account_id', '=', officer.id)
      .where('kind', '=', 'passkey_reset')
      .execute();
    expect(mail).toEqual([{ kind: 'passkey_reset', to_address: `${officer.userId}@example.gov.in` }]);
    const left = await t.deps.store.db
      .selectFrom('webauthn_credentials')
      .select('id')
      .where('account_id', '=', officer.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('refuses the reset to staff without account.lifecycle', async () => {
    const officer = await officerWithTotp(t, n++);
    const auditor = await consoleSignIn(t, 'auditor');
    const reply = await auditor.fetch(url(`/console/accounts/${officer.id}/passkeys`));
    expect(reply.status).toBe(403);
  });

  it('gives staff their own security page in the console', async () => {
    const admin = await consoleSignIn(t, 'hq.approver');
    const page = await admin.fetch(url('/console/security'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('/console/security/passkeys/options');
    const o = await options(admin, url('/console/security/passkeys/options'), page.body);
    expect(o.status).toBe(200);
  });
});
