import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom } from './http-client.ts';
import { askCode, helpCodeMails, typeCode } from './self-help-support.ts';
import { TEST_DIALECTS } from './test-env.ts';

/** Issue 11: an officer who cannot sign in is identified by a code mailed to the registered address. */
describe.each(TEST_DIALECTS)('help identification by mailed code on %s', (dialect) => {
  let t: TestApp;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await t.deps.store.db
      .updateTable('accounts')
      .set({ email: 'officer1@ctd.up.example' })
      .where('user_id', '=', 'officer1')
      .execute();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    for (const k of ['officer1', 'nobody.here', 'officer2'])
      await Promise.all([t.deps.kv.del(`help-code-rate:id:${k}`), t.deps.kv.del(`help-code:${k}`)]);
    await t.deps.kv.del('help-code-rate:ip:127.0.0.1');
  });

  const auditTypes = async (actor: string) =>
    (
      await t.deps.store.db
        .selectFrom('audit_events')
        .select('type')
        .where('actor', '=', actor)
        .where('type', 'like', 'help.%')
        .orderBy('seq')
        .execute()
    ).map((r) => r.type);

  it('mails a 6-digit code, keeps only its HMAC, and the right code opens a help session cookie', async () => {
    const b = new Browser();
    const before = (await helpCodeMails(t)).length;
    const page = await askCode(t, b, 'Officer1');
    expect(page.status).toBe(200);
    expect(page.body).toContain('a code has been sent to the registered address');
    const mails = await helpCodeMails(t);
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1);
    expect(mail?.to).toBe('officer1@ctd.up.example');
    expect(mail?.code).toMatch(/^\d{6}$/);
    expect(mail?.text).toContain('सहायता पृष्ठ');
    // The kv holds no code in the clear.
    const stored = await t.deps.kv.get('help-code:officer1');
    expect(stored).toBeDefined();
    expect(stored).not.toContain(mail?.code ?? 'x');

    const done = await typeCode(t, b, page, 'officer1', mail?.code ?? '');
    expect(done.status).toBe(303);
    expect(done.location).toBe(url('/help/diagnose'));
    const setCookie = ([] as string[])
      .concat(done.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('help='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const diagnose = await b.fetch(url('/help/diagnose'));
    expect(diagnose.status).toBe(200);
    expect(diagnose.body).toContain('What we found for officer1');
    expect(await auditTypes('officer1')).toEqual(
      expect.arrayContaining(['help.code_sent', 'help.signed_in']),
    );
  });

  it('answers an unknown user ID with the same page and mails nothing (no enumeration)', async () => {
    const before = (await helpCodeMails(t)).length;
    const known = await askCode(t, new Browser(), 'officer1');
    const unknown = await askCode(t, new Browser(), 'nobody.here');
    // An officer with no address at all (none on the account, no directory entry): also the same answer.
    await t.deps.store.db
      .updateTable('accounts')
      .set({ officer_id: null, email: null })
      .where('user_id', '=', 'officer2')
      .execute();
    const noAddress = await askCode(t, new Browser(), 'officer2');
    const strip = (body: string, id: string) =>
      body.replace(/name="_csrf" value="[^"]+"/g, '').replaceAll(id, 'ID');
    expect(unknown.status).toBe(known.status);
    expect(strip(unknown.body, 'nobody.here')).toBe(strip(known.body, 'officer1'));
    expect(strip(noAddress.body, 'officer2')).toBe(strip(known.body, 'officer1'));
    expect(await helpCodeMails(t)).toHaveLength(before + 1);
  });

  it('refuses a replayed code', async () => {
    const b = new Browser();
    const page = await askCode(t, b, 'officer1');
    const code = (await helpCodeMails(t)).at(-1)?.code ?? '';
    expect((await typeCode(t, b, page, 'officer1', code)).status).toBe(303);
    const other = new Browser();
    const page2 = await other.fetch(url('/help/identify'));
    const replay = await other.fetch(url('/help/code'), {
      form: { _csrf: csrfFrom(page2.body), userId: 'officer1', code, next: 'diagnose' },
    });
    expect(replay.status).toBe(422);
    expect(replay.body).toContain('That code is wrong, has expired or was already used');
    expect(other.cookie('localhost', 'help')).toBeUndefined();
  });

  it('refuses an expired code (after 10 minutes)', async () => {
    const b = new Browser();
    const page = await askCode(t, b, 'officer1');
    const code = (await helpCodeMails(t)).at(-1)?.code ?? '';
    t.clock.advance(10 * 60_000 + 1);
    // The form's own token ran out with its flow too: a fresh page, the old code.
    const fresh = await b.fetch(url('/help/identify'));
    expect(page.status).toBe(200);
    const late = await typeCode(t, b, fresh, 'officer1', code);
    expect(late.status).toBe(422);
    expect(b.cookie('localhost', 'help')).toBeUndefined();
  });

  it('locks the code after five wrong tries: even the right code then fails', async () => {
    const b = new Browser();
    const page = await askCode(t, b, 'officer1');
    const code = (await helpCodeMails(t)).at(-1)?.code ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await typeCode(t, b, page, 'officer1', wrong)).status).toBe(422);
    const right = await typeCode(t, b, page, 'officer1', code);
    expect(right.status).toBe(422);
    expect(b.cookie('localhost', 'help')).toBeUndefined();
    const failed = await t.deps.store.db
      .selectFrom('audit_events')
      .select('detail')
      .where('type', '=', 'help.code_failed')
      .where('actor', '=', 'officer1')
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    expect(failed?.detail).toMatch(/"why":"(none|tries)"/);
  });

  it('sends at most 3 codes per user ID an hour, answering the same', async () => {
    const before = (await helpCodeMails(t)).length;
    for (let i = 0; i < 5; i++) {
      const page = await askCode(t, new Browser(), 'officer1');
      expect(page.body).toContain('a code has been sent to the registered address');
    }
    expect(await helpCodeMails(t)).toHaveLength(before + 3);
  });

  it('refuses a code post without the CSRF token, and a forged help cookie identifies nobody', async () => {
    const b = new Browser();
    await b.fetch(url('/help/identify'));
    const post = await b.fetch(url('/help/code'), {
      form: { userId: 'officer1', code: '123456', next: 'diagnose' },
    });
    expect(post.status).toBe(403);
    const forged = new Browser();
    forged.setCookie('localhost', 'help', `help:1:${Date.now() + 3600_000}`);
    const page = await forged.fetch(url('/help/diagnose'));
    expect(page.status).toBe(303);
    expect(page.location).toBe(url('/help/identify?next=diagnose'));
  });

  it('shows the SI of a chosen district, falling back to the helpdesk phone; step pages link to help', async () => {
    const now = t.clock.now();
    await t.deps.store.db
      .deleteFrom('support_locations')
      .where('district_id', 'in', ['lucknow', 'hardoi'])
      .execute();
    await t.deps.store.db
      .insertInto('support_locations')
      .values({
        district_id: 'lucknow',
        si_name: 'Ravi Kumar',
        si_phone: '0522-400100',
        si_email: null,
        hours_en: 'Mon–Sat 10:00–18:00',
        hours_hi: 'सोम–शनि 10:00–18:00',
        updated_at: now,
        updated_by: 'hq.admin',
      })
      .execute();
    const b = new Browser();
    const page = await b.fetch(url('/help?district=lucknow&from=login'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Ravi Kumar');
    expect(page.body).toContain('0522-400100');
    expect(page.body).toContain('href="/login"');
    const other = await b.fetch(url('/help?district=hardoi'));
    expect(other.body).toContain('No system integrator is listed for');
    expect(other.body).toContain(t.deps.config.helpdeskPhone);
    const landing = await b.fetch(url('/'));
    expect(landing.body).toContain('href="/help?from=landing"');
    const inspect = await b.fetch(url('/inspect'));
    expect(inspect.body).toContain('href="/help?from=inspect"');
  });
});
