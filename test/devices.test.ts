import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { csrfFrom } from './http-client.ts';
import { ChromeBrowser, signInTrusting } from './sessions-helpers.ts';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';

describe.each(TEST_DIALECTS)('trusted devices and the officer’s sessions (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ dialect });
  });
  afterEach(async () => t.close());

  const db = () => t.deps.store.db;
  const accountId = async (userId: string) =>
    (await db().selectFrom('accounts').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow())
      .id;
  const sessionsOf = async (userId: string) =>
    db()
      .selectFrom('sessions')
      .selectAll()
      .where('account_id', '=', await accountId(userId))
      .orderBy('created_at')
      .execute();
  const audits = (type: string) =>
    db().selectFrom('audit_events').selectAll().where('type', '=', type).execute();

  it('names a trusted device from the browser and makes it the officer’s at the first session', async () => {
    const b = new ChromeBrowser(FIREFOX_WINDOWS);
    const trustedAt = t.clock.now();
    t.clock.advance(1000);
    expect((await signInTrusting(b, t.portalOrigin)).location).toBe(`${t.portalOrigin}/webtop`);
    const [device] = await db().selectFrom('devices').selectAll().execute();
    expect(device).toMatchObject({
      name: 'Firefox on Windows',
      browser: 'Firefox',
      account_id: await accountId('officer1'),
    });
    expect(device?.trusted_at).toBeGreaterThanOrEqual(trustedAt);
    const [session] = await sessionsOf('officer1');
    expect(session?.device_id).toBe(device?.id);

    const page = await b.fetch(`${t.portalOrigin}/account/sessions`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Firefox on Windows');
    expect(page.body).toContain('This session');
    expect(page.body).toContain('127.0.0.1');
    const hi = await b.fetch(`${t.portalOrigin}/account/sessions`, { headers: { 'accept-language': 'hi' } });
    expect(hi.status).toBe(200);
  });

  it('does not take over a device another officer trusted (a shared PC), and records it', async () => {
    const b = new ChromeBrowser();
    await signInTrusting(b, t.portalOrigin);
    const [device] = await db().selectFrom('devices').selectAll().execute();
    // A colleague signs in on the same browser, which still carries the first officer's trust.
    b.jar.get('localhost')?.delete('dwaar_session');
    const second = await signInTrusting(b, t.portalOrigin, 'officer2', 'Officer@Dwaar2', 'skip');
    expect(second.location).toBe(`${t.portalOrigin}/webtop`);
    const [theirs] = await sessionsOf('officer2');
    expect(theirs?.device_id).toBeNull();
    const after = await db()
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', device?.id ?? '')
      .executeTakeFirst();
    expect(after?.account_id).toBe(await accountId('officer1'));
    expect(await audits('device.shared')).toHaveLength(1);
  });

  it('revokes a device from another session: its sessions end and the trust step asks again', async () => {
    const [a, b] = [new ChromeBrowser(), new ChromeBrowser(FIREFOX_WINDOWS)];
    await signInTrusting(a, t.portalOrigin);
    await signInTrusting(b, t.portalOrigin, 'officer1', 'Officer@Dwaar1', 'no');
    const [deviceA] = await db().selectFrom('devices').selectAll().execute();
    const page = await b.fetch(`${t.portalOrigin}/account/sessions`);
    expect(page.body).toContain('Chrome on Linux');
    const revoked = await b.fetch(`${t.portalOrigin}/account/devices/revoke`, {
      form: { _csrf: csrfFrom(page.body), device: deviceA?.id ?? '' },
    });
    expect(revoked.location).toBe(`${t.portalOrigin}/account/sessions?done=revoked`);
    const [sessionA, sessionB] = await sessionsOf('officer1');
    expect(sessionA?.end_reason).toBe('revoked');
    expect(sessionB?.ended_at).toBeNull();
    const row = await db()
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', deviceA?.id ?? '')
      .executeTakeFirst();
    expect(row?.revoked_at).not.toBeNull();
    expect(row?.revoked_by).toBe('officer1');
    expect(await audits('device.revoked')).toHaveLength(1);
    // Browser A, still carrying the device cookie, is asked about trust again, and its session is gone.
    expect((await a.fetch(`${t.portalOrigin}/session/status`)).status).toBe(401);
  });

  it('refuses and audits ending another person’s session or revoking their device', async () => {
    const [mine, theirs] = [new ChromeBrowser(), new ChromeBrowser()];
    await signInTrusting(mine, t.portalOrigin);
    await signInTrusting(theirs, t.portalOrigin, 'officer2', 'Officer@Dwaar2');
    const [other] = await sessionsOf('officer2');
    const otherDevice = other?.device_id ?? '';
    const page = await mine.fetch(`${t.portalOrigin}/account/sessions`);
    expect(page.body).not.toContain(other?.id ?? 'x');
    const end = await mine.fetch(`${t.portalOrigin}/account/sessions/end`, {
      form: { _csrf: csrfFrom(page.body), session: other?.id ?? '' },
    });
    expect(end.status).toBe(403);
    const revoke = await mine.fetch(`${t.portalOrigin}/account/devices/revoke`, {
      form: { _csrf: csrfFrom(page.body), device: otherDevice },
    });
    expect(revoke.status).toBe(403);
    const [still] = await sessionsOf('officer2');
    expect(still?.ended_at).toBeNull();
    const device = await db()
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', otherDevice)
      .executeTakeFirst();
    expect(device?.revoked_at).toBeNull();
    expect(await audits('session.end_refused')).toHaveLength(1);
    expect(await audits('device.revoke_refused')).toHaveLength(1);
  });

  it('ends one of the officer’s own sessions, only with the session’s CSRF token', async () => {
    const [a, b] = [new ChromeBrowser(), new ChromeBrowser()];
    await signInTrusting(a, t.portalOrigin);
    await signInTrusting(b, t.portalOrigin);
    const [first] = await sessionsOf('officer1');
    const page = await b.fetch(`${t.portalOrigin}/account/sessions`);
    const forged = await b.fetch(`${t.portalOrigin}/account/sessions/end`, {
      form: { _csrf: 'forged', session: first?.id ?? '' },
    });
    expect(forged.status).toBe(403);
    expect((await sessionsOf('officer1'))[0]?.ended_at).toBeNull();
    const ended = await b.fetch(`${t.portalOrigin}/account/sessions/end`, {
      form: { _csrf: csrfFrom(page.body), session: first?.id ?? '' },
    });
    expect(ended.location).toBe(`${t.portalOrigin}/account/sessions?done=ended`);
    expect((await sessionsOf('officer1'))[0]?.end_reason).toBe('revoked');
    const ends = await audits('session.ended');
    expect(ends.some((e) => e.target === first?.id && e.actor === 'officer1')).toBe(true);
  });
});
