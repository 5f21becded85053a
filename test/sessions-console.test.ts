import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { consoleSignIn, enrolAuthenticator, nextCode } from './factories/staff.ts';
import { csrfFrom, type Browser } from './http-client.ts';
import { ChromeBrowser, limitSessions, signInTrusting } from './sessions-helpers.ts';
import { TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';

const REASON = 'Officer reported a lost laptop';

async function idOf(t: TestApp, userId: string): Promise<number> {
  const row = await t.deps.store.db
    .selectFrom('accounts')
    .select('id')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function openSessions(t: TestApp, userId: string) {
  return t.deps.store.db
    .selectFrom('sessions')
    .selectAll()
    .where('account_id', '=', await idOf(t, userId))
    .where('ended_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

/** Posts a console form with the staff member's CSRF token from the account page. */
async function post(
  t: TestApp,
  staff: Browser,
  accountId: number,
  path: string,
  form: Record<string, string>,
) {
  const page = await staff.fetch(`${t.portalOrigin}/console/accounts/${accountId}`);
  return staff.fetch(`${t.portalOrigin}/console/accounts/${accountId}/${path}`, {
    form: { _csrf: csrfFrom(page.body), ...form },
  });
}

describe('administrators end sessions and revoke devices', () => {
  let t: TestApp;
  let hq: Browser;
  let zonal: Browser;
  beforeAll(async () => {
    t = await createTestApp();
    hq = await consoleSignIn(t, 'hq.admin');
    zonal = await consoleSignIn(t, 'zonal.lucknow');
  });
  afterAll(async () => t.close());

  it('lists the officer’s live sessions and devices on the account page', async () => {
    const officer = new ChromeBrowser();
    await signInTrusting(officer, t.portalOrigin);
    const page = await hq.fetch(`${t.portalOrigin}/console/accounts/${await idOf(t, 'officer1')}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Live sessions and devices');
    expect(page.body).toContain('Chrome on Linux');
    expect(page.body).toContain('End all sessions');
  });

  it('ends one session with a reason: the officer’s browser is signed out at its next request', async () => {
    const officer = new ChromeBrowser();
    await signInTrusting(officer, t.portalOrigin);
    const accountId = await idOf(t, 'officer1');
    const sessions = await openSessions(t, 'officer1');
    const last = sessions[sessions.length - 1];
    const noReason = await post(t, hq, accountId, 'sessions/end', { session: last?.id ?? '', reason: '' });
    expect(noReason.status).toBe(400);
    expect((await openSessions(t, 'officer1')).map((s) => s.id)).toContain(last?.id);

    const ended = await post(t, hq, accountId, 'sessions/end', { session: last?.id ?? '', reason: REASON });
    expect(ended.status).toBe(303);
    expect((await openSessions(t, 'officer1')).map((s) => s.id)).not.toContain(last?.id);
    expect((await officer.fetch(`${t.portalOrigin}/session/status`)).status).toBe(401);
    const audit = await t.deps.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'session.revoked_by_staff')
      .execute();
    expect(audit.at(-1)?.actor).toBe('hq.admin');
    expect(String(audit.at(-1)?.detail)).toContain(REASON);
  });

  it('refuses, and audits, a session that is not the account’s', async () => {
    const other = new ChromeBrowser();
    await signInTrusting(other, t.portalOrigin, 'officer2', 'Officer@Dwaar2');
    const [theirs] = await openSessions(t, 'officer2');
    const refused = await post(t, hq, await idOf(t, 'officer1'), 'sessions/end', {
      session: theirs?.id ?? '',
      reason: REASON,
    });
    expect(refused.status).toBe(403);
    expect((await openSessions(t, 'officer2')).map((s) => s.id)).toContain(theirs?.id);
  });

  it('keeps a zonal head to their scope, and audits the refusal', async () => {
    // A staff account sits in no zone: only HQ's `all` scope reaches it.
    const approver = await consoleSignIn(t, 'hq.approver');
    const csrf = csrfFrom((await zonal.fetch(`${t.portalOrigin}/console/accounts`)).body);
    const outside = await zonal.fetch(
      `${t.portalOrigin}/console/accounts/${await idOf(t, 'hq.approver')}/sessions/end`,
      {
        form: { _csrf: csrf, all: 'yes', reason: REASON },
      },
    );
    expect(outside.status).toBe(403);
    expect((await approver.fetch(`${t.portalOrigin}/console`)).status).toBe(200);
    const denied = await t.deps.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'console.access_denied')
      .where('actor', '=', 'zonal.lucknow')
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('ends all of a person’s sessions, and revokes a device', async () => {
    const [a, b] = [new ChromeBrowser(), new ChromeBrowser()];
    await signInTrusting(a, t.portalOrigin);
    await signInTrusting(b, t.portalOrigin);
    const accountId = await idOf(t, 'officer1');
    const all = await post(t, hq, accountId, 'sessions/end', { all: 'yes', reason: REASON });
    expect(all.status).toBe(303);
    expect(await openSessions(t, 'officer1')).toHaveLength(0);

    await signInTrusting(a, t.portalOrigin);
    const [onDevice] = await openSessions(t, 'officer1');
    const device = { id: onDevice?.device_id ?? '' };
    expect(device.id).not.toBe('');
    const revoked = await post(t, hq, accountId, 'devices/revoke', { device: device.id, reason: REASON });
    expect(revoked.status).toBe(303);
    const row = await t.deps.store.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', device.id)
      .executeTakeFirst();
    expect(row?.revoked_by).toBe('hq.admin');
    expect(await openSessions(t, 'officer1')).toHaveLength(0);
  });

  it('holds a console sign-in at the limit until the staff member picks a session to end', async () => {
    await limitSessions(t, 1);
    try {
      const [first] = await openSessions(t, 'hq.admin');
      const b = new ChromeBrowser();
      const url = (path: string) => `${t.portalOrigin}${path}`;
      const login = await b.fetch(url('/console/login'));
      await b.fetch(url('/console/login'), {
        form: { _csrf: csrfFrom(login.body), userId: 'hq.admin', password: 'Admin@Dwaar1' },
      });
      const otp = await b.fetch(url('/console/login/otp'));
      const code = nextCode(t, 'hq.admin', await enrolAuthenticator(t, 'hq.admin'));
      const held = await b.fetch(url('/console/login/otp'), {
        form: { _csrf: csrfFrom(otp.body), method: 'totp', code },
      });
      expect(held.location).toBe(url('/console/login/limit'));
      const page = await b.fetch(url('/console/login/limit'));
      expect(page.body).toContain(first?.id);
      const done = await b.fetch(url('/console/login/limit'), {
        form: { _csrf: csrfFrom(page.body), action: 'replace', session: first?.id ?? '' },
      });
      expect(done.location).toBe(url('/console'));
      expect((await b.fetch(url('/console'))).status).toBe(200);
      expect((await hq.fetch(url('/console'))).status).toBe(303);
      hq = b;
    } finally {
      await limitSessions(t, 100);
    }
  });
});

describe.skipIf(!TEST_REDIS_URL || !TEST_PG_URL)('ending sessions across two nodes', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ dialect: 'postgres', redis: true });
    b = await createTestApp({
      dialect: 'postgres',
      redis: true,
      clock: a.clock,
      shared: { pgSchema: a.pgSchema ?? '', redisPrefix: a.redisPrefix },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('an administrator on one node ends a session held on the other within a second', async () => {
    const officer = new ChromeBrowser();
    await signInTrusting(officer, b.portalOrigin);
    expect((await officer.fetch(`${b.portalOrigin}/session/status`)).status).toBe(200);
    const hq = await consoleSignIn(a, 'hq.admin');
    const accountId = await idOf(a, 'officer1');
    const started = Date.now();
    const ended = await post(a, hq, accountId, 'sessions/end', { all: 'yes', reason: REASON });
    expect(ended.status).toBe(303);
    await vi.waitFor(
      async () => expect((await officer.fetch(`${b.portalOrigin}/session/status`)).status).toBe(401),
      {
        timeout: 1000,
        interval: 20,
      },
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a device revoked on one node signs its sessions out on the other', async () => {
    const officer = new ChromeBrowser();
    await signInTrusting(officer, b.portalOrigin);
    const other = new ChromeBrowser();
    await signInTrusting(other, a.portalOrigin, 'officer1', 'Officer@Dwaar1', 'no');
    const [onDevice] = await openSessions(a, 'officer1');
    const device = { id: onDevice?.device_id ?? '' };
    expect(device.id).not.toBe('');
    const page = await other.fetch(`${a.portalOrigin}/account/sessions`);
    const revoked = await other.fetch(`${a.portalOrigin}/account/devices/revoke`, {
      form: { _csrf: csrfFrom(page.body), device: device.id },
    });
    expect(revoked.status).toBe(303);
    await vi.waitFor(
      async () => expect((await officer.fetch(`${b.portalOrigin}/session/status`)).status).toBe(401),
      {
        timeout: 1000,
        interval: 20,
      },
    );
  });
});
